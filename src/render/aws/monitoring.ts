import { AWS_WATCH_KINDS, type AwsServiceCatalog, type WatchKindRegistry } from "../../catalog/cloudwatch";
import type { LogGroupResource } from "../../catalog/cloudwatch/logs";
import type { EnvironmentSpec } from "../../spec";
import type { AwsCloudSpec } from "../../spec/clouds/aws";
import type { Severity } from "../../spec/primitives";
import type { WatchedResource } from "../alarm-plan";
import { type AgentGroupDefinition, agentUserData, monitoringGroup, renderAgentGroups } from "./agent";
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";
import { type AlarmRenderContext, renderAnomalyAlarms, renderAnomalyComposites, renderCompositeAlarms, renderPresetAlarms } from "./alarms";
import { renderAuditTrail } from "./audit";
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

/** Namespace of an environment's log-based metrics. */
export const logMetricNamespace = (env: string) => `Monitoring/${env}`;

/**
 * Renders the whole AWS side of an environment: a pure function of the spec and a few Terraform expressions. Alarms
 * come from the registry of watch kinds (`registry`, the bundled one unless a test passes its own).
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
  const logGroups: LogGroupResource[] = watch.logGroups.map((r) => ({ ...r, metricNamespace: logMetricNamespace(env) }));
  // The few kinds whose dimensions only Terraform or the agent knows get those attributes; the others are their spec entry.
  const lookups: Partial<Record<string, readonly WatchedResource[]>> = {
    ec2: watch.ec2.map((r) => ({ ...r, monitoringGroup: monitoringGroup(env, r.name) })),
    loadBalancers: watch.loadBalancers.map((r) => ({ ...r, arnSuffix: inputs.albArnSuffix(r.loadBalancerName) })),
    logGroups,
  };
  const listed = watch as unknown as Readonly<Record<string, readonly WatchedResource[]>>;
  const kinds = Object.entries(registry).map(([key, kind]) => ({
    catalog: kind as unknown as AwsServiceCatalog<WatchedResource & { readonly anomalyDetection?: boolean }>,
    resources: lookups[key] ?? listed[key] ?? [],
  }));
  const alarms = [
    ...kinds.flatMap(({ catalog, resources }) => renderPresetAlarms(ctx, catalog, resources)),
    ...kinds.flatMap(({ catalog, resources }) => renderAnomalyAlarms(ctx, catalog, resources)),
  ];
  const agentGroups = renderAgentGroups(env, watch);
  const parameterOf = new Map(agentGroups.map((g) => [g.id, g.parameterName]));

  let audit: AwsMonitoringArtifacts["audit"];
  if (cloud.auditTrail) {
    const name = `${env}-audit`;
    const rendered = renderAuditTrail({
      env,
      logGroupName: `/aws/cloudtrail/${name}`,
      metricNamespace: `${logMetricNamespace(env)}/Audit`,
      runbookBaseUrl: spec.runbookBaseUrl,
      actions: inputs.actions,
    });
    audit = {
      name,
      retentionDays: logRetentionDays(cloud.auditTrail.retention),
      multiRegion: cloud.auditTrail.multiRegion,
      objectLock: cloud.auditTrail.objectLock,
      metricFilters: rendered.filters,
      alarms: rendered.alarms,
    };
  }

  return {
    alarms,
    compositeAlarms: [...renderCompositeAlarms(ctx, alarms), ...renderAnomalyComposites(ctx, alarms)],
    logGroups: renderLogGroups(logGroups, spec.retention.logs),
    metricFilters: renderMetricFilters(env, logGroups),
    queries: renderQueryDefinitions(env, logGroups),
    agentGroups,
    userData: Object.fromEntries(watch.autoScalingGroups.map((g) => [g.name, agentUserData(parameterOf.get(g.name) ?? "")])),
    scaling: watch.autoScalingGroups.map((g) => ({ id: g.name, autoScalingGroupName: g.groupName, targetCpuPercent: g.targetCpuPercent })),
    dashboards: cloud.dashboard
      ? renderDashboards({ env, region: cloud.region, alarms: [...alarms, ...(audit?.alarms ?? [])], alarmArn: inputs.alarmArn })
      : [],
    audit,
  };
}
