import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { configSeconds } from "../render/prometheus/config-duration";
import type { RuleFile } from "../render/prometheus/rule-files";

/**
 * Seconds a notification may take beyond the derived bound for work no interval accounts for: process scheduling,
 * HTTP between Prometheus, Alertmanager and the receiver.
 */
export const PROCESSING_SECONDS = 2;

/** What bounds the time from a fault to an alert's notification, and from the fix to its resolution, in seconds. */
export interface AlertTiming {
  /** The alert rule's `for`. */
  readonly forSeconds: number;
  /** The longest range window the alert reads, through the recording rules it uses too. */
  readonly windowSeconds: number;
  /** The alert rule's `keep_firing_for` (it delays the resolution). @default 0 */
  readonly keepFiringForSeconds?: number;
  readonly scrapeSeconds: number;
  /** The longest evaluation interval of the rule groups involved. */
  readonly evaluationSeconds: number;
  readonly groupWaitSeconds: number;
  readonly groupIntervalSeconds: number;
}

/** A bound and how it was derived, so that a message can say why a wait was that long. */
export interface Bound {
  readonly seconds: number;
  readonly derivation: string;
}

/**
 * Fault to first notification, at the latest: the next scrape sees the fault, the window fills with it, a recording
 * rule and the alert rule evaluate (pending), `for` passes and the next evaluation fires, group_wait, processing.
 */
export function detectionBound(t: AlertTiming): Bound {
  const parts: Array<[string, number]> = [
    ["scrape", t.scrapeSeconds],
    ["window", t.windowSeconds],
    ["3 evaluations", 3 * t.evaluationSeconds],
    ["for", t.forSeconds],
    ["group_wait", t.groupWaitSeconds],
    ["processing", PROCESSING_SECONDS],
  ];
  return sum(parts);
}

/**
 * Fix to resolved notification, at the latest: the next scrape sees the fix, the window drains, the rules evaluate,
 * `keep_firing_for` passes, and Alertmanager sends the resolution at the group's next group_interval flush.
 */
export function resolutionBound(t: AlertTiming): Bound {
  const parts: Array<[string, number]> = [
    ["scrape", t.scrapeSeconds],
    ["window", t.windowSeconds],
    ["2 evaluations", 2 * t.evaluationSeconds],
    ["keep_firing_for", t.keepFiringForSeconds ?? 0],
    ["group_interval", t.groupIntervalSeconds],
    ["processing", PROCESSING_SECONDS],
  ];
  return sum(parts);
}

function sum(parts: ReadonlyArray<[string, number]>): Bound {
  const used = parts.filter(([, s]) => s > 0);
  return { seconds: used.reduce((total, [, s]) => total + s, 0), derivation: used.map(([name, s]) => `${name} ${s} s`).join(" + ") };
}

/**
 * The rule-side timing of an alert, read from rule files as Prometheus loads them: its `for` and `keep_firing_for`,
 * the longest range or subquery window in its expression and in the recording rules it reads (transitively), and the
 * longest interval of the groups involved (`defaultEvaluationSeconds` where a group sets none).
 */
export function ruleTiming(
  files: readonly RuleFile[],
  alert: string,
  labels: Readonly<Record<string, string>>,
  defaultEvaluationSeconds: number,
): Pick<AlertTiming, "forSeconds" | "windowSeconds" | "keepFiringForSeconds" | "evaluationSeconds"> {
  const rules = files.flatMap((f) =>
    f.groups.flatMap((g) =>
      g.rules.map((rule) => ({
        rule,
        interval: g.interval === undefined ? defaultEvaluationSeconds : configSeconds(g.interval, `interval of rule group ${g.name}`),
      })),
    ),
  );
  const found = rules.find(
    ({ rule }) => rule.alert === alert && Object.entries(labels).every(([name, value]) => rule.labels?.[name] === value),
  );
  if (!found) throw new Error(`no alert ${alert} with ${JSON.stringify(labels)} in the rule files`);
  let window = 0;
  let evaluation = found.interval;
  const seen = new Set<string>();
  const visit = (expr: string) => {
    const { windows, names } = readExpr(expr, alert);
    window = Math.max(window, ...windows);
    for (const name of names.filter((n) => !seen.has(n))) {
      seen.add(name);
      for (const recording of rules.filter(({ rule }) => rule.record === name)) {
        evaluation = Math.max(evaluation, recording.interval);
        visit(recording.rule.expr);
      }
    }
  };
  visit(found.rule.expr);
  const rule = found.rule as { for?: string; keep_firing_for?: string };
  return {
    forSeconds: rule.for === undefined ? 0 : configSeconds(rule.for, `for of alert ${alert}`),
    keepFiringForSeconds: rule.keep_firing_for === undefined ? 0 : configSeconds(rule.keep_firing_for, `keep_firing_for of alert ${alert}`),
    windowSeconds: window,
    evaluationSeconds: evaluation,
  };
}

/** Range and subquery windows (seconds) and the metric names an expression selects (read for `alert`'s timing). */
function readExpr(expr: string, alert: string): { windows: number[]; names: string[] } {
  const windows: number[] = [];
  const names: string[] = [];
  promqlParser.parse(expr).iterate({
    enter: (node) => {
      const parent = node.node.parent?.name;
      if (node.name === "DurationExpr" && (parent === "MatrixSelector" || parent === "SubqueryExpr")) {
        // The first duration of a subquery is its range; the second (after the colon) its resolution.
        const first = node.node.parent?.getChild("DurationExpr");
        if (first && first.from === node.from)
          windows.push(configSeconds(expr.slice(node.from, node.to), `a range in the rules of alert ${alert}`));
      }
      if (node.name === "Identifier" && parent === "VectorSelector") names.push(expr.slice(node.from, node.to));
    },
  });
  return { windows, names };
}

/** Alertmanager's floor for the time one flush of a group may take to notify (notify.MinTimeout, v0.28). */
export const ALERTMANAGER_MIN_NOTIFY_TIMEOUT_SECONDS = 10;

/**
 * Alert posted to Alertmanager to its notifications counted (delivered or failed), at the latest, over the routes it
 * takes: group_wait, then the flush, which Alertmanager gives up after the route's group_interval (at least 10 s;
 * retries included), and processing. A single Alertmanager's: a cluster peer waits its turn on top.
 */
export function deliveryBound(routes: ReadonlyArray<{ groupWaitSeconds: number; groupIntervalSeconds: number }>): Bound {
  const slowest = [...routes].sort((a, b) => deliverySeconds(b) - deliverySeconds(a))[0] ?? {
    groupWaitSeconds: 0,
    groupIntervalSeconds: 0,
  };
  const timeout = Math.max(slowest.groupIntervalSeconds, ALERTMANAGER_MIN_NOTIFY_TIMEOUT_SECONDS);
  return sum([
    ["group_wait", slowest.groupWaitSeconds],
    ["notification timeout", timeout],
    ["processing", PROCESSING_SECONDS],
  ]);
}

function deliverySeconds(route: { groupWaitSeconds: number; groupIntervalSeconds: number }): number {
  return route.groupWaitSeconds + Math.max(route.groupIntervalSeconds, ALERTMANAGER_MIN_NOTIFY_TIMEOUT_SECONDS);
}
