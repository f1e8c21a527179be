import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../../catalog/cloudwatch/registry";
import { logMetricNamespace } from "../../model/naming";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec/environment";
import type { Severity } from "../../spec/primitives";
import { renderAgentGroups } from "../aws/agent";
import { LOG_ROTATION_POLICY } from "../aws/log-rotation";
import { logRetentionDays, renderLogGroups, renderQueryDefinitions } from "../aws/logs";
import { cloudChannels } from "./channel-routing";
import { type CloudDocSection, documentedAlarm } from "./cloud-sections";
import { collectedRows } from "./collected-rows";

/** The AWS part of the documentation: the plan's alarms, and the log groups, queries and agents the stack deploys. */
export function awsDocSection(spec: EnvironmentSpec, registry: WatchKindRegistry = AWS_WATCH_KINDS): CloudDocSection {
  const cloud = spec.cloud;
  if (cloud?.provider !== "aws") throw new Error(`environment "${spec.name}" has no AWS cloud section`);
  const plan = planEnvironment(spec, { awsRegistry: registry });
  const logGroups = cloud.watch.logGroups.map((r) => ({ ...r, metricNamespace: logMetricNamespace(spec.name) }));
  const auditName = `${spec.name}-audit`;
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
      ...(renderAgentGroups(spec.name, cloud.watch).some((g) => g.logRotation)
        ? ([
            [
              "logrotate (via SSM State Manager)",
              `rotation of the log files the agent ships: ${LOG_ROTATION_POLICY.frequency} or past ${LOG_ROTATION_POLICY.maxSize}, ${LOG_ROTATION_POLICY.keep} rotated files kept on the instance`,
            ],
          ] as const)
        : []),
      ...(cloud.auditTrail ? ([["AWS CloudTrail", "audit trail into CloudWatch Logs with CIS alarms"]] as const) : []),
      ...(cloud.devopsGuru
        ? ([
            [
              "Amazon DevOps Guru",
              `ML insights on ${cloud.devopsGuru.stackNames ? `the resources of the stacks ${cloud.devopsGuru.stackNames.join(", ")}` : `the resources tagged ${cloud.devopsGuru.tagKey}=${(cloud.devopsGuru.tagValues ?? [spec.name]).join("|")}`}, sent to the warning topic`,
            ],
          ] as const)
        : []),
    ],
    collected: collectedRows(registry, cloud.watch, "CloudWatch metrics (AWS namespaces and CWAgent)"),
    alarms: plan.cloudAlarms.map(documentedAlarm),
    queries: renderQueryDefinitions(spec.name, logGroups).map((q) => ({
      title: `${q.name} (${q.logGroupNames.join(", ")})`,
      language: "Logs Insights",
      query: q.query,
    })),
    retention: [
      ...renderLogGroups(logGroups, spec.retention.logs).map((g) => [`CloudWatch log group ${g.name}`, `${g.retentionDays} days`] as const),
      ...(cloud.auditTrail
        ? ([[`CloudTrail log group ${auditName}`, `${logRetentionDays(cloud.auditTrail.retention)} days`]] as const)
        : []),
    ],
    routedTo: channelsFor,
    dashboards: plan.cloudDashboards,
  };
}
