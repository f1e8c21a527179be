import { describe, expect, it } from "vitest";
import { type DetectionState, detectionComplete, observeExpectedAlert } from "../../src/cli/gameday-detection";
import { inTimeOrder, type TimelineKind } from "../../src/render/gameday/run";

const labels = { alertname: "HighErrorRate", severity: "critical", service: "checkout" };
const receivers = ["pagerduty-checkout"];

function fresh(): DetectionState {
  return { labels, pendingAt: undefined, firingAt: undefined, firingLabels: undefined, notified: new Map() };
}

function timeline() {
  const events: Array<{ kind: TimelineKind; at: number }> = [];
  return { events, event: (kind: TimelineKind, _detail: string, at = -1) => events.push({ kind, at }) };
}

const page = { at: 1_000, receiver: "pagerduty-checkout", integration: "pagerduty" as const, routingKey: "key-checkout" };

describe("the game day's detection loop on a loaded machine", () => {
  it("keeps polling when the page arrived before any poll saw the alert firing, and dates the firing by the page", () => {
    const state = fresh();
    const { events, event } = timeline();
    // Prometheus answered at 900 ms, while the alert was still pending; the page arrived at 1,000 ms, after that answer.
    observeExpectedAlert(state, [{ labels: { ...labels, job: "app" }, state: "pending" }], [page], 900, event);
    expect(events.map((e) => e.kind)).toEqual(["notification", "pending"]);
    expect(detectionComplete(state, receivers), "every receiver is paged, but no poll has seen the alert firing yet").toBe(false);

    // The next poll (1,250 ms) sees it firing: it fired no later than the page.
    observeExpectedAlert(state, [{ labels: { ...labels, job: "app" }, state: "firing" }], [page], 1_250, event);
    expect(state.firingAt).toBe(1_000);
    expect(state.firingLabels).toEqual({ ...labels, job: "app" });
    expect(events.filter((e) => e.kind === "firing")).toEqual([{ kind: "firing", at: 1_000 }]);
    expect(
      events.filter((e) => e.kind === "notification"),
      "each receiver's page is on the timeline once",
    ).toHaveLength(1);
    expect(detectionComplete(state, receivers)).toBe(true);
  });

  it("dates the firing by a page that arrived before the first poll that saw the alert at all, and the pending too", () => {
    const state = fresh();
    const { events, event } = timeline();
    // Prometheus did not answer at 900 ms (an empty list), the page arrived at 1,000 ms; the next poll sees it firing.
    observeExpectedAlert(state, [], [page], 900, event);
    expect(state.pendingAt).toBeUndefined();
    observeExpectedAlert(state, [{ labels, state: "firing" }], [page], 1_250, event);
    expect(state.firingAt).toBe(1_000);
    expect(state.pendingAt, "pending no later than firing").toBe(1_000);
    expect(detectionComplete(state, receivers)).toBe(true);
    // One poll that sees the firing alert and, for the first time, a page that came before it.
    const late = fresh();
    observeExpectedAlert(late, [{ labels, state: "firing" }], [page], 1_250, timeline().event);
    expect(late.firingAt).toBe(1_000);
    expect(late.pendingAt).toBe(1_000);
    expect(events.map((e) => e.kind)).toEqual(["notification", "firing", "pending"]);
    // The timeline puts the three events of that moment in the order they happen.
    const timelineEvents = events.map((e) => ({ kind: e.kind, at: new Date(e.at).toISOString(), offsetSeconds: e.at / 1000, detail: "" }));
    expect(inTimeOrder(timelineEvents).map((e) => e.kind)).toEqual(["pending", "firing", "notification"]);
  });

  it("dates the firing by the poll that saw it when no page came before", () => {
    const state = fresh();
    const { events, event } = timeline();
    observeExpectedAlert(state, [{ labels, state: "firing" }], [], 500, event);
    expect(events).toEqual([
      { kind: "firing", at: 500 },
      { kind: "pending", at: 500 },
    ]);
    expect(detectionComplete(state, receivers), "the page has not arrived").toBe(false);
    observeExpectedAlert(state, [{ labels, state: "firing" }], [page], 750, event);
    expect(state.firingAt).toBe(500);
    expect(detectionComplete(state, receivers)).toBe(true);
  });

  it("ignores the same alert of another tier or service", () => {
    const state = fresh();
    const { events, event } = timeline();
    observeExpectedAlert(
      state,
      [
        { labels: { ...labels, severity: "warning" }, state: "firing" },
        { labels: { ...labels, service: "cart" }, state: "firing" },
      ],
      [],
      500,
      event,
    );
    expect(events).toEqual([]);
    expect(state.pendingAt).toBeUndefined();
  });
});
