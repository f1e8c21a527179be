import { z } from "zod";
import { durationSchema } from "./primitives";
import { secretRefSchema } from "./secret-ref";

/**
 * Where an incident is coordinated, apart from the alert channels: drills and game days announce themselves there and
 * post the initial report, status updates and the resolution (`monitoring-stack drill`, `monitoring-stack gameday`).
 */
export const incidentSchema = z.strictObject({
  /** Slack channel shown in messages, e.g. "#incident-prod". */
  channel: z.string().regex(/^#[a-z0-9_-]{1,80}$/, 'expected a channel name such as "#incident-prod"'),
  /** Incoming-webhook URL of that channel, by reference only (it is a credential). */
  webhookUrl: secretRefSchema,
  /** How often the communications lead posts a status update while the incident is open. @default "30m" */
  statusUpdateEvery: durationSchema.prefault("30m"),
});
