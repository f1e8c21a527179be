import type { ScenarioCategory } from "../../catalog/gameday/types";

/**
 * What happened during a game day, in the order one incident's events happen: the record every report (timeline,
 * postmortem, tabletop) reads. Events at the same moment are ordered by it (a page dates the firing it proves).
 */
export const TIMELINE_KINDS = [
  "injection",
  "pending",
  "firing",
  "notification",
  "heartbeat-gap",
  "acknowledged",
  "incident-message",
  "mitigation",
  "resolved",
  "heartbeat-resumed",
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The timeline in time order; events at the same moment in `TIMELINE_KINDS` order. */
export function inTimeOrder(events: readonly TimelineEvent[]): TimelineEvent[] {
  const rank = (kind: TimelineKind) => TIMELINE_KINDS.indexOf(kind);
  return [...events].sort((a, b) => a.offsetSeconds - b.offsetSeconds || rank(a.kind) - rank(b.kind));
}

export interface TimelineEvent {
  readonly kind: TimelineKind;
  /** ISO time. */
  readonly at: string;
  /** Seconds after the injection (compressed, as measured). */
  readonly offsetSeconds: number;
  readonly detail: string;
}

/** One alert the scenario expects, and what the local stack observed for it. */
export interface ObservedAlert {
  readonly alert: string;
  readonly severity: string;
  /** The labels routing looks at (alertname, severity, service…). */
  readonly labels: Readonly<Record<string, string>>;
  /** Receivers the rendered routing sends it to. */
  readonly expectedReceivers: readonly string[];
  /** First firing notification per receiver that got one: receiver, integration, seconds after injection. */
  readonly notified: ReadonlyArray<{ receiver: string; integration: string; offsetSeconds: number; routingKey?: string }>;
  readonly pendingSeconds?: number;
  readonly firingSeconds?: number;
  readonly resolvedSeconds?: number;
  /** Upper bound of detection (first notification) derived from for, window, scrape, evaluation and group wait. */
  readonly boundSeconds: number;
  readonly runbook: string;
}

export interface RunbookCheck {
  readonly alert: string;
  readonly language: "promql" | "logql";
  readonly query: string;
  /** "ok (n series)", "EMPTY", "not exercised: …", "unknown stream labels: …". */
  readonly result: string;
  readonly ok: boolean;
  /** The check could not run locally (reported, never counted as passed). */
  readonly notExercised?: boolean;
}

export interface Roles {
  readonly incidentCommander: string;
  readonly communicationsLead: string;
  readonly scribe: string;
  /** Where each role came from (rotation at drill time, or a flag). */
  readonly source: string;
}

/** A duration figure, measured (compressed) and as it would be in real time. */
export interface Figure {
  readonly compressedSeconds?: number;
  /** Alert-path durations divided by the time scale; human steps counted as measured. @default - not measured */
  readonly realTimeSeconds?: number;
}

export interface GamedayRun {
  readonly environment: string;
  readonly scenario: {
    id: string;
    title: string;
    category: ScenarioCategory;
    briefing: string;
    action: string;
    gameMasterNotes: readonly string[];
  };
  readonly startedAt: string;
  readonly timeScale: number;
  /** The service the fault hits, when it hits one. */
  readonly service?: string;
  readonly roles: Roles;
  readonly events: readonly TimelineEvent[];
  readonly alerts: readonly ObservedAlert[];
  /** Alerts that fired besides the expected ones (name, severity, service). */
  readonly alsoFired: readonly string[];
  readonly figures: { ttd: Figure; tta: Figure; ttm: Figure; ttr: Figure; detectionBoundSeconds?: number };
  readonly runbookChecks: readonly RunbookCheck[];
  /** What the tool saw that a postmortem should discuss: wrong receivers, grouping delay, suppression, missed updates. */
  readonly observations: readonly string[];
  /** Parts of the real system this local run could not exercise, each with what a person does instead. */
  readonly notExercised: readonly string[];
  /** Everything expected arrived within the derived waits. */
  readonly passed: boolean;
  readonly problems: readonly string[];
}

const round = (n: number) => Math.round(n * 10) / 10;
const fmt = (f: Figure) =>
  f.compressedSeconds === undefined
    ? "not measured"
    : `${round(f.compressedSeconds)} s${f.realTimeSeconds === undefined ? "" : ` (≈ ${humanDuration(f.realTimeSeconds)} real time)`}`;

/** "4m 30s", "1h 2m" — for real-time equivalents. */
export function humanDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** The timeline and figures of a run, in Markdown. */
export function timelineMarkdown(run: GamedayRun): string {
  const rows = run.events.map((e) => `| +${round(e.offsetSeconds)} s | ${e.kind} | ${e.detail.replace(/\|/g, "\\|")} |`);
  const alertRows = run.alerts.map(
    (a) =>
      `| ${a.alert} (${a.severity}${a.labels.service ? `, ${a.labels.service}` : ""}) | ${a.expectedReceivers.join(", ") || "none"} | ${
        a.notified.map((n) => `${n.receiver} +${round(n.offsetSeconds)} s`).join(", ") || "none"
      } | ${a.firingSeconds === undefined ? "-" : `+${round(a.firingSeconds)} s`} | ${a.boundSeconds} s |`,
  );
  return [
    `## Timeline: ${run.scenario.title} (${run.environment})`,
    "",
    `Started ${run.startedAt}; time compressed ${round(1 / run.timeScale)}x. Offsets are seconds after the fault was injected.`,
    "",
    "| offset | event | detail |",
    "| --- | --- | --- |",
    ...rows,
    "",
    "| alert | expected receivers | first notification per receiver | firing | detection bound |",
    "| --- | --- | --- | --- | --- |",
    ...alertRows,
    "",
    "| figure | measured |",
    "| --- | --- |",
    `| TTD (injection → first notification) | ${fmt(run.figures.ttd)} |`,
    `| TTA (first notification → acknowledged) | ${fmt(run.figures.tta)} |`,
    `| TTM (injection → mitigated) | ${fmt(run.figures.ttm)} |`,
    `| TTR (injection → resolved notification) | ${fmt(run.figures.ttr)} |`,
    "",
    `Result: ${run.passed ? "PASSED" : "FAILED"}${run.problems.length ? `\n${run.problems.map((p) => `- ${p}`).join("\n")}` : ""}`,
    "",
  ].join("\n");
}
