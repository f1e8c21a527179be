import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../../catalog/cloudwatch";
import type { LogGroupResource } from "../../catalog/cloudwatch/logs";
import { auditMetricNamespace } from "../../model/naming";
import { type AwsPlannedKind, awsWatchedResources } from "../../plan/aws-alarms";
import { planAnomalyComposites } from "../../plan/aws-composites";
import type { WatchedResource } from "../../plan/cloud-alarm";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec";
import type { AwsCloudSpec } from "../../spec/clouds/aws";
import type { Severity } from "../../spec/primitives";
import { type AgentGroupDefinition, agentUserData, renderAgentGroups } from "./agent";
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";
import { type AlarmRenderContext, compositeAlarmDefinitions, metricAlarmDefinition, renderAnomalyComposites } from "./alarms";
import { auditAlarmDefinitions, auditMetricFilters } from "./audit";
import { type DashboardDefinition, renderDashboards } from "./dashboard";
import {
  type LogGroupDefinition,
  logRetentionDays,
  type MetricFilterDefinition,
  type QueryDefinition,
  renderLogGroups,
  renderMetricFilters,
  renderQueryDefinitions,
} from "./logs";

/** Terraform expressions the renderer cannot know: topic ARNs, ALB ARN suffixes, the account of alarm ARNs. */
export interface AwsMonitoringInputs {
  /** Alarm and OK actions of a severity for an owning service (SNS topic ARNs; see AlarmRenderContext.actions). */
  readonly actions: (severity: Severity, service: string) => readonly string[];
  /** CloudWatch dimension of an ALB by name (`data.aws_lb.<x>.arn_suffix`). */
  readonly albArnSuffix: (loadBalancerName: string) => string;
  /** ARN of an alarm by name, for dashboards. */
  readonly alarmArn: (name: string) => string;
}

/** Everything the AWS backend deploys for one environment, as plain data. */
export interface AwsMonitoringArtifacts {
  readonly alarms: readonly MetricAlarmDefinition[];
  readonly compositeAlarms: readonly CompositeAlarmDefinition[];
  readonly logGroups: readonly LogGroupDefinition[];
  readonly metricFilters: readonly MetricFilterDefinition[];
  readonly queries: readonly QueryDefinition[];
  readonly agentGroups: readonly AgentGroupDefinition[];
  /** Launch-template user data of each Auto Scaling group, by spec entry name. */
  readonly userData: Readonly<Record<string, string>>;
  readonly scaling: ReadonlyArray<{ readonly id: string; readonly autoScalingGroupName: string; readonly targetCpuPercent: number }>;
  readonly dashboards: readonly DashboardDefinition[];
  readonly audit?: {
    readonly name: string;
    readonly retentionDays: ReturnType<typeof logRetentionDays>;
    readonly multiRegion: boolean;
    readonly objectLock?: "GOVERNANCE" | "COMPLIANCE";
    readonly metricFilters: readonly MetricFilterDefinition[];
    readonly alarms: readonly MetricAlarmDefinition[];
  };
}

/**
 * Renders the whole AWS side of an environment: a pure function of the spec and a few Terraform expressions. Alarms
 * are the plan's (`planEnvironment`, with `registry` of watch kinds, the bundled one unless a test passes its own),
 * translated into CloudWatch definitions.
 */
export function renderAwsMonitoring(
  spec: EnvironmentSpec,
  cloud: AwsCloudSpec,
  inputs: AwsMonitoringInputs,
  registry: WatchKindRegistry = AWS_WATCH_KINDS,
): AwsMonitoringArtifacts {
  const env = spec.name;
  const watch = cloud.watch;
  const ctx: AlarmRenderContext = {
    env,
    services: spec.services,
    thresholds: spec.thresholds,
    runbookBaseUrl: spec.runbookBaseUrl,
    actions: inputs.actions,
  };
  const plan = planEnvironment(spec, { awsRegistry: registry });
  const planned = plan.cloudAlarms;
  // The presets' sources need the ALB's ARN suffix, which only Terraform knows; the rest is the plan's resource.
  const resources: Readonly<Record<string, readonly WatchedResource[]>> = {
    ...awsWatchedResources(env, watch),
    loadBalancers: watch.loadBalancers.map((r) => ({ ...r, arnSuffix: inputs.albArnSuffix(r.loadBalancerName) })),
  };
  const byKey = new Map(Object.entries(resources).flatMap(([key, list]) => list.map((r) => [`${key}/${r.name}`, r] as const)));
  const alarms = planned
    .filter((a) => a.origin === "preset" || a.origin === "anomaly" || a.origin === "anomalyFloor")
    .map((a) =>
      metricAlarmDefinition(ctx, a, registry[a.kind] as unknown as AwsPlannedKind<unknown>, byKey.get(`${a.kind}/${a.resource}`)),
    );
  const logGroups = resources.logGroups as readonly LogGroupResource[];
  const agentGroups = renderAgentGroups(env, watch);
  const parameterOf = new Map(agentGroups.map((g) => [g.id, g.parameterName]));

  let audit: AwsMonitoringArtifacts["audit"];
  if (cloud.auditTrail) {
    const name = `${env}-audit`;
    const metricNamespace = auditMetricNamespace(env);
    audit = {
      name,
      retentionDays: logRetentionDays(cloud.auditTrail.retention),
      multiRegion: cloud.auditTrail.multiRegion,
      objectLock: cloud.auditTrail.objectLock,
      metricFilters: auditMetricFilters({ env, logGroupName: `/aws/cloudtrail/${name}`, metricNamespace }),
      alarms: auditAlarmDefinitions(
        { metricNamespace, actions: inputs.actions },
        planned.filter((a) => a.origin === "audit"),
      ),
    };
  }

  return {
    alarms,
    compositeAlarms: [
      ...compositeAlarmDefinitions(ctx, plan.cloudComposites),
      ...renderAnomalyComposites(ctx, planAnomalyComposites(planned)),
    ],
    logGroups: renderLogGroups(logGroups, spec.retention.logs),
    metricFilters: renderMetricFilters(env, logGroups),
    queries: renderQueryDefinitions(env, logGroups),
    agentGroups,
    userData: Object.fromEntries(watch.autoScalingGroups.map((g) => [g.name, agentUserData(parameterOf.get(g.name) ?? "")])),
    scaling: watch.autoScalingGroups.map((g) => ({ id: g.name, autoScalingGroupName: g.groupName, targetCpuPercent: g.targetCpuPercent })),
    dashboards: renderDashboards({
      region: cloud.region,
      alarms: [...alarms, ...(audit?.alarms ?? [])],
      alarmArn: inputs.alarmArn,
      dashboards: plan.cloudDashboards,
    }),
    audit,
  };
}
