import type { Roles, TimelineEvent } from "./run";

/** The three kinds of incident-channel message the communications lead posts. */
interface IncidentUpdateContext {
  readonly environment: string;
  readonly title: string;
  readonly service?: string;
  readonly roles: Roles;
  /** Alerts firing, e.g. "ServiceHighErrorRatio (critical, checkout)". */
  readonly alerts: readonly string[];
  readonly offsetSeconds: number;
}

export function initialReport(c: IncidentUpdateContext, nextUpdateSeconds: number): string {
  return [
    `INITIAL REPORT [GAME DAY] ${c.environment}: ${c.title}`,
    `Impact: ${c.service ? `${c.service} degraded` : "platform component affected"}; alerts firing: ${c.alerts.join(", ") || "none yet"}.`,
    `Incident commander: ${c.roles.incidentCommander}. Communications: ${c.roles.communicationsLead}. Scribe: ${c.roles.scribe}.`,
    `Detected +${Math.round(c.offsetSeconds)} s after the fault. Next update in ${nextUpdateSeconds} s.`,
  ].join("\n");
}

export function statusUpdate(c: IncidentUpdateContext, n: number, state: string, nextUpdateSeconds: number): string {
  return [
    `STATUS UPDATE ${n} [GAME DAY] ${c.environment}: ${c.title}`,
    `State: ${state}. Alerts firing: ${c.alerts.join(", ") || "none"}. Next update in ${nextUpdateSeconds} s.`,
  ].join("\n");
}

export function resolutionMessage(c: IncidentUpdateContext): string {
  return [
    `RESOLVED [GAME DAY] ${c.environment}: ${c.title}`,
    `Resolved +${Math.round(c.offsetSeconds)} s after the fault; alerts resolved. A postmortem follows (blameless).`,
  ].join("\n");
}

/**
 * Status updates that were due and not posted: between the initial report and the resolution, every `cadence`
 * seconds there must be a message in the incident channel. Returns one line per missed slot.
 */
export function missedUpdates(events: readonly TimelineEvent[], cadenceSeconds: number): string[] {
  const messages = events.filter((e) => e.kind === "incident-message").map((e) => e.offsetSeconds);
  if (messages.length === 0) return ["no message was posted to the incident channel"];
  const start = messages[0];
  const end = events.find((e) => e.kind === "resolved")?.offsetSeconds ?? events[events.length - 1]?.offsetSeconds ?? start;
  const missed: string[] = [];
  // A grace of a quarter of the cadence: an update a little late is not missed.
  for (let due = start + cadenceSeconds; due + cadenceSeconds / 4 < end; due += cadenceSeconds) {
    if (!messages.some((at) => at > due - cadenceSeconds && at <= due + cadenceSeconds / 4)) {
      missed.push(`status update due at +${Math.round(due)} s was not posted`);
    }
  }
  return missed;
}
