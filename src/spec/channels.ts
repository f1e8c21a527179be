import { z } from "zod";
import { dnsLabelSchema, type Severity, severitySchema } from "./primitives";
import { secretRefSchema } from "./secret-ref";

/**
 * Severities each channel type receives when the spec does not say: pages go to PagerDuty and SMS, chat gets
 * everything actionable, email also gets the informational digest.
 */
export const DEFAULT_CHANNEL_SEVERITIES: Readonly<Record<ChannelType, readonly Severity[]>> = {
  email: ["warning", "info"],
  sms: ["critical"],
  slack: ["critical", "warning"],
  pagerduty: ["critical"],
  webhook: ["critical", "warning", "info"],
};

const common = {
  /** Unique within the environment; used in resource names. */
  name: dnsLabelSchema,
  /** Severities routed to this channel. @default - by channel type, see DEFAULT_CHANNEL_SEVERITIES */
  severities: z.array(severitySchema).min(1).optional(),
};

export const emailChannelSchema = z.strictObject({
  type: z.literal("email"),
  ...common,
  addresses: z.array(z.email("expected an email address")).min(1),
});

export const smsChannelSchema = z.strictObject({
  type: z.literal("sms"),
  ...common,
  /** E.164 numbers, e.g. "+14155550100". */
  phoneNumbers: z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, "expected an E.164 phone number such as +14155550100")).min(1),
});

export const slackChannelSchema = z.strictObject({
  type: z.literal("slack"),
  ...common,
  /** Incoming-webhook URL, by reference only (it is a credential). */
  webhookUrl: secretRefSchema,
  /** Channel name shown in messages, e.g. "#alerts-prod". */
  channel: z.string().regex(/^#[a-z0-9_-]{1,80}$/, 'expected a channel name such as "#alerts-prod"'),
  /**
   * Bot token (xoxb-…) of a Slack app in the workspace, by reference: Cloud Monitoring's Slack notification channel
   * posts with it (an incoming webhook cannot be used there). Required on Google Cloud. @default - none
   */
  authToken: secretRefSchema.optional(),
  /**
   * AWS Chatbot delivery of CloudWatch alarms: the Slack workspace (team) id, authorized once in the Chatbot
   * console, and the channel id. @default - CloudWatch alarms do not reach this channel
   */
  chatbot: z
    .strictObject({
      /** Slack workspace (team) id, e.g. "T0123ABCD". */
      workspaceId: z.string().regex(/^[A-Z0-9]{9,11}$/, 'expected a Slack workspace id such as "T0123ABCD"'),
      /** Slack channel id (not its name), e.g. "C0123ABCDEF". */
      channelId: z.string().regex(/^[A-Z0-9]{9,11}$/, 'expected a Slack channel id such as "C0123ABCDEF"'),
    })
    .optional(),
});

export const pagerDutyChannelSchema = z.strictObject({
  type: z.literal("pagerduty"),
  ...common,
  /** Events API v2 integration (routing) key, by reference only. */
  routingKey: secretRefSchema,
});

export const webhookChannelSchema = z.strictObject({
  type: z.literal("webhook"),
  ...common,
  /** HTTPS endpoint, by reference (URLs of incident tools often embed a token). */
  url: secretRefSchema,
});

export const channelSchema = z.discriminatedUnion("type", [
  emailChannelSchema,
  smsChannelSchema,
  slackChannelSchema,
  pagerDutyChannelSchema,
  webhookChannelSchema,
]);

export type ChannelSpec = z.output<typeof channelSchema>;
export type ChannelType = ChannelSpec["type"];

/** The severities a channel receives, with the per-type default applied. */
export function channelSeverities(channel: ChannelSpec): readonly Severity[] {
  return channel.severities ?? DEFAULT_CHANNEL_SEVERITIES[channel.type];
}
