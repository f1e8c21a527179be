import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { SEVERITY_NAMES as SEVERITIES, type Severity } from "../../src/model/severity";
import type { NotificationSubscription, SubscriptionProtocol } from "../../src/render/aws/subscriptions";

export type { NotificationSubscription, SubscriptionProtocol };

export interface AwsNotificationsProps {
  /** Prefix of topic, key and alias names, e.g. "prod-monitoring". */
  readonly namePrefix: string;
  /** One topic is created per severity. @default ["critical", "warning", "info"] */
  readonly severities?: readonly Severity[];
  /** @default [] - topics only; subscribe later */
  readonly subscriptions?: readonly NotificationSubscription[];
  /** Waiting period before the KMS key is deleted after a destroy. @default 30 - days, the maximum, for recovery */
  readonly keyDeletionWindowDays?: number;
  /**
   * AWS service principals that may publish to the topics (key and topic policy), limited to this account.
   * @default ["cloudwatch.amazonaws.com"] - CloudWatch alarms
   */
  readonly publishers?: readonly string[];
  /**
   * More topics, under the same key and access policy, each with its own subscriptions, e.g. one per service that
   * pages its owning team. Topic names are `<namePrefix>-<name>`. @default []
   */
  readonly routeTopics?: ReadonlyArray<{
    readonly name: string;
    readonly subscriptions: ReadonlyArray<Omit<NotificationSubscription, "severity">>;
  }>;
}

/**
 * One encrypted SNS topic per severity, the customer-managed KMS key that encrypts them, and their subscriptions.
 * CloudWatch alarms in this account may publish (key policy and topic policy); nobody outside the account can.
 */
export class AwsNotifications extends Construct {
  /** Topics by severity; use their ARNs as alarm actions. */
  readonly topics: Readonly<Partial<Record<Severity, SnsTopic>>>;
  /** The route topics by name. */
  readonly routeTopics: ReadonlyMap<string, SnsTopic>;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AwsNotificationsProps) {
    super(scope, id);
    const severities = props.severities ?? SEVERITIES;
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const partition = new DataAwsPartition(this, "partition").partition;
    const sameAccount = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }];
    const publishers = [...(props.publishers ?? ["cloudwatch.amazonaws.com"])];

    const keyPolicy = new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        {
          sid: "AccountAdministers",
          principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${account}:root`] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        {
          // CloudWatch publishes to encrypted topics with its own service principal, limited to this account.
          sid: "CloudWatchPublishesToEncryptedTopics",
          principals: [{ type: "Service", identifiers: publishers }],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
          condition: sameAccount,
        },
      ],
    });

    this.key = new KmsKey(this, "key", {
      description: `Encrypts the ${props.namePrefix} alert topics`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, "key-alias", { name: `alias/${props.namePrefix}-alerts`, targetKeyId: this.key.keyId });

    // Every topic: encrypted with the key, managed by the account, published to by CloudWatch of the account only.
    const createTopic = (id: string, name: string): SnsTopic => {
      const topic = new SnsTopic(this, `topic-${id}`, { name: `${props.namePrefix}-${name}`, kmsMasterKeyId: this.key.arn });
      const topicPolicy = new DataAwsIamPolicyDocument(this, `topic-${id}-policy`, {
        statement: [
          {
            sid: "AccountManagesTopic",
            principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${account}:root`] }],
            actions: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
            resources: [topic.arn],
          },
          {
            sid: "CloudWatchAlarmsPublish",
            principals: [{ type: "Service", identifiers: publishers }],
            actions: ["sns:Publish"],
            resources: [topic.arn],
            condition: sameAccount,
          },
        ],
      });
      new SnsTopicPolicy(this, `topic-${id}-access`, { arn: topic.arn, policy: topicPolicy.json });
      return topic;
    };
    const topics: Partial<Record<Severity, SnsTopic>> = {};
    for (const severity of severities) topics[severity] = createTopic(severity, severity);
    this.topics = topics;
    const routeTopics = new Map<string, SnsTopic>();
    for (const route of props.routeTopics ?? []) {
      const topic = createTopic(`route-${route.name}`, route.name);
      routeTopics.set(route.name, topic);
      for (const subscription of route.subscriptions) {
        new SnsTopicSubscription(this, `subscription-route-${route.name}-${subscription.id}`, {
          topicArn: topic.arn,
          protocol: subscription.protocol,
          endpoint: subscription.endpoint,
          endpointAutoConfirms: subscription.endpointAutoConfirms ?? false,
        });
      }
    }
    this.routeTopics = routeTopics;

    for (const subscription of props.subscriptions ?? []) {
      const topic = topics[subscription.severity];
      if (!topic) {
        throw new Error(
          `subscription "${subscription.id}" is for severity "${subscription.severity}", which has no topic (topics: ${severities.join(", ")})`,
        );
      }
      new SnsTopicSubscription(this, `subscription-${subscription.severity}-${subscription.id}`, {
        topicArn: topic.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        endpointAutoConfirms: subscription.endpointAutoConfirms ?? false,
      });
    }
  }

  /** ARN of the topic for a severity; throws when the module was built without it. */
  topicArn(severity: Severity): string {
    const topic = this.topics[severity];
    if (!topic) throw new Error(`no topic for severity "${severity}"`);
    return topic.arn;
  }
}
