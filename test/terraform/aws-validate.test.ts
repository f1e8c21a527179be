import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { AwsAgent } from "../../modules/aws-agent";
import { AwsAuditTrail, renderAuditTrail } from "../../modules/aws-audit-trail";
import { AwsNotifications } from "../../modules/aws-notifications";
import { agentConfig } from "../../src/render/aws/agent";
import { resolveEnvironment } from "../../src/spec";
import type { AwsCloudSpec } from "../../src/spec/clouds/aws";
import { awsKubernetesCapabilities } from "../../stacks/clouds/aws-kubernetes";
import { writeTree } from "../support/tools";

/**
 * `terraform validate` on the AWS constructs whose IAM, KMS and ordering the first-deploy issue changed (audit trail key
 * policy, agent associations, SMS role, OpenSearch domain, alert topics), with the provider's real schema. Needs
 * terraform and a filesystem mirror of hashicorp/aws 5.100 (TF_PLUGIN_MIRROR, default /opt/tf-plugins); skipped without.
 */
const TERRAFORM = ["/usr/local/bin/terraform", "/usr/bin/terraform"].find((p) => existsSync(p));
const MIRROR = process.env.TF_PLUGIN_MIRROR ?? "/opt/tf-plugins";
const AWS_MIRRORED = "5.100.0";
const available = TERRAFORM !== undefined && existsSync(join(MIRROR, "registry.terraform.io/hashicorp/aws", AWS_MIRRORED));
if (!available) process.stderr.write(`skipping terraform validate: needs terraform and hashicorp/aws ${AWS_MIRRORED} under ${MIRROR}\n`);

function synthesize(): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), "aws-validate");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const { filters, alarms } = renderAuditTrail({
    env: "qa",
    logGroupName: "/aws/cloudtrail/qa-audit",
    metricNamespace: "Monitoring/qa/Audit",
    actions: () => ["arn:aws:sns:eu-west-1:123456789012:qa-critical"],
  });
  new AwsAuditTrail(stack, "audit", { name: "qa-audit", metricFilters: filters, alarms });
  new AwsAgent(stack, "agent", {
    namePrefix: "qa-monitoring",
    groups: [
      {
        id: "web",
        parameterName: "AmazonCloudWatch-qa-web",
        config: agentConfig({ dimension: { name: "MonitoringGroup", value: "qa-web" }, processPatterns: [], logFiles: [] }),
        targets: [{ key: "tag:Role", values: ["web"] }],
      },
    ],
  });
  new AwsNotifications(stack, "notifications", { namePrefix: "qa-monitoring" });
  // The in-cluster identities and stores of prod (EKS): Alertmanager's SMS role and the OpenSearch trace domain.
  const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);
  if (!spec.kubernetes || spec.cloud?.provider !== "aws") throw new Error("prod runs on EKS");
  const capabilities = awsKubernetesCapabilities(stack, { spec, cloud: spec.cloud as AwsCloudSpec, kubernetes: spec.kubernetes });
  capabilities.smsDelivery?.({ serviceAccount: { namespace: "monitoring", name: "alertmanager" } });
  capabilities.traceStore({
    type: "aws-opensearch",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    securityGroupIds: ["sg-0123456789abcdef0"],
    instanceType: "r7g.large.search",
    volumeSizeGb: 100,
  });
  const json = JSON.parse(Testing.synth(stack));
  // The mirror holds 5.100; the bindings are 6.x, where data.aws_region exports `region` (5.x: `name`).
  json.terraform = { required_providers: { aws: { source: "hashicorp/aws", version: AWS_MIRRORED } } };
  return JSON.parse(JSON.stringify(json).replace(/(data\.aws_region\.[\w-]+)\.region\b/g, "$1.name"));
}

describe.skipIf(!available)("terraform validate (hashicorp/aws 5.100 schema)", () => {
  it("accepts the audit trail, agent, notification, SMS-role and OpenSearch resources", () => {
    const dir = writeTree({ "main.tf.json": JSON.stringify(synthesize(), null, 2) }, "tf-validate-");
    const cli = join(dir, "cli.tfrc");
    writeFileSync(cli, `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}\n`);
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cli, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const run = (args: string[]) => {
      const result = spawnSync(TERRAFORM as string, args, { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };
    const init = run(["init", "-backend=false", "-input=false", "-no-color"]);
    expect(init.status, init.output).toBe(0);
    const validate = run(["validate", "-no-color"]);
    expect(validate.status, validate.output).toBe(0);
  }, 180_000);
});
