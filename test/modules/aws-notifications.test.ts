import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AwsNotifications, type AwsNotificationsProps } from "../../modules/aws-notifications";
import type { TerraformJson } from "../support/synth";

function synth(props: AwsNotificationsProps): TerraformJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new AwsNotifications(stack, "alerts", props);
  return JSON.parse(Testing.synth(stack));
}

const values = (json: TerraformJson, kind: "resource" | "data", type: string): TerraformJson[] => Object.values(json[kind]?.[type] ?? {});

describe("AwsNotifications", () => {
  it("creates one topic per severity, encrypted with a rotating customer-managed key", () => {
    const json = synth({ namePrefix: "prod-monitoring" });
    const topics = values(json, "resource", "aws_sns_topic");
    expect(topics.map((t) => t.name).sort()).toEqual(["prod-monitoring-critical", "prod-monitoring-info", "prod-monitoring-warning"]);
    for (const topic of topics) expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
    const [key] = values(json, "resource", "aws_kms_key");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(values(json, "resource", "aws_kms_alias")[0].name).toBe("alias/prod-monitoring-alerts");
  });

  it("lets only CloudWatch of the same account publish, and nobody outside the account", () => {
    const json = synth({ namePrefix: "x", severities: ["critical"] });
    const documents = values(json, "data", "aws_iam_policy_document");
    const statements = documents.flatMap((d) => d.statement as TerraformJson[]);
    const cloudwatch = statements.filter((s) => s.principals[0].identifiers.includes("cloudwatch.amazonaws.com"));
    expect(cloudwatch.map((s) => s.sid).sort()).toEqual(["CloudWatchAlarmsPublish", "CloudWatchPublishesToEncryptedTopics"]);
    for (const s of cloudwatch) {
      expect(s.condition).toHaveLength(1);
      expect(s.condition[0]).toMatchObject({ test: "StringEquals", variable: "aws:SourceAccount" });
      expect(s.condition[0].values).toEqual([expect.stringMatching(/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/)]);
    }
    for (const s of statements) expect(s.principals[0].identifiers).not.toContain("*");
    expect(values(json, "resource", "aws_sns_topic_policy")).toHaveLength(1);
  });

  it("subscribes endpoints to the topic of their severity", () => {
    const json = synth({
      namePrefix: "x",
      subscriptions: [
        { id: "ops", severity: "warning", protocol: "email", endpoint: "ops@example.com" },
        { id: "pd", severity: "critical", protocol: "https", endpoint: "${var.pd}", endpointAutoConfirms: true },
      ],
    });
    const subscriptions = values(json, "resource", "aws_sns_topic_subscription");
    expect(subscriptions).toHaveLength(2);
    const email = subscriptions.find((s) => s.protocol === "email");
    expect(email?.topic_arn).toContain("topic-warning");
    expect(email?.endpoint_auto_confirms).toBe(false);
    expect(subscriptions.find((s) => s.protocol === "https")?.topic_arn).toContain("topic-critical");
  });

  it("refuses a subscription for a severity without a topic", () => {
    expect(() =>
      synth({
        namePrefix: "x",
        severities: ["critical"],
        subscriptions: [{ id: "a", severity: "info", protocol: "email", endpoint: "a@b.co" }],
      }),
    ).toThrow('subscription "a" is for severity "info", which has no topic (topics: critical)');
  });
});
