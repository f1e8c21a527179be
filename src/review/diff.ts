import { isoMinutes } from "../catalog/azure-monitor/windows";
import { UNIT_LABEL } from "../plan/cloud-alarm";
import { type CostAssumptions, DEFAULT_ASSUMPTIONS, estimateCloudWatchCost } from "./cost";
import type { PlannedAlarmSummary, PlannedAlertSummary, PlanSummaryRead } from "./plan-summary";
import type { MonitoringModel } from "./stack-model";

interface Change<T> {
  readonly key: string;
  readonly base: T;
  readonly head: T;
}

interface Section<T> {
  readonly added: ReadonlyArray<[string, T]>;
  readonly removed: ReadonlyArray<[string, T]>;
  readonly changed: ReadonlyArray<Change<T>>;
}

/** One side of a stack's comparison: its deployed facts (Terraform JSON) and its plan summary (or why there is none). */
export interface StackSide {
  readonly model: MonitoringModel;
  readonly plan: PlanSummaryRead;
}

/** What changes for the people on call between two versions of one stack. */
interface StackDiff {
  readonly stack: string;
  readonly alerts: Section<PlannedAlertSummary>;
  readonly alarms: Section<PlannedAlarmSummary>;
  /** Why alerts, alarms and the alarm cost were not compared (a side without a plan summary). @default - compared */
  readonly notCompared?: string;
  readonly channels: Section<string>;
  readonly routing: Section<string>;
  readonly retention: Section<string>;
  readonly dashboards: Section<string>;
  readonly charts: Section<string>;
  readonly resourceCounts: Section<number>;
  /** CloudWatch per month on each side; undefined when the alarms were not compared. */
  readonly monthlyCost?: { readonly base: number; readonly head: number };
}

function section<T>(base: ReadonlyMap<string, T>, head: ReadonlyMap<string, T>, same: (a: T, b: T) => boolean): Section<T> {
  const added = [...head.entries()].filter(([k]) => !base.has(k));
  const removed = [...base.entries()].filter(([k]) => !head.has(k));
  const changed = [...head.entries()].flatMap(([key, value]) => {
    const before = base.get(key);
    return before !== undefined && !same(before, value) ? [{ key, base: before, head: value }] : [];
  });
  return { added, removed, changed };
}

const setToMap = (set: ReadonlySet<string>) => new Map([...set].map((s) => [s, s]));
const json = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const EMPTY: Section<never> = { added: [], removed: [], changed: [] };
const byKey = <T>(entries: readonly T[], key: (t: T) => string) => new Map(entries.map((e) => [key(e), e]));

export function diffStacks(stack: string, base: StackSide, head: StackSide, assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS): StackDiff {
  const deployed = {
    stack,
    channels: section(setToMap(base.model.channels), setToMap(head.model.channels), (a, b) => a === b),
    routing: section(base.model.routing, head.model.routing, (a, b) => a === b),
    retention: section(base.model.retention, head.model.retention, (a, b) => a === b),
    dashboards: section(base.model.dashboards, head.model.dashboards, (a, b) => a === b),
    charts: section(base.model.charts, head.model.charts, (a, b) => a === b),
    resourceCounts: section(base.model.resourceCounts, head.model.resourceCounts, (a, b) => a === b),
  };
  if (!("summary" in base.plan) || !("summary" in head.plan)) {
    const why = [
      ...("problem" in base.plan ? [`base: ${base.plan.problem}`] : []),
      ...("problem" in head.plan ? [`head: ${head.plan.problem}`] : []),
    ];
    return { ...deployed, alerts: EMPTY, alarms: EMPTY, notCompared: why.join("; ") };
  }
  const [b, h] = [base.plan.summary, head.plan.summary];
  const cost = (side: StackSide, alarms: readonly PlannedAlarmSummary[]) => estimateCloudWatchCost(alarms, side.model, assumptions).monthly;
  return {
    ...deployed,
    // Routing changes are reported once per severity, not on every alert they move.
    alerts: section(
      byKey(b.alerts, (a) => a.key),
      byKey(h.alerts, (a) => a.key),
      (x, y) => json({ ...x, receivers: [] }, { ...y, receivers: [] }),
    ),
    alarms: section(
      byKey(b.alarms, (a) => a.name),
      byKey(h.alarms, (a) => a.name),
      json,
    ),
    monthlyCost: { base: cost(base, b.alarms), head: cost(head, h.alarms) },
  };
}

