import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";

export interface AwsChatbotProps {
  /** Chatbot configuration name (unique in the account), e.g. "prod-alerts". */
  readonly name: string;
  /** Slack workspace (team) id; the workspace must be authorized once in the AWS Chatbot console. */
  readonly slackWorkspaceId: string;
  /** Slack channel id (e.g. "C0123ABCDEF"), not its name. */
  readonly slackChannelId: string;
  /** SNS topics whose notifications are posted. */
  readonly snsTopicArns: readonly string[];
  /** @default "ERROR" - Chatbot logs delivery errors only */
  readonly loggingLevel?: "ERROR" | "INFO" | "NONE";
}

/** What the channel role may do: read CloudWatch (to show alarm details and graphs), nothing else. */
export const CHATBOT_ROLE_ACTIONS = ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"] as const;

/**
 * Slack notifications through AWS Chatbot: the channel configuration subscribed to the alert topics, with a role
 * that can only read CloudWatch, and CloudWatchReadOnlyAccess as the guardrail for commands typed in the channel.
 */
export class AwsChatbot extends Construct {
  readonly role: IamRole;
  readonly configuration: ChatbotSlackChannelConfiguration;

  constructor(scope: Construct, id: string, props: AwsChatbotProps) {
    super(scope, id);
    if (props.snsTopicArns.length === 0) throw new Error(`Chatbot configuration "${props.name}" needs at least one SNS topic`);
    const partition = new DataAwsPartition(this, "partition").partition;
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const assume = new DataAwsIamPolicyDocument(this, "assume", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["chatbot.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
        },
      ],
    });
    this.role = new IamRole(this, "role", { name: `${props.name}-chatbot`, assumeRolePolicy: assume.json });
    const readOnly = new DataAwsIamPolicyDocument(this, "read-only", {
      statement: [{ sid: "ReadCloudWatch", actions: [...CHATBOT_ROLE_ACTIONS], resources: ["*"] }],
    });
    new IamRolePolicy(this, "read-only-policy", { name: "cloudwatch-read-only", role: this.role.id, policy: readOnly.json });
    this.configuration = new ChatbotSlackChannelConfiguration(this, "slack", {
      configurationName: props.name,
      iamRoleArn: this.role.arn,
      slackTeamId: props.slackWorkspaceId,
      slackChannelId: props.slackChannelId,
      snsTopicArns: [...props.snsTopicArns],
      guardrailPolicyArns: [`arn:${partition}:iam::aws:policy/CloudWatchReadOnlyAccess`],
      loggingLevel: props.loggingLevel ?? "ERROR",
    });
  }
}
