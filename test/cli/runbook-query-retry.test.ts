import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AlertDefinition } from "../../src/catalog/prometheus/types";
import { verifyRunbooks } from "../../src/cli/gameday-run";
import type { LocalStack } from "../../src/cli/gameday-stack";

/** A baseline group evaluated every 1 s records the series the alert and its runbook query read. */
const rules = {
  "baseline.yaml": {
    groups: [
      { name: "baseline", interval: "1s", rules: [{ record: "job:history_periods", expr: "vector(1)" }] },
      {
        name: "alerts",
        rules: [{ alert: "WarmingUp", expr: "last_over_time(job:history_periods[3s]) < 3", labels: { severity: "info" } }],
      },
    ],
  },
};

const definition = {
  alert: "WarmingUp",
  severity: "info",
  expr: "last_over_time(job:history_periods[3s]) < 3",
  runbook: {
    meaning: "",
    impact: "",
    diagnosis: ["How much history there is: `last_over_time(job:history_periods[3s])`."],
    mitigation: [],
  },
} as unknown as AlertDefinition;

/** A local stack whose Prometheus answers the runbook query from the given list, one answer per call. */
function stackAnswering(answers: number[]): { stack: LocalStack; asked: () => number } {
  let asked = 0;
  const stack = {
    artifacts: { prometheusRules: rules },
    async query(promql: string) {
      // The presence check of the queried metric names: the series exists in the TSDB.
      if (promql.startsWith("group by (__name__)")) return [{ metric: { __name__: "job:history_periods" }, value: [0, "1"] }];
      const series = answers[Math.min(asked++, answers.length - 1)];
      return Array.from({ length: series }, () => ({ metric: {}, value: [0, "1"] as [number, string] }));
    },
  } as unknown as LocalStack;
  return { stack, asked: () => asked };
}

describe("game-day runbook checks on a loaded machine", () => {
  // The wait before the retry is one evaluation of the alert's groups (1 s) and processing (2 s): on fake timers.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ask once more after one evaluation of the alert's groups when a present series is not in the query's range yet", async () => {
    const late = stackAnswering([0, 1]);
    const checking = verifyRunbooks(late.stack, [{ definition, labels: { alertname: "WarmingUp", severity: "info" } }]);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(late.asked(), "asked again before an evaluation and processing passed").toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const [check] = await checking;
    expect(check).toMatchObject({ ok: true, result: "ok (1 series)" });
    expect(late.asked()).toBe(2);
  });

  it("report a query that stays empty after the one retry as a defect", async () => {
    const never = stackAnswering([0]);
    const checking = verifyRunbooks(never.stack, [{ definition, labels: { alertname: "WarmingUp", severity: "info" } }]);
    await vi.advanceTimersByTimeAsync(3_000);
    const [check] = await checking;
    expect(check).toMatchObject({ ok: false, result: "EMPTY with the alert's labels" });
    expect(never.asked()).toBe(2);
  });
});
