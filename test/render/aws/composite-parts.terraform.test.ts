import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AwsAlarms } from "../../../modules/aws-alarms";
import type { MetricAlarmDefinition } from "../../../src/render/aws/alarm-types";
import { type AlarmRenderContext, renderCompositeAlarms } from "../../../src/render/aws/alarms";
import { writeTree } from "../../support/tools";

/**
 * `terraform validate` on a service whose composite needs part composites (300 symptom alarms), with the provider's
 * real schema: the part resources, their depends_on and the empty action lists of the parts. Needs terraform and a
 * filesystem mirror of hashicorp/aws 5.100 (TF_PLUGIN_MIRROR, default /opt/tf-plugins); skipped without.
 */
const TERRAFORM = ["/usr/local/bin/terraform", "/usr/bin/terraform"].find((p) => existsSync(p));
const MIRROR = process.env.TF_PLUGIN_MIRROR ?? "/opt/tf-plugins";
const AWS_MIRRORED = "5.100.0";
const available = TERRAFORM !== undefined && existsSync(join(MIRROR, "registry.terraform.io/hashicorp/aws", AWS_MIRRORED));
if (!available) process.stderr.write(`skipping terraform validate: needs terraform and hashicorp/aws ${AWS_MIRRORED} under ${MIRROR}\n`);

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:qa-critical";

function symptomAlarm(i: number, symptom: "errors" | "latency"): MetricAlarmDefinition {
  return {
    name: `qa-svc-fn-${i}-${symptom}-warning`,
    description: `${symptom} on fn-${i}`,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 1,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: "notBreaching",
    source: {
      kind: "metric",
      metric: { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: `fn-${i}` }, statistic: "Sum" },
      periodSeconds: 60,
    },
    alarmActions: [TOPIC],
    okActions: [TOPIC],
    meta: { service: "svc", resource: `fn-${i}`, preset: symptom, severity: "warning", symptom, runbookSlug: "x" },
  };
}

describe.skipIf(!available)("terraform validate: part composites (hashicorp/aws 5.100 schema)", () => {
  it("accepts a service composite over part composites", () => {
    const alarms = Array.from({ length: 150 }, (_, i) => [symptomAlarm(i, "errors"), symptomAlarm(i, "latency")]).flat();
    const ctx = { env: "qa", runbookBaseUrl: "https://runbooks.example.com", actions: () => [TOPIC] } as unknown as AlarmRenderContext;
    const composites = renderCompositeAlarms(ctx, alarms);
    expect(composites.length).toBeGreaterThan(2);
    const stack = new TerraformStack(Testing.app(), "composite-parts");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new AwsAlarms(stack, "alarms", { alarms, compositeAlarms: composites });
    const json = JSON.parse(Testing.synth(stack));
    json.terraform = { required_providers: { aws: { source: "hashicorp/aws", version: AWS_MIRRORED } } };
    const dir = writeTree({ "main.tf.json": JSON.stringify(json, null, 2) }, "tf-composite-parts-");
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
    // The parts are created before the service composite that names them.
    const resources = json.resource.aws_cloudwatch_composite_alarm;
    const top = Object.values(resources).find((r) =>
      Object.keys((r as { for_each: object }).for_each).includes("qa-svc-composite-errorsWithLatency-critical"),
    );
    expect((top as { depends_on: string[] }).depends_on.some((d) => d.includes("composite-part"))).toBe(true);
  }, 180_000);
});
