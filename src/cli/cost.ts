import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { loadEnvironments } from "../../stacks/environments";
import { MonitoringStack, stackName } from "../../stacks/monitoring-stack";
import { gcpLogRetentionDays, workspaceRetentionDays } from "../plan/cloud-logs";
import { type CloudCostEstimate, cloudCostMarkdown, estimateAzureCost, estimateGoogleCost } from "../review/cloud-cost";
import { type CostAssumptions, costMarkdown, DEFAULT_ASSUMPTIONS, estimateCloudWatchCost, notEstimated } from "../review/cost";
import type { PlannedAlarmSummary } from "../review/plan-summary";
import { type MonitoringModel, monitoringModel } from "../review/stack-model";
import { planSummary } from "../review/summarize-plan";
import type { AzureCloudSpec } from "../spec/clouds/azure";
import type { GcpCloudSpec } from "../spec/clouds/gcp";
import type { EnvironmentSpec } from "../spec/environment";

interface CostOptions {
  readonly env?: string;
  readonly instancesPerGroup?: string;
  readonly logGbPerDay?: string;
  /** Print JSON ({ environment, monthlyUsd, lines, assumptions, notEstimated }). @default false */
  readonly json?: boolean;
}

/** Synthesizes one environment in a temporary folder and returns its Terraform JSON. */
export function synthesizeToJson(spec: EnvironmentSpec): unknown {
  const outdir = mkdtempSync(join(tmpdir(), "monitoring-cost-"));
  try {
    const app = new App({ outdir });
    new MonitoringStack(app, { spec });
    app.synth();
    return JSON.parse(readFileSync(join(outdir, "stacks", stackName(spec.name), "cdk.tf.json"), "utf8"));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The Google or Azure estimate of an environment, from its plan's alarms and the spec's log settings; undefined on AWS. */
export function cloudCostEstimate(spec: EnvironmentSpec, assumptions: CostAssumptions): CloudCostEstimate | undefined {
  if (spec.cloud?.provider === "gcp") {
    const cloud = spec.cloud as GcpCloudSpec;
    return estimateGoogleCost(
      {
        alarms: planSummary(spec).alarms,
        // Each watched log entry, and each group of VMs whose Ops Agent ships logs.
        logSources: cloud.watch.logs.length + cloud.watch.vms.length,
        logRetentionDays: gcpLogRetentionDays(spec, cloud),
      },
      assumptions,
    );
  }
  if (spec.cloud?.provider === "azure") {
    const cloud = spec.cloud as AzureCloudSpec;
    return estimateAzureCost({
      alarms: planSummary(spec).alarms,
      workspaceRetentionDays: workspaceRetentionDays((cloud.logRetention ?? spec.retention.logs).toDays()),
    });
  }
  return undefined;
}

/** CloudWatch: the plan's alarms, and what only the synthesized Terraform holds (agent metrics, log groups, dashboards). */
export function cloudWatchInputs(spec: EnvironmentSpec): {
  readonly alarms: readonly PlannedAlarmSummary[];
  readonly model: MonitoringModel;
} {
  return { alarms: planSummary(spec).alarms, model: monitoringModel(synthesizeToJson(spec)) };
}

const CLOUD_TITLES: Readonly<Record<string, string>> = { gcp: "Google Cloud Observability", azure: "Azure Monitor" };

/**
 * `monitoring-stack cost --env <env>`: the monthly estimate of what the stack creates in its cloud's monitoring
 * services (CloudWatch; Cloud Logging on Google Cloud), as a Markdown table, and what it counts but cannot price.
 */
export function costCommand(options: CostOptions): number {
  const specs = loadEnvironments();
  const spec = specs.find((s) => s.name === options.env);
  if (!spec) {
    process.stderr.write(
      `usage: monitoring-stack cost --env <env> [--instances-per-group N] [--log-gb-per-day X] (known: ${specs.map((s) => s.name).join(", ")})\n`,
    );
    return 2;
  }
  const number = (text: string | undefined, fallback: number, name: string): number | undefined => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (Number.isFinite(n) && n >= 0) return n;
    process.stderr.write(`--${name} must be a number >= 0, received "${text}"\n`);
    return undefined;
  };
  const instancesPerGroup = number(options.instancesPerGroup, DEFAULT_ASSUMPTIONS.instancesPerGroup, "instances-per-group");
  const logGbPerDayPerGroup = number(options.logGbPerDay, DEFAULT_ASSUMPTIONS.logGbPerDayPerGroup, "log-gb-per-day");
  if (instancesPerGroup === undefined || logGbPerDayPerGroup === undefined) return 2;
  const assumptions = { instancesPerGroup, logGbPerDayPerGroup };
  const cloud = cloudCostEstimate(spec, assumptions);
  const missing = [...(cloud?.unpriced ?? []), ...notEstimated(spec)];
  if (cloud) {
    const title = CLOUD_TITLES[spec.cloud?.provider ?? ""];
    if (options.json) {
      const lines = cloud.lines.filter((l) => l.quantity > 0);
      const result = { environment: spec.name, monthlyUsd: cloud.monthly, lines, assumptions, note: cloud.note, notEstimated: missing };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const heading = cloud.monthly === null ? `### Estimated cost: ${spec.name}` : `### Estimated ${title} cost: ${spec.name}`;
    process.stdout.write(`${heading}\n\n${cloudCostMarkdown(cloud, notEstimated(spec))}\n`);
    return 0;
  }
  const { alarms, model } = cloudWatchInputs(spec);
  const estimate = estimateCloudWatchCost(alarms, model, assumptions);
  const usesCloudWatch = estimate.lines.some((l) => l.quantity > 0);
  if (options.json) {
    const lines = estimate.lines.filter((l) => l.quantity > 0);
    const result = {
      environment: spec.name,
      monthlyUsd: usesCloudWatch ? estimate.monthly : null,
      lines,
      assumptions: estimate.assumptions,
    };
    process.stdout.write(`${JSON.stringify({ ...result, notEstimated: missing }, null, 2)}\n`);
    return 0;
  }
  const parts = [
    usesCloudWatch
      ? `### Estimated CloudWatch cost: ${spec.name}\n\n${costMarkdown(estimate)}`
      : `### Estimated cost: ${spec.name}\n\nNo CloudWatch resources: nothing this command can price.`,
  ];
  if (missing.length > 0) parts.push(`Not estimated:\n${missing.map((m) => `- ${m}`).join("\n")}`);
  process.stdout.write(`${parts.join("\n\n")}\n`);
  return 0;
}