function isEmpty(diff: StackDiff): boolean {
  const sections = [
    diff.alerts,
    diff.alarms,
    diff.channels,
    diff.routing,
    diff.retention,
    diff.dashboards,
    diff.charts,
    diff.resourceCounts,
  ];
  return diff.notCompared === undefined && sections.every((s) => s.added.length + s.removed.length + s.changed.length === 0);
}

const thresholdText = (t: PlannedAlertSummary["threshold"]) => (t ? `${t.op} ${t.value}` : undefined);
const alertLine = (a: PlannedAlertSummary) =>
  `\`${thresholdText(a.threshold) ?? a.expr}\` for ${a.for} → ${a.receivers.join(", ") || "no receiver"}`;

function alertChange(c: Change<PlannedAlertSummary>): string {
  const parts: string[] = [];
  const [before, after] = [thresholdText(c.base.threshold), thresholdText(c.head.threshold)];
  if (before !== after) parts.push(`threshold \`${before ?? "none"}\` → \`${after ?? "none"}\``);
  else if (c.base.expr !== c.head.expr) parts.push("expression changed");
  if (c.base.for !== c.head.for) parts.push(`for ${c.base.for} → ${c.head.for}`);
  if (c.base.engine !== c.head.engine) parts.push(`${c.base.engine} → ${c.head.engine}`);
  return `- ~ **${c.key}**: ${parts.join("; ") || "changed"}`;
}

const OPERATORS = { above: ">", below: "<", atLeast: ">=" } as const;

/**
 * The alarm's condition in words, from the plan's structured comparison and evaluation. A tier reads in its signal's
 * unit, as people set it (`< 5 GiB`, `> 300 ms`), whatever unit or complement the cloud compares in.
 */
export function alarmCondition(a: PlannedAlarmSummary): string {
  const c = a.comparison;
  const tier = a.tier ? `${a.tier.direction === "above" ? ">" : "<"} ${a.tier.value}${UNIT_LABEL[a.tier.unit] ?? ""}` : undefined;
  const compared =
    c.kind === "band"
      ? c.band === "both"
        ? "outside band"
        : "above band"
      : c.kind === "query"
        ? `PromQL ${tier ?? "query"}`
        : c.kind === "allOf"
          ? `composite of ${a.members?.length ?? 0} alarms`
          : (tier ?? `${OPERATORS[c.kind]} ${c.value}`);
  const e = a.evaluation;
  const held =
    e.cloud === "aws"
      ? ` in ${e.datapointsToAlarm} of ${e.evaluationPeriods} x ${e.periodSeconds}s`
      : e.cloud === "gcp"
        ? ` for ${e.durationSeconds}s`
        : e.cloud === "azure"
          ? e.rule === "log"
            ? ` in ${e.failingPeriods ?? 1} of ${e.failingPeriods ?? 1} x ${isoMinutes(e.windowMinutes)}`
            : ` over ${isoMinutes(e.windowMinutes)}`
          : "";
  return `${compared}${held}${a.cloud === "aws" ? "" : ` (${a.severity})`}`;
}

const alarmLine = (a: PlannedAlarmSummary) => `${a.kind} ${alarmCondition(a)} → ${a.actions.join(", ") || "no action"}`;

function alarmChange(c: Change<PlannedAlarmSummary>): string {
  const parts: string[] = [];
  const [before, after] = [alarmCondition(c.base), alarmCondition(c.head)];
  if (before !== after) parts.push(`\`${before}\` → \`${after}\``);
  if (!json(c.base.members, c.head.members)) parts.push("members changed");
  if (c.base.actions.join() !== c.head.actions.join()) parts.push(`actions ${c.base.actions.join(", ")} → ${c.head.actions.join(", ")}`);
  if (c.base.kind !== c.head.kind) parts.push(`${c.base.kind} → ${c.head.kind}`);
  return `- ~ **${c.key}**: ${parts.join("; ") || "changed"}`;
}

function block<T>(title: string, s: Section<T>, show: (v: T) => string, change: (c: Change<T>) => string): string[] {
  if (s.added.length + s.removed.length + s.changed.length === 0) return [];
  return [
    `#### ${title} (+${s.added.length} −${s.removed.length} ~${s.changed.length})`,
    ...s.added.map(([k, v]) => `- + **${k}**${show(v) ? `: ${show(v)}` : ""}`),
    ...s.removed.map(([k, v]) => `- − **${k}**${show(v) ? `: ${show(v)}` : ""}`),
    ...s.changed.map(change),
    "",
  ];
}

