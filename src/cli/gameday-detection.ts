import type { TimelineKind } from "../render/gameday/run";
import type { RecordedDelivery } from "./gameday-recorder";
import type { PrometheusAlert } from "./gameday-stack";

/** What a poll reads of an alert Prometheus's /api/v1/alerts lists. */
export type PolledAlert = Pick<PrometheusAlert, "labels" | "state">;

/** What a poll reads of a firing notification the game day's recorder received. */
export type PolledDelivery = Pick<RecordedDelivery, "at" | "receiver" | "integration" | "routingKey">;

/** What the detection loop has learned about one expected alert so far. */
export interface DetectionState {
  readonly labels: Readonly<Record<string, string>>;
  pendingAt: number | undefined;
  firingAt: number | undefined;
  firingLabels: Record<string, string> | undefined;
  readonly notified: Map<string, { at: number; integration: string; routingKey?: string }>;
}

type EventSink = (kind: TimelineKind, detail: string, at?: number) => void;

/**
 * One poll of the detection loop for one expected alert: `active` is Prometheus's answer, fetched at `now`;
 * `deliveries` the recorder's firing notifications about it, which may have arrived after that answer. A poll on a
 * loaded machine can miss the moment of firing (fetched while pending, notified before the next poll): the alert is
 * then seen firing by a later poll, and fired no later than its first notification, which dates it (this poll's
 * notifications count too); it was pending no later than it fired.
 */
export function observeExpectedAlert(
  state: DetectionState,
  active: readonly PolledAlert[],
  deliveries: readonly PolledDelivery[],
  now: number,
  event: EventSink,
): void {
  const mine = active.filter((a) => matches(a.labels, state.labels));
  const name = `${state.labels.alertname} (${state.labels.severity})`;
  for (const d of deliveries) {
    if (state.notified.has(d.receiver)) continue;
    state.notified.set(d.receiver, { at: d.at, integration: d.integration, routingKey: d.routingKey });
    event(
      "notification",
      `${state.labels.alertname} → ${d.receiver} (${d.integration}${d.routingKey ? `, routing key ${d.routingKey}` : ""})`,
      d.at,
    );
  }
  const firing = mine.find((a) => a.state === "firing");
  if (state.firingAt === undefined && firing) {
    state.firingAt = Math.min(now, ...[...state.notified.values()].map((n) => n.at));
    state.firingLabels = { ...firing.labels };
    event("firing", name, state.firingAt);
  }
  // Pending before firing, however late the first poll that saw the alert came.
  if (state.pendingAt === undefined && mine.length > 0) {
    state.pendingAt = Math.min(now, state.firingAt ?? now);
    event("pending", name, state.pendingAt);
  }
}

/**
 * Whether detection is complete for an expected alert: every receiver the routing names has been notified, and an
 * alert that was notified has been seen firing (else its timeline would lack the firing event).
 */
export function detectionComplete(state: DetectionState, expectedReceivers: readonly string[]): boolean {
  return expectedReceivers.every((r) => state.notified.has(r)) && (state.notified.size === 0 || state.firingAt !== undefined);
}

/** Whether an alert is the expected one: its name and tier, and its service when the expectation names one. */
export function matches(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return (
    labels.alertname === wanted.alertname && labels.severity === wanted.severity && (!wanted.service || labels.service === wanted.service)
  );
}
