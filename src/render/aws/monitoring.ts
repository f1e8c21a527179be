import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../../catalog/cloudwatch";
import type { LogGroupResource } from "../../catalog/cloudwatch/logs";
import { auditMetricNamespace } from "../../model/naming";
import { awsWatchedResources } from "../../plan/aws-alarms";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec";
import type { AwsCloudSpec } from "../../spec/clouds/aws";
import { type AgentGroupDefinition, agentUserData, renderAgentGroups } from "./agent";
import { type AwsAlarmInputs, bindAwsAlarms, symbolicAwsAlarms } from "./alarm-set";
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";
import { auditMetricFilters } from "./audit";
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
export interface AwsMonitoringInputs extends AwsAlarmInputs {
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

/** The AWS side without its alarms and dashboards: what needs no Terraform expression. */
export type AwsSupportArtifacts = Omit<AwsMonitoringArtifacts, "alarms" | "compositeAlarms" | "dashboards" | "audit"> & {
  readonly audit?: Omit<NonNullable<AwsMonitoringArtifacts["audit"]>, "alarms">;
};

/**
 * Renders the whole AWS side of an environment: a pure function of the spec and a few Terraform expressions. Alarms
 * are the plan's (`planEnvironment`, with `registry` of watch kinds, the bundled one unless a test passes its own),
 * translated into CloudWatch definitions: rendered once per spec with stand-ins (the set validation reads,
 * `symbolicAwsAlarms`) and bound to `inputs` here. The dashboards draw the bound alarms.
 */
export function renderAwsMonitoring(
  spec: EnvironmentSpec,
  cloud: AwsCloudSpec,
  inputs: AwsMonitoringInputs,
  registry: WatchKindRegistry = AWS_WATCH_KINDS,
): AwsMonitoringArtifacts {
  const { alarms, compositeAlarms, auditAlarms } = bindAwsAlarms(symbolicAwsAlarms(spec, cloud, registry), inputs);
  const support = renderAwsSupport(spec, cloud);
  const audit = support.audit ? { ...support.audit, alarms: auditAlarms } : undefined;
  return {
    ...support,
    alarms,
    compositeAlarms,
    dashboards: renderDashboards({
      region: cloud.region,
      alarms: [...alarms, ...auditAlarms],
      alarmArn: inputs.alarmArn,
      dashboards: planEnvironment(spec, { awsRegistry: registry }).cloudDashboards,
    }),
    audit,
  };
}

/**
 * The log groups with their metric filters and saved queries, the CloudWatch agent's groups and user data, target
 * tracking of Auto Scaling groups, and the audit trail (its alarms are in the alarm set).
 */
export function renderAwsSupport(spec: EnvironmentSpec, cloud: AwsCloudSpec): AwsSupportArtifacts {
  const env = spec.name;
  const watch = cloud.watch;
  const logGroups = awsWatchedResources(env, watch).logGroups as readonly LogGroupResource[];
  const agentGroups = renderAgentGroups(env, watch);
  const parameterOf = new Map(agentGroups.map((g) => [g.id, g.parameterName]));
  let audit: AwsSupportArtifacts["audit"];
  if (cloud.auditTrail) {
    const name = `${env}-audit`;
    audit = {
      name,
      retentionDays: logRetentionDays(cloud.auditTrail.retention),
      multiRegion: cloud.auditTrail.multiRegion,
      objectLock: cloud.auditTrail.objectLock,
      metricFilters: auditMetricFilters({ env, logGroupName: `/aws/cloudtrail/${name}`, metricNamespace: auditMetricNamespace(env) }),
    };
  }
  return {
    logGroups: renderLogGroups(logGroups, spec.retention.logs),
    metricFilters: renderMetricFilters(env, logGroups),
    queries: renderQueryDefinitions(env, logGroups),
    agentGroups,
    userData: Object.fromEntries(watch.autoScalingGroups.map((g) => [g.name, agentUserData(parameterOf.get(g.name) ?? "")])),
    scaling: watch.autoScalingGroups.map((g) => ({ id: g.name, autoScalingGroupName: g.groupName, targetCpuPercent: g.targetCpuPercent })),
    audit,
  };
}