/** Whether anything changed for on-call: an added or removed stack, or a change in one. */
export function hasChanges(
  diffs: readonly StackDiff[],
  addedStacks: readonly string[] = [],
  removedStacks: readonly string[] = [],
): boolean {
  return addedStacks.length + removedStacks.length > 0 || diffs.some((d) => !isEmpty(d));
}

const sectionJson = <T>(s: Section<T>) => ({
  added: s.added.map(([key, value]) => ({ key, value })),
  removed: s.removed.map(([key, value]) => ({ key, value })),
  changed: s.changed,
});

/** The same report as data, for tools (`monitoring-stack diff --json`): only stacks with changes. */
export function diffJson(diffs: readonly StackDiff[], addedStacks: readonly string[] = [], removedStacks: readonly string[] = []) {
  return {
    changed: hasChanges(diffs, addedStacks, removedStacks),
    addedStacks,
    removedStacks,
    stacks: diffs
      .filter((d) => !isEmpty(d))
      .map((d) => ({
        stack: d.stack,
        ...(d.notCompared ? { notCompared: d.notCompared } : {}),
        alerts: sectionJson(d.alerts),
        alarms: sectionJson(d.alarms),
        channels: sectionJson(d.channels),
        routing: sectionJson(d.routing),
        retention: sectionJson(d.retention),
        dashboards: sectionJson(d.dashboards),
        charts: sectionJson(d.charts),
        resourceCounts: sectionJson(d.resourceCounts),
        ...(d.monthlyCost ? { monthlyCostUsd: { base: round(d.monthlyCost.base), head: round(d.monthlyCost.head) } } : {}),
      })),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A Markdown report for a pull request comment. */
export function diffMarkdown(
  diffs: readonly StackDiff[],
  addedStacks: readonly string[] = [],
  removedStacks: readonly string[] = [],
): string {
  const changed = diffs.filter((d) => !isEmpty(d));
  if (!hasChanges(diffs, addedStacks, removedStacks)) return "### Monitoring changes\n\nno monitoring changes\n";
  const lines = ["### Monitoring changes", ""];
  for (const s of addedStacks) lines.push(`- + stack **${s}** (new environment)`);
  for (const s of removedStacks) lines.push(`- − stack **${s}** (environment removed)`);
  if (addedStacks.length + removedStacks.length > 0) lines.push("");
  for (const d of changed) {
    lines.push(`### ${d.stack}`, "");
    if (d.notCompared)
      lines.push(
        "#### Alerts and cloud alarms: not compared",
        `${d.notCompared}. Synthesize both sides with this version to compare them (and the alarms' CloudWatch cost); the sections below come from the Terraform JSON.`,
        "",
      );
    lines.push(...block("Alerts (Prometheus / Loki)", d.alerts, alertLine, alertChange));
    lines.push(...block("Cloud alarms", d.alarms, alarmLine, alarmChange));
    lines.push(
      ...block(
        "Notification channels",
        d.channels,
        () => "",
        (c) => `- ~ ${c.key}`,
      ),
    );
    lines.push(
      ...block(
        "Routing (Alertmanager receivers per severity)",
        d.routing,
        (v) => v,
        (c) => `- ~ **${c.key}**: ${c.base} → ${c.head}`,
      ),
    );
    lines.push(
      ...block(
        "Retention",
        d.retention,
        (v) => v,
        (c) => `- ~ **${c.key}**: ${c.base} → ${c.head}`,
      ),
    );
    lines.push(
      ...block(
        "Dashboards",
        d.dashboards,
        () => "",
        (c) => `- ~ **${c.key}** changed`,
      ),
    );
    lines.push(
      ...block(
        "Chart versions",
        d.charts,
        (v) => v,
        (c) => `- ~ **${c.key}**: ${c.base} → ${c.head}`,
      ),
    );
    lines.push(
      ...block(
        "Resources per type",
        d.resourceCounts,
        (v) => String(v),
        (c) => `- ~ **${c.key}**: ${c.base} → ${c.head}`,
      ),
    );
    const delta = d.monthlyCost ? Math.round((d.monthlyCost.head - d.monthlyCost.base) * 100) / 100 : 0;
    if (d.monthlyCost && delta !== 0) {
      lines.push(
        `#### CloudWatch cost: $${d.monthlyCost.base.toFixed(2)} → $${d.monthlyCost.head.toFixed(2)} per month (${delta > 0 ? "adds" : "saves"} $${Math.abs(delta).toFixed(2)})`,
        "",
      );
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
