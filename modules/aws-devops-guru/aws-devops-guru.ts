import { DevopsguruNotificationChannel } from "@cdktf/provider-aws/lib/devopsguru-notification-channel";
import { DevopsguruResourceCollection } from "@cdktf/provider-aws/lib/devopsguru-resource-collection";
import { Construct } from "constructs";

/** Which resources DevOps Guru analyses: those carrying a tag (an "application boundary"), or those of CloudFormation stacks. */
export type DevOpsGuruCoverage =
  | {
      /** Tag key of the boundary; DevOps Guru requires it to begin with "Devops-guru-" (any case). */
      readonly tagKey: string;
      readonly tagValues: readonly string[];
    }
  | { readonly stackNames: readonly string[] };

export interface AwsDevOpsGuruProps {
  readonly coverage: DevOpsGuruCoverage;
  /** SNS topic that receives insights (encrypted topics need `devops-guru.amazonaws.com` in the key and topic policies). */
  readonly topicArn: string;
  /**
   * Which events reach the topic.
   * @default ["NEW_INSIGHT", "SEVERITY_UPGRADED", "CLOSED_INSIGHT"] - insights, not every new recommendation or association
   */
  readonly messageTypes?: readonly string[];
}

/**
 * Amazon DevOps Guru for a set of resources (by tag or by stack), with its insights sent to an SNS topic. The resource
 * collection is an account- and Region-wide setting: one stack per account and Region should own it.
 */
export class AwsDevOpsGuru extends Construct {
  constructor(scope: Construct, id: string, props: AwsDevOpsGuruProps) {
    super(scope, id);
    const coverage = props.coverage;
    if ("tagKey" in coverage && !/^devops-guru-/i.test(coverage.tagKey)) {
      throw new Error(`DevOps Guru tag key must begin with "Devops-guru-", received "${coverage.tagKey}"`);
    }
    new DevopsguruResourceCollection(this, "coverage", {
      ...("tagKey" in coverage
        ? { type: "AWS_TAGS", tags: [{ appBoundaryKey: coverage.tagKey, tagValues: [...coverage.tagValues] }] }
        : { type: "AWS_CLOUD_FORMATION", cloudformation: [{ stackNames: [...coverage.stackNames] }] }),
    });
    new DevopsguruNotificationChannel(this, "insights", {
      sns: [{ topicArn: props.topicArn }],
      filters: [{ messageTypes: [...(props.messageTypes ?? ["NEW_INSIGHT", "SEVERITY_UPGRADED", "CLOSED_INSIGHT"])] }],
    });
  }
}
