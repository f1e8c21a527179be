import { type CostAssumptions, DEFAULT_ASSUMPTIONS, estimateCloudWatchCost } from "./cost";
import type { DeployedAlarm, DeployedAlert, MonitoringModel } from "./stack-model";

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

/** What changes for the people on call between two versions of one stack. */
interface StackDiff {
  readonly stack: string;
  readonly alerts: Section<DeployedAlert>;
  readonly alarms: Section<DeployedAlarm>;
  readonly channels: Section<string>;
  readonly routing: Section<string>;
  readonly retention: Section<string>;
  readonly dashboards: Section<string>;
  readonly charts: Section<string>;
  readonly resourceCounts: Section<number>;
  readonly monthlyCost: { readonly base: number; readonly head: number };
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

export function diffStacks(
  stack: string,
  base: MonitoringModel,
  head: MonitoringModel,
  assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS,
): StackDiff {
  return {
    stack,
    // Routing changes are reported once per severity, not on every alert they move.
    alerts: section(base.alerts, head.alerts, (a, b) => json({ ...a, receivers: [] }, { ...b, receivers: [] })),
    alarms: section(base.alarms, head.alarms, json),
    channels: section(setToMap(base.channels), setToMap(head.channels), (a, b) => a === b),
    routing: section(base.routing, head.routing, (a, b) => a === b),
    retention: section(base.retention, head.retention, (a, b) => a === b),
    dashboards: section(base.dashboards, head.dashboards, (a, b) => a === b),
    charts: section(base.charts, head.charts, (a, b) => a === b),
    resourceCounts: section(base.resourceCounts, head.resourceCounts, (a, b) => a === b),
    monthlyCost: { base: estimateCloudWatchCost(base, assumptions).monthly, head: estimateCloudWatchCost(head, assumptions).monthly },
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
  return sections.every((s) => s.added.length + s.removed.length + s.changed.length === 0);
}

const alertLine = (a: DeployedAlert) => `\`${a.threshold ?? a.expr}\` for ${a.for} → ${a.receivers.join(", ") || "no receiver"}`;
const alarmLine = (a: DeployedAlarm) => `${a.kind} ${a.condition} → ${a.actions.join(", ") || "no action"}`;

function alertChange(c: Change<DeployedAlert>): string {
  const parts: string[] = [];
  if (c.base.threshold !== c.head.threshold) parts.push(`threshold \`${c.base.threshold}\` → \`${c.head.threshold}\``);
  else if (c.base.expr !== c.head.expr) parts.push("expression changed");
  if (c.base.for !== c.head.for) parts.push(`for ${c.base.for} → ${c.head.for}`);
  return `- ~ **${c.key}**: ${parts.join("; ")}`;
}

function alarmChange(c: Change<DeployedAlarm>): string {
  const parts: string[] = [];
  if (c.base.condition !== c.head.condition) parts.push(`\`${c.base.condition}\` → \`${c.head.condition}\``);
  if (c.base.actions.join() !== c.head.actions.join()) parts.push(`actions ${c.base.actions.join(", ")} → ${c.head.actions.join(", ")}`);
  if (c.base.kind !== c.head.kind) parts.push(`${c.base.kind} → ${c.head.kind}`);
  return `- ~ **${c.key}**: ${parts.join("; ")}`;
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
        alerts: sectionJson(d.alerts),
        alarms: sectionJson(d.alarms),
        channels: sectionJson(d.channels),
        routing: sectionJson(d.routing),
        retention: sectionJson(d.retention),
        dashboards: sectionJson(d.dashboards),
        charts: sectionJson(d.charts),
        resourceCounts: sectionJson(d.resourceCounts),
        monthlyCostUsd: { base: round(d.monthlyCost.base), head: round(d.monthlyCost.head) },
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
    const delta = Math.round((d.monthlyCost.head - d.monthlyCost.base) * 100) / 100;
    if (delta !== 0) {
      lines.push(
        `#### CloudWatch cost: $${d.monthlyCost.base.toFixed(2)} → $${d.monthlyCost.head.toFixed(2)} per month (${delta > 0 ? "adds" : "saves"} $${Math.abs(delta).toFixed(2)})`,
        "",
      );
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
