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

/** What renderAwsMonitoring needs from Terraform, as plain strings (topic and alarm ARNs, ALB ARN suffixes). */
export const AWS_RENDER_INPUTS = {
  actions: (severity: string) => [`arn:aws:sns:eu-west-1:123456789012:${severity}`],
  albArnSuffix: (name: string) => `app/${name}/0123456789abcdef`,
  alarmArn: (name: string) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
};
