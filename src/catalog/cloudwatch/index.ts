import { kebab } from "../../model/naming";
import type { RunbookContent } from "../runbooks/types";
import { ALB_ANOMALIES, ALB_PRESETS, type AlbResource } from "./alb";
import { ASG_PRESETS, type AsgResource } from "./asg";
import { AUDIT_FILTERS } from "./audit";
import { EC2_PRESETS, type Ec2Resource } from "./ec2";
import { LAMBDA_ANOMALIES, LAMBDA_PRESETS, type LambdaResource } from "./lambda";
import { LOG_PRESETS, type LogGroupResource } from "./logs";
import { RDS_PRESETS, type RdsResource } from "./rds";
import { SQS_ANOMALIES, SQS_PRESETS, type SqsResource } from "./sqs";
import type { CloudWatchAnomalyPreset, CloudWatchPreset } from "./types";

export * from "./alb";
export * from "./asg";
export * from "./audit";
export * from "./ec2";
export * from "./lambda";
export * from "./logs";
export * from "./rds";
export * from "./sqs";
export * from "./types";

/** The resource each kind of `cloud.watch` hands to its presets. */
export interface AwsResourceByKind {
  readonly ec2: Ec2Resource;
  readonly autoScalingGroups: AsgResource;
  readonly rds: RdsResource;
  readonly loadBalancers: AlbResource;
  readonly lambdaFunctions: LambdaResource;
  readonly sqsQueues: SqsResource;
  readonly logGroups: LogGroupResource;
}
export type AwsWatchKind = keyof AwsResourceByKind;

/** One AWS service of the catalog: its presets, anomaly presets, and the slug prefix of its runbooks. */
export interface AwsServiceCatalog<R> {
  /** Short service name in runbook slugs (`aws-<service>-<preset>`). */
  readonly service: string;
  readonly presets: readonly CloudWatchPreset<R>[];
  readonly anomalies: readonly CloudWatchAnomalyPreset<R>[];
}

/** Every watched kind's catalog. Adding an AWS service: a file beside the others and one line here. */
export const CLOUDWATCH_CATALOG: { readonly [K in AwsWatchKind]: AwsServiceCatalog<AwsResourceByKind[K]> } = {
  ec2: { service: "ec2", presets: EC2_PRESETS, anomalies: [] },
  autoScalingGroups: { service: "asg", presets: ASG_PRESETS, anomalies: [] },
  rds: { service: "rds", presets: RDS_PRESETS, anomalies: [] },
  loadBalancers: { service: "alb", presets: ALB_PRESETS, anomalies: ALB_ANOMALIES },
  lambdaFunctions: { service: "lambda", presets: LAMBDA_PRESETS, anomalies: LAMBDA_ANOMALIES },
  sqsQueues: { service: "sqs", presets: SQS_PRESETS, anomalies: SQS_ANOMALIES },
  logGroups: { service: "logs", presets: LOG_PRESETS, anomalies: [] },
};

/** Runbook of the per-service composite alarm (errors AND latency). */
export const COMPOSITE_RUNBOOK: RunbookContent = {
  meaning: "A service shows errors and slow responses at the same time: its warning-tier error and latency alarms are both in ALARM.",
  impact: "Users of the service get failures and long waits: the service is degraded for real, not one noisy metric.",
  diagnosis: [
    "The composite's description and `aws cloudwatch describe-alarms --alarm-names <composite> --query 'CompositeAlarms[0].AlarmRule'` list the alarms behind it; open those in ALARM.",
    "Look for a common cause: a deploy, a saturated database (its latency and CPU alarms), a failing dependency.",
  ],
  mitigation: [
    "Roll back the latest release of the service if the symptoms started with it.",
    "Scale out; shed load (rate limits) if a surge caused it.",
  ],
  escalation: "Page the service's team; involve the database or platform owner when their alarms fire too.",
};

/** Runbook slug of a CloudWatch preset: `aws-<service>-<preset>` (runbooks/<slug>.md). */
export function cloudWatchRunbookSlug(service: string, presetId: string): string {
  return `aws-${service}-${kebab(presetId)}`;
}

/**
 * Runbook content of every CloudWatch preset, anomaly preset and audit filter, by slug: the intent's meaning,
 * impact, mitigation and escalation, with the preset's AWS-specific diagnosis and mitigation.
 */
export function cloudWatchRunbooks(): Record<string, RunbookContent> {
  const runbooks: Record<string, RunbookContent> = {};
  for (const { service, presets, anomalies } of Object.values(CLOUDWATCH_CATALOG) as AwsServiceCatalog<unknown>[]) {
    for (const p of presets) {
      runbooks[cloudWatchRunbookSlug(service, p.id)] = {
        meaning: p.intent.meaning,
        impact: p.intent.impact,
        diagnosis: p.diagnosis,
        mitigation: [...p.intent.mitigation, ...(p.mitigation ?? [])],
        escalation: p.intent.escalation,
      };
    }
    for (const a of anomalies) {
      runbooks[cloudWatchRunbookSlug(service, a.id)] = {
        meaning: a.intent.meaning,
        impact: a.intent.impact,
        diagnosis: a.diagnosis,
        mitigation: a.intent.mitigation,
        escalation: a.intent.escalation,
      };
    }
  }
  for (const filter of AUDIT_FILTERS) runbooks[cloudWatchRunbookSlug("audit", filter.id)] = filter.runbook;
  runbooks[cloudWatchRunbookSlug("composite", "errorsWithLatency")] = COMPOSITE_RUNBOOK;
  return runbooks;
}
