import { AUDIT_FILTERS } from "../../catalog/cloudwatch/audit";
import { cloudWatchRunbookSlug } from "../../catalog/cloudwatch/index";
import { runbookUrl } from "../../catalog/runbooks/url";
import { PLATFORM_OWNER } from "../../model/owner";
import type { Severity } from "../../spec/primitives";
import type { MetricAlarmDefinition } from "./alarm-types";
import type { MetricFilterDefinition } from "./logs";
import { alarmName } from "./naming";

/** Resource part of audit alarm names. */
export const AUDIT_RESOURCE = "audit-trail";

interface AuditRenderOptions {
  readonly env: string;
  readonly logGroupName: string;
  readonly metricNamespace: string;
  readonly runbookBaseUrl?: string;
  /** Actions of a severity and owning service; audit alarms belong to the platform. */
  readonly actions: (severity: Severity, service: string) => readonly string[];
}

/** CIS metric filters on the trail's log group and their critical alarms. */
export function renderAuditTrail(options: AuditRenderOptions): { filters: MetricFilterDefinition[]; alarms: MetricAlarmDefinition[] } {
  const severity: Severity = "critical";
  const filters = AUDIT_FILTERS.map((f) => ({
    name: `${options.env}-audit-${f.id}`,
    logGroupName: options.logGroupName,
    pattern: f.pattern,
    metricName: f.id,
    metricNamespace: options.metricNamespace,
    metricValue: "1",
    unit: "Count" as const,
  }));
  const alarms = AUDIT_FILTERS.map((f): MetricAlarmDefinition => {
    const slug = cloudWatchRunbookSlug("audit", f.id);
    const condition = `${f.title} (${f.control}): at least ${f.threshold} event(s) in 5 minutes (${severity}).`;
    return {
      name: alarmName({ env: options.env, resource: AUDIT_RESOURCE, signal: f.id, severity }),
      description: `${condition} Runbook: ${runbookUrl(options.runbookBaseUrl, slug)}`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: f.threshold,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // No matching event publishes nothing: that is the normal, quiet state.
      treatMissingData: "notBreaching",
      source: {
        kind: "metric",
        metric: { namespace: options.metricNamespace, metricName: f.id, dimensions: {}, statistic: "Sum" },
        periodSeconds: 300,
      },
      alarmActions: options.actions(severity, PLATFORM_OWNER),
      okActions: options.actions(severity, PLATFORM_OWNER),
      meta: { service: PLATFORM_OWNER, resource: AUDIT_RESOURCE, preset: f.id, severity, runbookSlug: slug, condition },
    };
  });
  return { filters, alarms };
}
