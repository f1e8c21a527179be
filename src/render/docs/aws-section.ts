import { cloudWatchRunbookSlug } from "../../catalog/cloudwatch";
import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../../catalog/cloudwatch/registry";
import type { RunbookFacts } from "../../catalog/runbooks/types";
import type { AwsCloudSpec } from "../../spec/clouds/aws";
import type { EnvironmentSpec } from "../../spec/environment";
import type { Severity } from "../../spec/primitives";
import { monitoringGroup } from "../aws/agent";
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from "../aws/alarm-types";
import { AUDIT_RESOURCE } from "../aws/audit";
import { LOG_ROTATION_POLICY } from "../aws/log-rotation";
import { logMetricNamespace, renderAwsMonitoring } from "../aws/monitoring";
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

function documented(alarm: MetricAlarmDefinition, runbookFacts?: RunbookFacts): DocumentedAlarm {
  const minutes = (alarm.datapointsToAlarm * periodSeconds(alarm)) / 60;
  return {
    name: alarm.name,
    condition: alarm.meta?.condition ?? alarm.description,
    threshold: `${OPERATOR_WORDS[alarm.comparisonOperator] ?? alarm.comparisonOperator}${alarm.threshold !== undefined ? ` ${alarm.threshold}` : ""}`,
    duration: `${alarm.datapointsToAlarm} of ${alarm.evaluationPeriods} × ${periodSeconds(alarm)}s (${minutes} min)`,
    severity: alarm.meta?.severity ?? "warning",
    runbookSlug: alarm.meta?.runbookSlug ?? alarm.name,
    service: alarm.meta?.service ?? "platform",
    runbookFacts,
    resource: alarm.meta?.resource,
  };
}

/** A composite alarm that notifies by itself (a service's errors with latency), as the alarm table shows it. */
function documentedComposite(
  alarm: CompositeAlarmDefinition & { meta: NonNullable<CompositeAlarmDefinition["meta"]> },
  region: string,
): DocumentedAlarm {
  return {
    name: alarm.name,
    condition: alarm.description.replace(/ Runbook: \S+$/, ""),
    threshold: "(an error alarm AND a latency alarm)",
    duration: "the periods of those alarms",
    severity: alarm.meta.severity,
    runbookSlug: alarm.meta.runbookSlug,
    service: alarm.meta.service,
    runbookFacts: { composite: alarm.name, region },
    resource: alarm.meta.service,
  };
}

/** Runbook facts of every watched resource, by runbook slug prefix (`aws-lambda-`) and resource name. */
function awsRunbookFacts(
  spec: EnvironmentSpec,
  watch: AwsCloudSpec["watch"],
  registry: WatchKindRegistry,
): (alarm: MetricAlarmDefinition) => RunbookFacts | undefined {
  const byKey = new Map<string, RunbookFacts>();
  // What the presets of the few kinds that need a lookup receive beside the spec entry (see monitoring.ts).
  const listed: Readonly<Record<string, readonly { readonly name: string }[]>> = {
    ...(watch as unknown as Readonly<Record<string, readonly { readonly name: string }[]>>),
    ec2: watch.ec2.map((r) => ({ ...r, monitoringGroup: monitoringGroup(spec.name, r.name) })),
    loadBalancers: watch.loadBalancers.map((r) => ({ ...r, arnSuffix: "" })),
    logGroups: watch.logGroups.map((r) => ({ ...r, metricNamespace: logMetricNamespace(spec.name) })),
  };
  for (const [key, kind] of Object.entries(registry))
    for (const resource of listed[key] ?? [])
      byKey.set(`${cloudWatchRunbookSlug(kind.service, "")}${resource.name}`, kind.runbookFacts(resource as never));
  const audit = { trail: `${spec.name}-audit` };
  return (alarm) => {
    const meta = alarm.meta;
    if (!meta) return undefined;
    if (meta.resource === AUDIT_RESOURCE) return audit;
    const prefix = meta.runbookSlug.slice(0, meta.runbookSlug.indexOf("-", "aws-".length) + 1);
    return byKey.get(`${prefix}${meta.resource}`);
  };
}

/** The AWS part of the documentation, rendered from the same pure functions the stack deploys. */
export function awsDocSection(spec: EnvironmentSpec, registry: WatchKindRegistry = AWS_WATCH_KINDS): CloudDocSection {
  const cloud = spec.cloud;
  if (cloud?.provider !== "aws") throw new Error(`environment "${spec.name}" has no AWS cloud section`);
  const aws = renderAwsMonitoring(
    spec,
    cloud,
    {
      actions: (severity) => [`sns:${severity}`],
      albArnSuffix: (name) => `app/${name}`,
      alarmArn: (name) => `arn:aws:cloudwatch:${cloud.region}:alarm:${name}`,
    },
    registry,
  );
  const listed = cloud.watch as unknown as Readonly<Record<string, readonly never[]>>;
  const watched = Object.entries(registry).map(([key, kind]) => {
    const resources = listed[key] ?? [];
    const names = resources.map((r) => (kind.owner(r) ? `${kind.identify(r)} (${kind.owner(r)})` : kind.identify(r)));
    return [kind.label, names, kind.collected ?? "CloudWatch metrics (AWS namespaces and CWAgent)"] as const;
  });
  const factsOf = awsRunbookFacts(spec, cloud.watch, registry);
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
      ...(aws.agentGroups.some((g) => g.logRotation)
        ? ([
            [
              "logrotate (via SSM State Manager)",
              `rotation of the log files the agent ships: ${LOG_ROTATION_POLICY.frequency} or past ${LOG_ROTATION_POLICY.maxSize}, ${LOG_ROTATION_POLICY.keep} rotated files kept on the instance`,
            ],
          ] as const)
        : []),
      ...(aws.audit ? ([["AWS CloudTrail", "audit trail into CloudWatch Logs with CIS alarms"]] as const) : []),
      ...(cloud.devopsGuru
        ? ([
            [
              "Amazon DevOps Guru",
              `ML insights on ${cloud.devopsGuru.stackNames ? `the resources of the stacks ${cloud.devopsGuru.stackNames.join(", ")}` : `the resources tagged ${cloud.devopsGuru.tagKey}=${(cloud.devopsGuru.tagValues ?? [spec.name]).join("|")}`}, sent to the warning topic`,
            ],
          ] as const)
        : []),
    ],
    collected: watched
      .filter(([, names]) => names.length > 0)
      .map(([kind, names, collected]) => [`${kind}: ${names.join(", ")}`, collected] as const),
    alarms: [
      // aws commands name the environment's region: a responder's default region may be another.
      ...[...aws.alarms, ...(aws.audit?.alarms ?? [])].map((a) => documented(a, { region: cloud.region, ...factsOf(a) })),
      ...aws.compositeAlarms.flatMap((c) => (c.meta ? [documentedComposite({ ...c, meta: c.meta }, cloud.region)] : [])),
    ],
    queries: aws.queries.map((q) => ({ title: `${q.name} (${q.logGroupNames.join(", ")})`, language: "Logs Insights", query: q.query })),
    retention: [
      ...aws.logGroups.map((g) => [`CloudWatch log group ${g.name}`, `${g.retentionDays} days`] as const),
      ...(aws.audit ? ([[`CloudTrail log group ${aws.audit.name}`, `${aws.audit.retentionDays} days`]] as const) : []),
    ],
    routedTo: channelsFor,
    dashboards: aws.dashboards.map((d) => ({ name: d.name, alarms: d.alarms ?? [] })),
  };
}
