import type { NotificationSubscription } from "../../../modules/aws-notifications/aws-notifications";
import { type ChannelSpec, channelSeverities } from "../../spec/channels";
import type { SecretRef } from "../../spec/secret-ref";

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
