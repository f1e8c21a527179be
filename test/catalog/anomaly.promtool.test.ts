import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { anomalyGroupNames } from "../../src/catalog/prometheus/anomalies";
import { renderArtifacts, toYaml } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { realTool, runToolAsync, writeTree } from "../support/tools";
import { DAY, type GeneratedTraffic, generateTraffic, promtoolValues, type TrafficShape } from "../support/traffic";
import { TEST_ENVIRONMENT } from "./environment";
import { SERVICE } from "./fixtures";
import type { PromtoolCase } from "./promtool";

const promtool = realTool("promtool");
const spec = resolveEnvironment(TEST_ENVIRONMENT);
const artifacts = renderArtifacts(spec);
const dir = writeTree(artifacts.files, "promtool-anomaly-");
const groups = anomalyGroupNames(spec.services[0]);
const files = [`prometheus/rules/${groups.baseline}.yaml`, `prometheus/rules/${groups.alerts}.yaml`];

const STEP = "5m";
const sel = `namespace="${SERVICE.namespace}", job="${SERVICE.job}"`;
const DETECTORS = "ServiceTrafficSurge|ServiceTrafficDrop|ServiceLatencyAnomaly";
const at = (minute: number) => `${minute}m`;
const hour = (h: number) => h * 60;

/** The detector's inputs are the service's recording rules (tested with the service group): fed directly here. */
function inputs(traffic: GeneratedTraffic) {
  return [
    { series: `job:http_requests:rate5m{${sel}}`, values: promtoolValues(traffic.rate) },
    { series: `job:http_request_duration_seconds:p99_5m{${sel}}`, values: promtoolValues(traffic.p99) },
  ];
}

/** Asserts through the ALERTS series (labels, not annotations: the descriptions quote generated values). */
function firing(alert: string, minute: number, state: "firing" | "pending" = "firing") {
  const rule = artifacts.alerts.find((a) => a.alert === alert);
  if (!rule) throw new Error(`no ${alert} in the catalog`);
  const labels = { alertname: alert, alertstate: state, ...SERVICE, severity: rule.severity, ...rule.labels };
  const text = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ");
  return {
    expr: `ALERTS{alertname="${alert}", alertstate="${state}"}`,
    eval_time: at(minute),
    exp_samples: [{ labels: `ALERTS{${text}}`, value: 1 }],
  };
}

/**
 * No firing step of the detectors in the `minutes` before `minute` (every evaluation counted); with `pending`, not
 * even one evaluation where a detector's condition held (stricter, for runs evaluated at coarse intervals).
 */
function quiet(minute: number, minutes: number, alerts = DETECTORS, pending = false) {
  return {
    expr: `count_over_time(ALERTS{alertname=~"${alerts}", alertstate=~"firing${pending ? "|pending" : ""}"}[${minutes}m])`,
    eval_time: at(minute),
    exp_samples: [],
  };
}

function scenario(name: string, shape: TrafficShape, checks: (t: GeneratedTraffic) => PromtoolCase["promql_expr_test"]): PromtoolCase {
  const traffic = generateTraffic(shape);
  return { name, interval: STEP, input_series: inputs(traffic), promql_expr_test: checks(traffic) };
}

