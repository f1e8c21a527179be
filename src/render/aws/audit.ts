import { AUDIT_FILTERS } from "../../catalog/cloudwatch/audit";
import { AUDIT_PERIOD_SECONDS, planAuditAlarms } from "../../plan/aws-alarms";
import type { CloudAlarm } from "../../plan/cloud-alarm";
import type { Severity } from "../../spec/primitives";
import type { MetricAlarmDefinition } from "./alarm-types";
import type { MetricFilterDefinition } from "./logs";

interface AuditRenderOptions {
  readonly env: string;
  readonly logGroupName: string;
  readonly metricNamespace: string;
  readonly runbookBaseUrl?: string;
  /** Actions of a severity and owning service; audit alarms belong to the platform. */
  readonly actions: (severity: Severity, service: string) => readonly string[];
}

/** CIS metric filters on the trail's log group and their critical alarms (planned by `planAuditAlarms`). */
export function renderAuditTrail(options: AuditRenderOptions): { filters: MetricFilterDefinition[]; alarms: MetricAlarmDefinition[] } {
  return { filters: auditMetricFilters(options), alarms: auditAlarmDefinitions(options, planAuditAlarms(options)) };
}

/** One metric filter per CIS control on the trail's log group. */
export function auditMetricFilters(
  options: Pick<AuditRenderOptions, "env" | "logGroupName" | "metricNamespace">,
): MetricFilterDefinition[] {
  return AUDIT_FILTERS.map((f) => ({
    name: `${options.env}-audit-${f.id}`,
    logGroupName: options.logGroupName,
    pattern: f.pattern,
    metricName: f.id,
    metricNamespace: options.metricNamespace,
    metricValue: "1",
    unit: "Count" as const,
  }));
}

/** The planned audit alarms as CloudWatch alarms on the filters' metrics. */
export function auditAlarmDefinitions(
  options: Pick<AuditRenderOptions, "metricNamespace" | "actions">,
  planned: readonly CloudAlarm[],
): MetricAlarmDefinition[] {
  return planned.map((alarm): MetricAlarmDefinition => {
    if (alarm.comparison.kind !== "atLeast") throw new Error(`audit alarm "${alarm.name}" has no threshold`);
    return {
      name: alarm.name,
      description: alarm.description,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: alarm.comparison.value,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // No matching event publishes nothing: that is the normal, quiet state.
      treatMissingData: "notBreaching",
      source: {
        kind: "metric",
        metric: { namespace: options.metricNamespace, metricName: alarm.preset, dimensions: {}, statistic: "Sum" },
        periodSeconds: AUDIT_PERIOD_SECONDS,
      },
      alarmActions: options.actions(alarm.severity, alarm.service),
      okActions: options.actions(alarm.severity, alarm.service),
      meta: {
        service: alarm.service,
        resource: alarm.resource,
        preset: alarm.preset,
        severity: alarm.severity,
        runbookSlug: alarm.runbookSlug,
      },
    };
  });
}
