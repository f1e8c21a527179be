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
