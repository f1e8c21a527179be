import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { toYaml } from "../../src/render/artifacts";
import { runTool, type ToolRun } from "../support/tools";

/** One input series of a promtool unit test. */
export interface Series {
  readonly series: string;
  readonly values: string;
}

export interface ExpectedAlert {
  readonly exp_labels: Record<string, string>;
  readonly exp_annotations?: Record<string, string>;
}

export interface AlertCheck {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly ExpectedAlert[];
}

export interface PromtoolCase {
  readonly name: string;
  readonly interval?: string;
  readonly input_series: readonly Series[];
  readonly alert_rule_test?: readonly AlertCheck[];
  readonly promql_expr_test?: ReadonlyArray<{
    expr: string;
    eval_time: string;
    exp_samples: ReadonlyArray<{ labels: string; value: number }>;
  }>;
}

/** Runs `promtool test rules` on the given cases against rule files inside `dir` (paths relative to it). */
export function promtoolTest(
  promtool: string,
  dir: string,
  ruleFiles: readonly string[],
  cases: readonly PromtoolCase[],
  evaluationInterval = "1m",
): ToolRun {
  const file = join(dir, `test-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    toYaml({
      rule_files: ruleFiles,
      evaluation_interval: evaluationInterval,
      group_eval_order: recordingGroupsFirst(dir, ruleFiles),
      tests: cases.map(({ name, interval, ...rest }) => ({ name, interval: interval ?? "1m", ...rest })),
    }),
  );
  return runTool(promtool, ["test", "rules", file], dir);
}

/**
 * Every group of the rule files, recording-only groups first. Without an order promtool evaluates the groups of one
 * timestamp in Go map order, so an alert may read a recording rule before that timestamp's sample exists; with an
 * evaluation interval longer than the 5-minute lookback it then sees no data and resets its `for:` (a flaky test).
 * Prometheus itself evaluates every minute, where the previous sample is always in reach.
 */
function recordingGroupsFirst(dir: string, ruleFiles: readonly string[]): string[] {
  const groups = ruleFiles.flatMap(
    (file) => (parse(readFileSync(join(dir, file), "utf8"))?.groups ?? []) as Array<{ name: string; rules: Array<{ record?: string }> }>,
  );
  const recording = groups.filter((g) => g.rules.length > 0 && g.rules.every((r) => r.record !== undefined));
  return [...new Set([...recording, ...groups].map((g) => g.name))];
}

/** A counter that grows by `perSecond` per second, sampled every minute for `minutes` minutes. */
export function counter(perSecond: number, minutes: number, start = 0): string {
  return `${start}+${round(perSecond * 60)}x${minutes}`;
}

/** A gauge that stays at `value` for `minutes` one-minute samples. */
export function gauge(value: number, minutes: number): string {
  return `${round(value)}+0x${minutes}`;
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Expands the small subset of Go templating the catalog's annotations use ({{ $labels.x }}, {{ $value }},
 * {{ printf "%.Nf" $value }}) for an expected alert, so tests check the text people receive.
 */
export function expandAnnotation(template: string, labels: Record<string, string>, value: number): string {
  return template
    .replaceAll(/\{\{ printf "%\.(\d)f" \$value \}\}/g, (_, digits) => goFixed(value, Number(digits)))
    .replaceAll(/\{\{ \$value \}\}/g, String(value))
    .replaceAll(/\{\{ \$labels\.(\w+) \}\}/g, (_, name) => labels[name] ?? "");
}

/** Go's %.Nf: like toFixed, but exact ties round to even (94.5 -> "94"), as strconv does. */
function goFixed(value: number, digits: number): string {
  const scaled = value * 10 ** digits;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    const floor = Math.floor(scaled);
    return ((floor % 2 === 0 ? floor : floor + 1) / 10 ** digits).toFixed(digits);
  }
  return value.toFixed(digits);
}
