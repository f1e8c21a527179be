import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { AwsAlarms } from "../../../modules/aws-alarms";
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from "../../../src/render/aws/alarm-types";
import { type AlarmRenderContext, renderCompositeAlarms } from "../../../src/render/aws/alarms";
import { testAlarm } from "../../support/alarms";
import { deepFreeze } from "../../support/deep-freeze";
import type { TerraformJson } from "../../support/synth";

/**
 * A service whose composite needs part composites (300 symptom alarms), synthesized with the AwsAlarms module: the
 * part resources, their depends_on and the empty action lists of the parts. test/render/aws/composite-parts.test.ts
 * checks its shape; test/terraform/aws-validate.test.ts validates it with the provider's real schema, in the same
 * terraform run as the bundled stacks (each run loads the 700 MB provider).
 */

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:qa-critical";

function symptomAlarm(i: number, symptom: "errors" | "latency"): MetricAlarmDefinition {
  const meta = { service: "svc", resource: `fn-${i}`, preset: symptom, severity: "warning", symptom, runbookSlug: "x" } as const;
  const alarm = testAlarm(
    `qa-svc-fn-${i}-${symptom}-warning`,
    { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: `fn-${i}` } },
    meta,
  );
  return { ...alarm, alarmActions: [TOPIC], okActions: [TOPIC] };
}

export interface PartComposites {
  readonly composites: CompositeAlarmDefinition[];
  /** The stack's Terraform JSON (its own aws provider block; no required_providers). */
  readonly json: TerraformJson;
}

let built: PartComposites | undefined;

/** The composites and their stack, built once per process and shared, so frozen (deepFreeze) once synthesized. */
export function partComposites(): PartComposites {
  if (built) return built;
  const alarms = Array.from({ length: 150 }, (_, i) => [symptomAlarm(i, "errors"), symptomAlarm(i, "latency")]).flat();
  const ctx = { env: "qa", runbookBaseUrl: "https://runbooks.example.com", actions: () => [TOPIC] } as unknown as AlarmRenderContext;
  const composites = renderCompositeAlarms(ctx, alarms);
  const stack = new TerraformStack(Testing.app(), "composite-parts");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new AwsAlarms(stack, "alarms", { alarms, compositeAlarms: composites });
  built = deepFreeze({ composites, json: JSON.parse(Testing.synth(stack)) });
  return built;
}