async function run(cases: readonly PromtoolCase[], evaluation: string) {
  const file = join(dir, `anomaly-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    toYaml({
      rule_files: files,
      evaluation_interval: evaluation,
      // promtool evaluates groups in map order unless told: the baseline first, as it is by the time alerts read it.
      group_eval_order: [groups.baseline, groups.alerts],
      tests: cases,
    }),
  );
  // Days of 5-minute samples take promtool tens of seconds on a loaded machine: allow for it, and say so when killed.
  const result = await runToolAsync(promtool.path as string, ["test", "rules", file], dir, 240_000);
  if (result.status === null) throw new Error("promtool did not finish within 240 s");
  expect(result.output).toContain("SUCCESS");
  expect(result.status, result.output).toBe(0);
}

/** Other seeds replay the same days with other noise and jitter: `ANOMALY_SEEDS=2,3,4 npx vitest run <this file>`. */
const SEEDS = (process.env.ANOMALY_SEEDS ?? "1").split(",").map(Number);

const traffic = (day: number, from: number, to: number, factor: number) =>
  ({ signal: "traffic", from: day * DAY + from, to: day * DAY + to, factor }) as const;

/**
 * Nine days with incidents placed so that each check sees the regime it is about: the first day (no past period),
 * day 2 (one period: yesterday), day 8 (three periods, the median) and day 9, one week after day 2's incidents.
 */
function mainScenario(seed: number): PromtoolCase {
  // Half an hour before the middle of day 8's plateau (the peak starts at a jittered time), on the evaluation grid.
  const peakDrop = onGrid(generateTraffic({ days: 9, seed }).peakMiddles[7] - 30);
  return scenario(
    `nine days, seed ${seed}`,
    {
      days: 9,
      seed,
      growthPerDay: 0.02,
      events: [
        traffic(0, hour(5), hour(6), 5),
        traffic(1, hour(3), hour(5), 3),
        traffic(1, hour(10), hour(12), 0.1),
        traffic(7, hour(1), hour(2), 3),
        traffic(7, hour(6), hour(7), 0.2),
        { signal: "latency", from: 7 * DAY + hour(13), to: 7 * DAY + hour(14), factor: 2 },
        { signal: "traffic", from: peakDrop, to: peakDrop + 60, factor: 0.3 },
      ],
    },
    () => [
      // Day 1: only a large surge is told apart from the first daily peak, against the recent past.
      firing("ServiceTrafficSurge", hour(5) + 15),
      quiet(DAY, hour(17)),
      // Day 2: surge and outage against yesterday.
      firing("ServiceTrafficSurge", DAY + hour(3) + 15),
      firing("ServiceTrafficDrop", DAY + hour(10) + 15),
      // Days 2 to 7, with yesterday's incidents in the only past periods: quiet, and warming up.
      quiet(7 * DAY + 30, 5 * DAY + hour(11) + 30),
      firing("ServiceAnomalyDetectionWarmingUp", 3 * DAY),
      // Day 8: off-peak surge, off-peak drop, latency shift, drop in the middle of the peak.
      firing("ServiceTrafficSurge", 7 * DAY + hour(1) + 15),
      firing("ServiceTrafficDrop", 7 * DAY + hour(6) + 15),
      firing("ServiceLatencyAnomaly", 7 * DAY + hour(13) + 20),
      // A drop to 30 % during the peak pages within 15 minutes (against the lowest rate of the 45 minutes ahead).
      quiet(peakDrop, hour(3), "ServiceTrafficSurge|ServiceTrafficDrop"),
      firing("ServiceTrafficDrop", peakDrop + 15),
      // Day 9: one week after day 2's incidents, one day after day 8's: quiet, and warmed up.
      quiet(9 * DAY, DAY),
      { expr: 'ALERTS{alertname="ServiceAnomalyDetectionWarmingUp"}', eval_time: at(9 * DAY), exp_samples: [] },
    ],
  );
}

/** The evaluation grid of the nine-day run: fine enough to show a detection within 15 minutes. */
const EVALUATION = 15;
const onGrid = (minute: number) => Math.ceil(minute / EVALUATION) * EVALUATION;

/**
 * Three weeks of 3 % daily growth (all five periods exist from day 22) with a drop to 30 % in the middle of the peak
 * on days 8 and 9: the next day, and one and two weeks later, are quiet. Evaluated hourly to keep promtool's time
 * down, and therefore checked strictly: not one evaluation with a detector's condition true (pending), not only no
 * firing.
 */
function longScenario(): PromtoolCase {
  const days = 22;
  const shape = { days, growthPerDay: 0.03, seed: 3 };
  const middles = generateTraffic(shape).peakMiddles;
  // On the hourly grid, near the middle of the plateau (where a drop is no early end of the peak).
  const drops = [7, 8].map((day) => Math.round((middles[day] - 20) / 60) * 60);
  return scenario(
    "three weeks of growth, peak drops on days 8 and 9",
    { ...shape, events: drops.map((from) => ({ signal: "traffic" as const, from, to: from + 60, factor: 0.3 })) },
    () => [
      // Each drop is seen at its first evaluation (hourly: the next one is after it), nothing before the first.
      ...drops.map((from) => firing("ServiceTrafficDrop", from, "pending")),
      quiet(drops[0] - 60, drops[0] - 60, DETECTORS, true),
      // From the end of the second drop to day 22 (a day, a week and two weeks after the drops): not one pending step.
      quiet(days * DAY, days * DAY - drops[1] - 60, DETECTORS, true),
    ],
  );
}

// The two promtool runs are independent: they overlap (one process each), so the file takes as long as the longer.
describe.skipIf(promtool.skip).concurrent("anomaly detection over full days of generated traffic, in promtool", () => {
  it("catches surges, drops (one at the peak within 15 minutes) and a latency shift from day one, only with enough requests, and stays quiet at every peak edge and after incidents", async () => {
    const slow = { signal: "latency" as const, from: hour(5), to: hour(6), factor: 6 };
    // One promtool run: the nine-day scenario and the two short latency cases share the evaluation interval.
    await run(
      [
        ...SEEDS.map(mainScenario),
        scenario("latency x6, 20 requests/s", { days: 0.3, events: [slow] }, () => [firing("ServiceLatencyAnomaly", hour(5) + 15)]),
        scenario("latency x6, 0.2 requests/s", { days: 0.3, base: 0.2, events: [slow] }, () => [quiet(hour(7), hour(7), DETECTORS, true)]),
      ],
      `${EVALUATION}m`,
    );
  }, 300_000);

  it("stays quiet through three weeks of 3 % daily growth, and a week and two after a drop at the peak", async () => {
    await run([longScenario()], "1h");
  }, 300_000);
});
