import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../src/spec";
import { bundled, resourcesOf, synthEnvironment } from "../support/synth";

describe("Amazon DevOps Guru (cloud.devopsGuru)", () => {
  const prod = synthEnvironment(bundled("prod"));

  it("covers the resources tagged DevOps-Guru-monitoring=<env> by default and sends insights to the warning topic", () => {
    const [collection] = resourcesOf(prod, "aws_devopsguru_resource_collection");
    expect(collection).toMatchObject({ type: "AWS_TAGS", tags: [{ app_boundary_key: "DevOps-Guru-monitoring", tag_values: ["prod"] }] });
    const [channel] = resourcesOf(prod, "aws_devopsguru_notification_channel");
    expect(channel.sns[0].topic_arn).toMatch(/^\$\{aws_sns_topic\.notifications_topic-warning_[A-Z0-9]+\.arn\}$/);
    expect(channel.filters[0].message_types).toEqual(["NEW_INSIGHT", "SEVERITY_UPGRADED", "CLOSED_INSIGHT"]);
  });

  it("lets DevOps Guru use the topics' KMS key and publish to them, from this account only", () => {
    const documents = Object.values(
      prod.data.aws_iam_policy_document as Record<
        string,
        { statement: Array<{ sid: string; principals?: Array<{ identifiers: string[] }> }> }
      >,
    );
    const key = documents.find((d) => d.statement.some((s) => s.sid === "CloudWatchPublishesToEncryptedTopics"));
    expect(key?.statement.find((s) => s.sid === "CloudWatchPublishesToEncryptedTopics")?.principals?.[0].identifiers).toEqual([
      "cloudwatch.amazonaws.com",
      "devops-guru.amazonaws.com",
    ]);
  });

  it("covers CloudFormation stacks instead when stackNames are given, and is absent unless turned on", () => {
    const input = bundled("prod");
    (input.cloud as { devopsGuru?: unknown }).devopsGuru = { stackNames: ["shop-prod-app"] };
    const [collection] = resourcesOf(synthEnvironment(input), "aws_devopsguru_resource_collection");
    expect(collection).toMatchObject({ type: "AWS_CLOUD_FORMATION", cloudformation: [{ stack_names: ["shop-prod-app"] }] });
    expect(resourcesOf(synthEnvironment(bundled("staging")), "aws_devopsguru_resource_collection")).toEqual([]);
  });

  it("rejects a tag key without the prefix DevOps Guru requires", () => {
    const input = bundled("prod");
    (input.cloud as { devopsGuru?: unknown }).devopsGuru = { tagKey: "monitoring" };
    expect(() => resolveEnvironment(input)).toThrow(/cloud\.devopsGuru\.tagKey: expected a tag key starting with "Devops-guru-"/);
  });
});
