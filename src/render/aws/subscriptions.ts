import type { Severity } from "../../model/severity";
import { type ChannelSpec, channelSeverities } from "../../spec/channels";
import type { SecretRef } from "../../spec/secret-ref";

/** Delivery protocols SNS supports that this module wires; Slack goes through AWS Chatbot instead. */
export type SubscriptionProtocol = "email" | "sms" | "https";

export interface NotificationSubscription {
  /** Stable identifier, unique per severity (a rename replaces the subscription). */
  readonly id: string;
  readonly severity: Severity;
  readonly protocol: SubscriptionProtocol;
  /** Address, phone number or URL; may be a Terraform expression (e.g. a sensitive variable). */
  readonly endpoint: string;
  /** Set for endpoints that confirm by themselves (PagerDuty). @default false - SNS waits for confirmation */
  readonly endpointAutoConfirms?: boolean;
}

/** Resolves a secret reference to a Terraform expression (see stacks/secret-values.ts). */
export type SecretExpression = (ref: SecretRef, purpose: string) => string;

/**
 * SNS subscriptions for the environment's channels, one per channel, severity and address.
 * Slack is left out on purpose: SNS cannot post to Slack webhooks; AWS Chatbot subscribes to the topics instead.
 */
export function snsSubscriptions(channels: readonly ChannelSpec[], secret: SecretExpression): NotificationSubscription[] {
  return channels.flatMap((channel) =>
    channelSeverities(channel).flatMap((severity): NotificationSubscription[] => {
      switch (channel.type) {
        case "email":
          return channel.addresses.map((address, i) => ({ id: `${channel.name}-${i}`, severity, protocol: "email", endpoint: address }));
        case "sms":
          return channel.phoneNumbers.map((number, i) => ({ id: `${channel.name}-${i}`, severity, protocol: "sms", endpoint: number }));
        case "pagerduty": {
          // PagerDuty's Amazon CloudWatch integration endpoint; it confirms the subscription itself.
          const key = secret(channel.routingKey, `PagerDuty channel "${channel.name}"`);
          return [
            {
              id: channel.name,
              severity,
              protocol: "https",
              endpoint: `https://events.pagerduty.com/integration/${key}/enqueue`,
              endpointAutoConfirms: true,
            },
          ];
        }
        case "webhook":
          return [{ id: channel.name, severity, protocol: "https", endpoint: secret(channel.url, `webhook channel "${channel.name}"`) }];
        case "slack":
          return [];
        default:
          return assertNever(channel);
      }
    }),
  );
}

function assertNever(value: never): never {
  throw new Error(`unhandled channel ${JSON.stringify(value)}`);
}
