import { describe, expect, it } from "vitest";
import {
  deliveredSince,
  describeSuppression,
  parseNotificationCounters,
  receiverIntegrations,
} from "../../../src/render/gameday/alertmanager-state";

describe("reading Alertmanager's account of a drill", () => {
  it("counts sent and failed notifications per integration, and delivered = sent - failed between readings", () => {
    const before = parseNotificationCounters(
      'alertmanager_notifications_total{integration="webhook"} 3\nalertmanager_notifications_failed_total{integration="webhook",reason="other"} 1\nalertmanager_notifications_total{integration="email"} 0\n',
    );
    const after = parseNotificationCounters(
      'alertmanager_notifications_total{integration="webhook"} 6\nalertmanager_notifications_failed_total{integration="webhook",reason="other"} 1\nalertmanager_notifications_failed_total{integration="webhook",reason="serverError"} 1\nalertmanager_notifications_total{integration="email"} 0\n',
    );
    expect(deliveredSince(before, after)).toEqual({ webhook: { delivered: 2, failed: 1 } });
  });

  it("names a receiver's integrations, none for a null receiver", () => {
    const config = { receivers: [{ name: "p", pagerduty_configs: [{}], slack_configs: [{}] }, { name: "null" }] };
    expect(receiverIntegrations(config, "p")).toEqual(["pagerduty", "slack"]);
    expect(receiverIntegrations(config, "null")).toEqual([]);
  });

  it("names the silence (who, why, matchers) and the inhibiting alert", () => {
    const alert = {
      fingerprint: "a",
      labels: { alertname: "X" },
      receivers: [],
      status: { state: "suppressed" as const, silencedBy: ["s1"], inhibitedBy: ["b"] },
    };
    const silences = new Map([
      [
        "s1",
        {
          id: "s1",
          createdBy: "ops",
          comment: "upgrade",
          endsAt: "2026-01-01T00:00:00Z",
          matchers: [{ name: "alertname", value: "X", isRegex: false, isEqual: true }],
        },
      ],
    ]);
    const source = { ...alert, fingerprint: "b", labels: { alertname: "Y", severity: "critical" } };
    expect(describeSuppression(alert, silences, new Map([["b", source]]))).toEqual([
      'silenced by s1 (created by ops: "upgrade"; matchers alertname="X"; ends 2026-01-01T00:00:00Z)',
      'inhibited by Y (severity="critical")',
    ]);
  });
});
