import type { EnvironmentSpec } from "../../spec/environment";
import type { Severity } from "../../spec/primitives";
import type { MetricAlarmDefinition } from "../aws/alarm-types";
import { renderAwsMonitoring } from "../aws/monitoring";
import { cloudChannels } from "./channel-routing";
import type { CloudDocSection, DocumentedAlarm } from "./cloud-sections";

const OPERATOR_WORDS: Record<string, string> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: "≥",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "≤",
  LessThanLowerOrGreaterThanUpperThreshold: "outside the anomaly band",
  GreaterThanUpperThreshold: "above the anomaly band",
  LessThanLowerThreshold: "below the anomaly band",
};

function periodSeconds(alarm: MetricAlarmDefinition): number {
  if (alarm.source.kind === "metric") return alarm.source.periodSeconds;
  const query = alarm.source.queries.find((q) => q.metric || q.periodSeconds);
  return query?.metric?.periodSeconds ?? query?.periodSeconds ?? 60;
}

function documented(alarm: MetricAlarmDefinition): DocumentedAlarm {
  const minutes = (alarm.datapointsToAlarm * periodSeconds(alarm)) / 60;
  return {
    name: alarm.name,
    condition: alarm.meta?.condition ?? alarm.description,
    threshold: `${OPERATOR_WORDS[alarm.comparisonOperator] ?? alarm.comparisonOperator}${alarm.threshold !== undefined ? ` ${alarm.threshold}` : ""}`,
    duration: `${alarm.datapointsToAlarm} of ${alarm.evaluationPeriods} × ${periodSeconds(alarm)}s (${minutes} min)`,
    severity: alarm.meta?.severity ?? "warning",
    runbookSlug: alarm.meta?.runbookSlug ?? alarm.name,
    service: alarm.meta?.service ?? "platform",
  };
}

/** The AWS part of the documentation, rendered from the same pure functions the stack deploys. */
export function awsDocSection(spec: EnvironmentSpec): CloudDocSection {
  const cloud = spec.cloud;
  if (cloud?.provider !== "aws") throw new Error(`environment "${spec.name}" has no AWS cloud section`);
  const aws = renderAwsMonitoring(spec, cloud, {
    actions: (severity) => [`sns:${severity}`],
    albArnSuffix: (name) => `app/${name}`,
    alarmArn: (name) => `arn:aws:cloudwatch:${cloud.region}:alarm:${name}`,
  });
  const watch = cloud.watch;
  const watched = [
    ["EC2 instances (by tag)", watch.ec2.map((r) => r.name)],
    ["Auto Scaling groups", watch.autoScalingGroups.map((r) => r.groupName)],
    ["RDS", watch.rds.map((r) => r.identifier)],
    ["Application load balancers", watch.loadBalancers.map((r) => r.loadBalancerName)],
    ["Lambda functions", watch.lambdaFunctions.map((r) => r.functionName)],
    ["SQS queues", watch.sqsQueues.map((r) => r.queueName)],
  ] as const;
  // Slack is reached through AWS Chatbot only when the channel names a workspace and channel.
  const channelsFor = (severity: Severity) =>
    cloudChannels(spec, severity, (type, c) => type !== "slack" || Boolean((c as { chatbot?: unknown }).chatbot));
  return {
    title: `AWS (${cloud.region}${cloud.accountId ? `, account ${cloud.accountId}` : ""})`,
    tools: [
      ["CloudWatch alarms", "threshold, anomaly-band and composite alarms on the watched AWS resources"],
      ["Amazon SNS", "one encrypted topic per severity; email, SMS, PagerDuty and webhook subscriptions"],
      [
        "CloudWatch agent (via SSM State Manager)",
        "memory, disk, network and process metrics and application log files from every tagged instance",
      ],
      ["CloudWatch Logs", "application log groups with retention and KMS encryption, metric filters, saved Logs Insights queries"],
      ...(aws.audit ? ([["AWS CloudTrail", "audit trail into CloudWatch Logs with CIS alarms"]] as const) : []),
    ],
    collected: watched
      .filter(([, names]) => names.length > 0)
      .map(([kind, names]) => [`${kind}: ${names.join(", ")}`, "CloudWatch metrics (AWS namespaces and CWAgent)"] as const),
    alarms: [...aws.alarms, ...(aws.audit?.alarms ?? [])].map(documented),
    queries: aws.queries.map((q) => ({ title: `${q.name} (${q.logGroupNames.join(", ")})`, language: "Logs Insights", query: q.query })),
    retention: [
      ...aws.logGroups.map((g) => [`CloudWatch log group ${g.name}`, `${g.retentionDays} days`] as const),
      ...(aws.audit ? ([[`CloudTrail log group ${aws.audit.name}`, `${aws.audit.retentionDays} days`]] as const) : []),
    ],
    routedTo: channelsFor,
  };
}
