import type { AlarmMeta, MetricAlarmDefinition } from "../../src/render/aws/alarm-types";

/**
 * A minimal single-metric alarm definition for tests of what is built from many alarms (composites, dashboards):
 * `name`, the metric and `meta` vary, the rest is whatever CloudWatch accepts.
 */
export function testAlarm(
  name: string,
  metric: { namespace: string; metricName: string; dimensions?: Record<string, string> },
  meta: AlarmMeta,
): MetricAlarmDefinition {
  return {
    name,
    description: "d",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 1,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "missing",
    source: { kind: "metric", metric: { dimensions: {}, ...metric, statistic: "Sum" }, periodSeconds: 60 },
    alarmActions: [],
    okActions: [],
    meta,
  };
}
