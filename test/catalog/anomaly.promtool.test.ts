import { describe, expect, it } from "vitest";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { realTool, writeTree } from "../support/tools";
import { TEST_ENVIRONMENT } from "./environment";
import { SERVICE } from "./fixtures";
import { promtoolTest } from "./promtool";

const promtool = realTool("promtool");
const artifacts = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT));
const dir = writeTree(artifacts.files, "promtool-anomaly-");
const files = ["prometheus/rules/service-checkout.yaml", "prometheus/rules/anomaly-checkout.yaml"];

const MINUTES_PER_DAY = 1440;
/** Usual traffic: a daily cycle between 50 and 150 requests/s, lowest at 18:00 (three quarters into the day). */
const usual = (minute: number) => 100 + 50 * Math.sin((2 * Math.PI * minute) / MINUTES_PER_DAY);

/** A counter sampled every minute whose rate follows `rate(minute)`, as promtool's explicit value list. */
function counterValues(minutes: number, rate: (minute: number) => number): string {
  let total = 0;
  const values: number[] = [0];
  for (let m = 1; m <= minutes; m++) {
    total += rate(m) * 60;
    values.push(Math.round(total));
  }
  return values.join(" ");
}

const trough = 7 * MINUTES_PER_DAY + 0.75 * MINUTES_PER_DAY; // day 8, 18:00: the quietest time of the week
const evalMinute = trough + 40;

/** Asserts through the ALERTS series (labels only): the description quotes a z-score that depends on every sample. */
function anomalyCase(name: string, rate: (minute: number) => number, expected: boolean) {
  const rule = artifacts.alerts.find((a) => a.alert === "ServiceTrafficAnomaly");
  if (!rule) throw new Error("no ServiceTrafficAnomaly in the catalog");
  const labels = { alertname: "ServiceTrafficAnomaly", alertstate: "firing", ...SERVICE, severity: "warning", ...rule.labels };
  return {
    name,
    input_series: [
      {
        series: `http_requests_total{namespace="${SERVICE.namespace}", job="${SERVICE.job}", code="200"}`,
        values: counterValues(evalMinute + 5, rate),
      },
    ],
    promql_expr_test: [
      {
        expr: 'ALERTS{alertname="ServiceTrafficAnomaly", alertstate="firing"}',
        eval_time: `${evalMinute}m`,
        exp_samples: expected
          ? [
              {
                labels: `ALERTS{${Object.entries(labels)
                  .map(([k, v]) => `${k}="${v}"`)
                  .join(", ")}}`,
                value: 1,
              },
            ]
          : [],
      },
    ],
  };
}

describe.skipIf(promtool.skip)("anomaly detection against the service's own weekly baseline, in promtool", () => {
  it("flags a surge at the quiet time of day even though the week has seen that level, and not the usual cycle", () => {
    // 180 requests/s at the daily low point (50/s): busier than the usual daily peak, at a time it never is.
    const surge = (m: number) => (m > trough ? 180 : usual(m));
    const cases = [anomalyCase("usual week", usual, false), anomalyCase("surge at the trough", surge, true)];
    const result = promtoolTest(promtool.path as string, dir, files, cases, "5m");
    expect(result.output).toContain("SUCCESS");
    expect(result.status, result.output).toBe(0);
  }, 120_000);
});

describe.skipIf(promtool.skip)("latency anomaly against the weekly baseline, in promtool", () => {
  /**
   * 100 requests/s; a daily cycle moves 2–4 % of them into the (0.1 s, 0.5 s] bucket, so p99 swings between 0.3 and
   * 0.4 s. At the trough, 5 % of requests take up to 2.5 s: p99 jumps far outside the week's spread.
   */
  const slowShare = (minute: number) => 0.03 + 0.01 * Math.sin((2 * Math.PI * minute) / MINUTES_PER_DAY);
  const buckets = (surge: boolean) => {
    const verySlow = (m: number) => (surge && m > trough ? 5 : 0);
    const slow = (m: number) => 100 * slowShare(m);
    return [
      ["0.1", (m: number) => 100 - slow(m) - verySlow(m)],
      ["0.5", (m: number) => 100 - verySlow(m)],
      ["2.5", () => 100],
      ["+Inf", () => 100],
    ] as const;
  };
  const latencyCase = (name: string, surge: boolean) => {
    const rule = artifacts.alerts.find((a) => a.alert === "ServiceLatencyAnomaly");
    if (!rule) throw new Error("no ServiceLatencyAnomaly in the catalog");
    const labels = { alertname: "ServiceLatencyAnomaly", alertstate: "firing", ...SERVICE, severity: "warning", ...rule.labels };
    return {
      name,
      input_series: buckets(surge).map(([le, rate]) => ({
        series: `http_request_duration_seconds_bucket{namespace="${SERVICE.namespace}", job="${SERVICE.job}", le="${le}"}`,
        values: counterValues(evalMinute + 5, rate),
      })),
      promql_expr_test: [
        {
          expr: 'ALERTS{alertname="ServiceLatencyAnomaly", alertstate="firing"}',
          eval_time: `${evalMinute}m`,
          exp_samples: surge
            ? [
                {
                  labels: `ALERTS{${Object.entries(labels)
                    .map(([k, v]) => `${k}="${v}"`)
                    .join(", ")}}`,
                  value: 1,
                },
              ]
            : [],
        },
      ],
    };
  };

  it("flags slow requests at the quiet time of day, and not the usual daily swing", () => {
    const result = promtoolTest(
      promtool.path as string,
      dir,
      files,
      [latencyCase("usual week", false), latencyCase("slow at the trough", true)],
      "5m",
    );
    expect(result.output).toContain("SUCCESS");
    expect(result.status, result.output).toBe(0);
  }, 120_000);
});
