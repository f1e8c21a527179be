import { describe, expect, it } from "vitest";
import { deliveryBound, detectionBound, PROCESSING_SECONDS, resolutionBound, ruleTiming } from "../../src/cli/alert-bounds";
import type { RuleFile } from "../../src/render/prometheus/rule-files";

const RULES: RuleFile[] = [
  {
    groups: [
      {
        name: "hosts",
        rules: [
          { record: "instance:cpu:percent", expr: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[3s])))' },
          { alert: "HostHighCpuLoad", expr: "instance:cpu:percent > 80", for: "3s", labels: { severity: "warning" } },
          { alert: "HostHighCpuLoad", expr: "instance:cpu:percent > 90", for: "6s", labels: { severity: "critical" } },
        ],
      },
      {
        name: "slow",
        interval: "5s",
        rules: [{ record: "job:errors:ratio", expr: "max_over_time(instance:cpu:percent[20s:2s]) / 100" }],
      },
      {
        name: "slo",
        rules: [
          {
            alert: "Burn",
            expr: "job:errors:ratio > 0.1 and job:errors:ratio offset 1m > 0.1",
            for: "0s",
            labels: { severity: "critical" },
          },
        ],
      },
    ],
  },
];

describe("bounds derived from the rules, the intervals and the routing", () => {
  it("reads for, the longest window through the recording rules, and the slowest group's interval", () => {
    expect(ruleTiming(RULES, "HostHighCpuLoad", { severity: "critical" }, 1)).toEqual({
      forSeconds: 6,
      keepFiringForSeconds: 0,
      windowSeconds: 3,
      evaluationSeconds: 1,
    });
    // Through a 5 s group whose subquery spans 20 s (its 2 s resolution is no window), to a 3 s range.
    expect(ruleTiming(RULES, "Burn", { severity: "critical" }, 1)).toEqual({
      forSeconds: 0,
      keepFiringForSeconds: 0,
      windowSeconds: 20,
      evaluationSeconds: 5,
    });
    expect(() => ruleTiming(RULES, "HostHighCpuLoad", { severity: "info" }, 1)).toThrow(
      'no alert HostHighCpuLoad with {"severity":"info"} in the rule files',
    );
  });

  it("reads for, intervals and ranges in Prometheus' grammar (milliseconds too) and names what it cannot read", () => {
    const files = (forText: string, interval: string, range: string): RuleFile[] => [
      {
        groups: [
          {
            name: "fast",
            interval,
            rules: [{ alert: "Fast", expr: `rate(x[${range}]) > 0`, for: forText, labels: { severity: "critical" } }],
          },
        ],
      },
    ];
    expect(ruleTiming(files("1500ms", "500ms", "2s500ms"), "Fast", {}, 1)).toEqual({
      forSeconds: 1.5,
      keepFiringForSeconds: 0,
      windowSeconds: 2.5,
      evaluationSeconds: 0.5,
    });
    expect(() => ruleTiming(files("soon", "1s", "5s"), "Fast", {}, 1)).toThrow('for of alert Fast: "soon" is not a Prometheus duration');
    expect(() => ruleTiming(files("1s", "1.5s", "5s"), "Fast", {}, 1)).toThrow(
      'interval of rule group fast: "1.5s" is not a Prometheus duration',
    );
  });

  it("detection: scrape, window, three evaluations, for, group_wait, processing; resolution: group_interval instead of for", () => {
    const timing = {
      forSeconds: 6,
      windowSeconds: 3,
      scrapeSeconds: 1,
      evaluationSeconds: 1,
      groupWaitSeconds: 1,
      groupIntervalSeconds: 2,
    };
    expect(detectionBound(timing)).toEqual({
      seconds: 1 + 3 + 3 + 6 + 1 + PROCESSING_SECONDS,
      derivation: `scrape 1 s + window 3 s + 3 evaluations 3 s + for 6 s + group_wait 1 s + processing ${PROCESSING_SECONDS} s`,
    });
    expect(resolutionBound({ ...timing, keepFiringForSeconds: 4 }).seconds).toBe(1 + 3 + 2 + 4 + 2 + PROCESSING_SECONDS);
  });
});

describe("the drill's delivery bound, from the routes its alerts take", () => {
  it("is group_wait plus Alertmanager's notification timeout (group_interval, at least 10 s) of the slowest route", () => {
    expect(deliveryBound([{ groupWaitSeconds: 1, groupIntervalSeconds: 1 }])).toEqual({
      seconds: 1 + 10 + PROCESSING_SECONDS,
      derivation: `group_wait 1 s + notification timeout 10 s + processing ${PROCESSING_SECONDS} s`,
    });
    // Production's defaults: 30 s group_wait, 5 minutes group_interval; the info digest waits 5 minutes first.
    expect(
      deliveryBound([
        { groupWaitSeconds: 30, groupIntervalSeconds: 300 },
        { groupWaitSeconds: 300, groupIntervalSeconds: 3600 },
      ]).seconds,
    ).toBe(300 + 3600 + PROCESSING_SECONDS);
    expect(deliveryBound([]).seconds).toBe(10 + PROCESSING_SECONDS);
  });
});
