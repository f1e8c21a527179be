/**
 * Reading a running Alertmanager's own account of what happened: routed receivers and suppression from
 * `/api/v2/alerts`, delivery from the notification counters on `/metrics`. Parsing is pure; fetching is the caller's.
 */

/** An alert as `/api/v2/alerts` returns it (the fields drills read). */
export interface AlertmanagerApiAlert {
  readonly fingerprint: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly receivers: ReadonlyArray<{ name: string }>;
  readonly status: { state: "unprocessed" | "active" | "suppressed"; silencedBy: string[]; inhibitedBy: string[] };
}

/** A silence as `/api/v2/silence/{id}` returns it. */
export interface AlertmanagerSilence {
  readonly id: string;
  readonly createdBy: string;
  readonly comment: string;
  readonly matchers: ReadonlyArray<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
  readonly endsAt: string;
}

/** Integration type of each receiver config key (Alertmanager's `integration` label on its counters). */
const INTEGRATIONS: Readonly<Record<string, string>> = {
  webhook_configs: "webhook",
  pagerduty_configs: "pagerduty",
  slack_configs: "slack",
  email_configs: "email",
  sns_configs: "sns",
  opsgenie_configs: "opsgenie",
  msteams_configs: "msteams",
  msteamsv2_configs: "msteamsv2",
  telegram_configs: "telegram",
  discord_configs: "discord",
  webex_configs: "webex",
  pushover_configs: "pushover",
  victorops_configs: "victorops",
  wechat_configs: "wechat",
  jira_configs: "jira",
  rocketchat_configs: "rocketchat",
};

/** The integration types a receiver of `config` sends through (empty for a null receiver). */
export function receiverIntegrations(config: { receivers?: ReadonlyArray<Record<string, unknown>> }, receiver: string): string[] {
  const entry = (config.receivers ?? []).find((r) => r.name === receiver);
  if (!entry) return [];
  return Object.entries(entry)
    .filter(([key, value]) => key in INTEGRATIONS && Array.isArray(value) && value.length > 0)
    .map(([key]) => INTEGRATIONS[key]);
}

/** Notification counters per integration: sent (attempts that succeeded or failed) and failed. */
export interface NotificationCounters {
  readonly total: Readonly<Record<string, number>>;
  readonly failed: Readonly<Record<string, number>>;
}

/** Parses `alertmanager_notifications_total` and `alertmanager_notifications_failed_total` from the metrics text. */
export function parseNotificationCounters(metricsText: string): NotificationCounters {
  const total: Record<string, number> = {};
  const failed: Record<string, number> = {};
  for (const line of metricsText.split("\n")) {
    const m = /^alertmanager_notifications(_failed)?_total\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!m) continue;
    const integration = /integration="([^"]*)"/.exec(m[2])?.[1];
    if (!integration) continue;
    const target = m[1] ? failed : total;
    target[integration] = (target[integration] ?? 0) + Number(m[3]);
  }
  return { total, failed };
}

/** Per integration: notifications that went out successfully, and failures, between two readings. */
export function deliveredSince(
  before: NotificationCounters,
  after: NotificationCounters,
): Record<string, { delivered: number; failed: number }> {
  const out: Record<string, { delivered: number; failed: number }> = {};
  for (const integration of new Set([...Object.keys(after.total), ...Object.keys(after.failed)])) {
    const sent = (after.total[integration] ?? 0) - (before.total[integration] ?? 0);
    const failed = (after.failed[integration] ?? 0) - (before.failed[integration] ?? 0);
    if (sent > 0 || failed > 0) out[integration] = { delivered: Math.max(0, sent - failed), failed };
  }
  return out;
}

/** Why an alert is suppressed, in words a person acts on: the silence (who, why, matchers) or the inhibiting alert. */
export function describeSuppression(
  alert: AlertmanagerApiAlert,
  silences: ReadonlyMap<string, AlertmanagerSilence>,
  alertsByFingerprint: ReadonlyMap<string, AlertmanagerApiAlert>,
): string[] {
  const reasons: string[] = [];
  for (const id of alert.status.silencedBy) {
    const silence = silences.get(id);
    const matchers = silence?.matchers
      .map((m) => `${m.name}${m.isEqual === false ? "!" : ""}${m.isRegex ? "=~" : "="}"${m.value}"`)
      .join(", ");
    reasons.push(
      silence
        ? `silenced by ${id} (created by ${silence.createdBy}: "${silence.comment}"; matchers ${matchers}; ends ${silence.endsAt})`
        : `silenced by ${id}`,
    );
  }
  for (const fingerprint of alert.status.inhibitedBy) {
    const source = alertsByFingerprint.get(fingerprint);
    reasons.push(
      source
        ? `inhibited by ${source.labels.alertname} (${Object.entries(source.labels)
            .filter(([k]) => k !== "alertname")
            .map(([k, v]) => `${k}="${v}"`)
            .join(", ")})`
        : `inhibited by the alert with fingerprint ${fingerprint}`,
    );
  }
  return reasons;
}
