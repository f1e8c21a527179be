import { z } from "zod";
import { durationWithin, severitySchema } from "./primitives";
import { secretRefSchema } from "./secret-ref";

/** Alertmanager keeps notification state 120h by default: a longer repeat interval behaves like 120h. */
const repeat = durationWithin("1m", "120h", "Alertmanager keeps notification state for 120h");

/** How Alertmanager groups, repeats and delivers notifications. */
export const alertingSchema = z.strictObject({
  /**
   * Severities deliberately delivered nowhere (e.g. "info" kept for dashboards only). Without this, every severity
   * that has alerts or alarms must reach at least one channel on every backend (Alertmanager, SNS, Cloud Monitoring,
   * Azure Monitor), or validate fails. @default [] - every severity must reach a channel
   */
  unrouted: z.array(severitySchema).default([]),
  /** SMTP relay for email channels; required when the environment has email channels and a Kubernetes cluster. @default - none */
  smtp: z
    .strictObject({
      /** host:port of the relay, e.g. "email-smtp.eu-west-1.amazonaws.com:587". */
      smarthost: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected "host:port"'),
      /** Sender address. */
      from: z.email("expected an email address"),
      /** @default - no authentication */
      username: z.string().min(1).optional(),
      /** Password of `username`, by reference. @default - no authentication */
      password: secretRefSchema.optional(),
      /** @default true */
      requireTls: z.boolean().default(true),
    })
    .optional(),
  /**
   * Dead man's switch: the always-firing Watchdog is sent to this URL, and the service behind it alerts when the
   * heartbeats stop (a dead Prometheus or Alertmanager pages no one otherwise). Required for environments with a
   * cluster; `{ disabled: true, reason }` opts out explicitly. @default - none (validate asks for one of the two)
   */
  heartbeat: z
    .union(
      [
        z.strictObject({
          /** Heartbeat URL of a dead man's switch service (Healthchecks.io, PagerDuty heartbeat, Cronitor…), by reference. */
          url: secretRefSchema,
          /**
           * How often the heartbeat is sent: Alertmanager resends the Watchdog at every group_interval of its route,
           * which is this. Set the dead man's switch's period to it and its grace to at least one more interval (a
           * failed delivery, an Alertmanager restart). @default "1m"
           */
          interval: durationWithin("10s", "1h", "a dead man's switch expects a heartbeat at least hourly").prefault("1m"),
        }),
        z.strictObject({
          /** No dead man's switch: the Watchdog goes to a null receiver. */
          disabled: z.literal(true),
          /** Why, stated in the generated documentation. */
          reason: z.string().min(1),
        }),
      ],
      { error: () => 'expected { url, interval? } (a dead man\'s switch URL by reference) or { disabled: true, reason: "…" }' },
    )
    .optional(),
  /** Labels alerts are grouped by into one notification. @default ["alertname", "namespace", "job", "severity"] */
  groupBy: z
    .array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/))
    .min(1)
    .default(["alertname", "namespace", "job", "severity"]),
  /**
   * How often an unresolved alert is re-sent, per severity: Alertmanager re-sends at its next update (every 5 min;
   * info's digest hourly) once this has passed, so 1h means every 1h-1h5m. @default { critical: "1h", warning: "4h", info: "24h" }
   */
  repeatInterval: z
    .strictObject({
      critical: repeat.prefault("1h"),
      warning: repeat.prefault("4h"),
      info: repeat.prefault("24h"),
    })
    .prefault({}),
});
