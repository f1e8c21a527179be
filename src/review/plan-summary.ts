import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SignalUnit } from "../catalog/signals";
import type { AlarmComparison, AlarmEvaluation, CloudAlarmOrigin } from "../plan/cloud-alarm";
import type { Severity } from "../spec/primitives";

/**
 * The monitoring plan of one stack as data for reviewers' tools: every Prometheus/Loki alert and every cloud alarm with
 * its threshold as a number, taken from `planEnvironment(spec)` (`summarize-plan.ts`). Synth writes it beside the stack's Terraform
 * (`stacks/<stack>/monitoring-plan.json`), so `diff` compares what two commits planned, never parsing thresholds
 * back from PromQL, queries or provider arguments; `cost` counts the same alarms.
 *
 * A file of its own rather than a field of cdk.tf.json: Terraform reads only `*.tf.json` in the stack folder, so the
 * file changes nothing that `cdktf deploy` or `terraform plan` sees, and the Terraform stays as cdktf writes it. It holds
 * names, expressions, thresholds and channel names, never a credential or a Terraform reference that resolves to one.
 */
export const PLAN_SUMMARY_FILE = "monitoring-plan.json";

/** Bumped when a field changes meaning: a reader refuses another format instead of comparing unlike things. */
export const PLAN_SUMMARY_FORMAT = 1;

/** One Prometheus or Loki alerting rule of the plan (one tier: warning and critical are two). */
export interface PlannedAlertSummary {
  /** `<alert> (<service>) [<severity>]` (then ` #2`… for more rules of the same): what diff matches base and head by. */
  readonly key: string;
  readonly name: string;
  readonly severity: Severity;
  readonly engine: "prometheus" | "loki";
  readonly group: string;
  readonly expr: string;
  /** Prometheus duration ("10m"); "0s" fires on the first evaluation. */
  readonly for: string;
  /** The resolved tier the expression compares with. @default - none: a fixed condition (read its expression) */
  readonly threshold?: { readonly op: ">" | "<"; readonly value: number };
  /** Alertmanager receivers of the severity, in routing order. */
  readonly receivers: readonly string[];
}

/**
 * How the alarm is deployed. CloudWatch: metric, anomaly, insights, composite. Cloud Monitoring: policy (threshold or
 * uptime), promql. Azure Monitor: metric-alert, dynamic-alert (dynamic thresholds), log-alert (log search).
 */
export type DeployedAlarmKind =
  | "metric"
  | "anomaly"
  | "insights"
  | "composite"
  | "policy"
  | "promql"
  | "metric-alert"
  | "dynamic-alert"
  | "log-alert";

/** One cloud alarm of the plan: a CloudWatch alarm, a Cloud Monitoring alert policy or an Azure Monitor alert. */
export interface PlannedAlarmSummary {
  readonly name: string;
  readonly cloud: "aws" | "gcp" | "azure";
  readonly kind: DeployedAlarmKind;
  /** Where it comes from in the plan: a preset's tier, an anomaly band or its floor, the audit trail, a composite, uptime. */
  readonly origin: CloudAlarmOrigin;
  readonly severity: Severity;
  /** Owning service, or the platform. */
  readonly service: string;
  /** The watched resource (spec name), or what the alarm is about. */
  readonly resource: string;
  /** How the cloud compares: a threshold in the metric's unit, a band, a query holding its own, all of its members. */
  readonly comparison: AlarmComparison;
  /** How long the condition must hold, in the cloud's terms. */
  readonly evaluation: AlarmEvaluation;
  /** The tier in the signal's unit (before unit conversion), for fixed thresholds. @default - none */
  readonly tier?: { readonly value: number; readonly unit: SignalUnit; readonly direction: "above" | "below"; readonly for: string };
  /** A composite's alarms. @default - not a composite */
  readonly members?: readonly string[];
  /** Metrics the alarm evaluates (what CloudWatch bills a metric alarm for; 0 off CloudWatch and for composites). */
  readonly metricCount: number;
  /** Azure metric alerts: one resource, or every resource of a type in a resource group. @default - not an Azure metric alert */
  readonly scope?: "resource" | "resourceGroup";
  /** Where it notifies: SNS topics and on-call pages (`topic critical`, `page checkout`), else the spec's channels. */
  readonly actions: readonly string[];
}

export interface PlanSummary {
  readonly format: typeof PLAN_SUMMARY_FORMAT;
  readonly environment: string;
  readonly alerts: readonly PlannedAlertSummary[];
  readonly alarms: readonly PlannedAlarmSummary[];
}

/** A stack folder's plan summary, or why there is none to compare. */
export type PlanSummaryRead = { readonly summary: PlanSummary } | { readonly problem: string };

/** Reads `<stackDir>/monitoring-plan.json`: absent when the stack was synthesized by a version that did not write it. */
export function readPlanSummary(stackDir: string): PlanSummaryRead {
  const file = join(stackDir, PLAN_SUMMARY_FILE);
  if (!existsSync(file)) return { problem: `no ${PLAN_SUMMARY_FILE} (synthesized by a version that did not write it)` };
  let data: Partial<PlanSummary>;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { problem: `${PLAN_SUMMARY_FILE} is not JSON (${(error as Error).message})` };
  }
  if (data?.format !== PLAN_SUMMARY_FORMAT || !Array.isArray(data.alerts) || !Array.isArray(data.alarms))
    return { problem: `${PLAN_SUMMARY_FILE} has format ${JSON.stringify(data?.format)}, this version reads ${PLAN_SUMMARY_FORMAT}` };
  return { summary: data as PlanSummary };
}
