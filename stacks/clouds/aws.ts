import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { AwsNotifications } from "../../modules/aws-notifications";
import { snsSubscriptions } from "../../src/render/aws/subscriptions";
import type { AwsCloudSpec } from "../../src/spec/clouds/aws";
import type { CloudBackend, CloudContext } from "./types";

/** AWS: provider, encrypted SNS topics per severity with the spec's subscriptions, and their ARNs as outputs. */
export const awsBackend: CloudBackend<AwsCloudSpec> = {
  provider: "aws",
  attach(scope: Construct, { spec, cloud, secrets }: CloudContext<AwsCloudSpec>): void {
    new AwsProvider(scope, "aws", {
      region: cloud.region,
      allowedAccountIds: cloud.accountId ? [cloud.accountId] : undefined,
      defaultTags: [{ tags: { ...cloud.tags, "monitoring:environment": spec.name, "managed-by": "cdktf-monitoring-stack" } }],
    });
    const notifications = new AwsNotifications(scope, "notifications", {
      namePrefix: `${spec.name}-monitoring`,
      subscriptions: snsSubscriptions(spec.channels, (ref, purpose) => secrets.expression(ref, purpose)),
    });
    for (const [severity, topic] of Object.entries(notifications.topics)) {
      new TerraformOutput(scope, `alert-topic-${severity}-arn`, {
        value: topic.arn,
        description: `SNS topic for ${severity} alerts in ${spec.name}`,
      });
    }
  },
};
