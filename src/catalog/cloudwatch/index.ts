import { presetRunbookSlug } from "../common-presets";
import type { RunbookContent } from "../runbooks/types";
import { watchKindRunbooks } from "../watch-kinds";
import { AUDIT_FILTERS } from "./audit";
import { AWS_WATCH_KINDS, type WatchKindRegistry } from "./registry";

export * from "./alb";
export * from "./api-gateway";
export * from "./asg";
export * from "./audit";
export * from "./composite-limits";
export * from "./dashboard-limits";
export * from "./dynamodb";
export * from "./ec2";
export * from "./ecs";
export * from "./elasticache";
export * from "./lambda";
export * from "./logs";
export * from "./rds";
export * from "./registry";
export * from "./sqs";
export * from "./step-functions";
export * from "./types";

/** Every watched kind's catalog: the registry of watch kinds (src/catalog/cloudwatch/registry.ts). */
export const CLOUDWATCH_CATALOG = AWS_WATCH_KINDS;

/** Runbook of the per-service composite alarm (errors AND latency). */
const COMPOSITE_RUNBOOK: RunbookContent = {
  meaning: "A service shows errors and slow responses at the same time: its warning-tier error and latency alarms are both in ALARM.",
  impact: "Users of the service get failures and long waits: the service is degraded for real, not one noisy metric.",
  diagnosis: [
    "The composite's description and `aws cloudwatch describe-alarms --region <region> --alarm-names <composite> --query 'CompositeAlarms[0].AlarmRule'` list the alarms behind it; open those in ALARM.",
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
  return presetRunbookSlug("aws", service, presetId);
}

/**
 * Runbook content of every CloudWatch preset, anomaly preset and audit filter, by slug: the intent's meaning,
 * impact, mitigation and escalation, with the preset's AWS-specific diagnosis and mitigation.
 */
export function cloudWatchRunbooks(registry: WatchKindRegistry = AWS_WATCH_KINDS): Record<string, RunbookContent> {
  const runbooks = watchKindRunbooks("aws", registry);
  for (const filter of AUDIT_FILTERS) runbooks[cloudWatchRunbookSlug("audit", filter.id)] = filter.runbook;
  runbooks[cloudWatchRunbookSlug("composite", "errorsWithLatency")] = COMPOSITE_RUNBOOK;
  return runbooks;
}
