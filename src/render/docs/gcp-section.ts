import { GCP_WATCH_KINDS, type GcpWatchKindRegistry } from "../../catalog/gcp-monitoring";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec/environment";
import { cloudChannels } from "./channel-routing";
import { type CloudDocSection, documentedAlarm } from "./cloud-sections";
import { collectedRows } from "./collected-rows";

/**
 * The Google Cloud part of the documentation: the plan's alert policies, and the logs and checks the stack deploys
 * (`registry` of watch kinds: the bundled one unless a test passes its own).
 */
export function gcpDocSection(spec: EnvironmentSpec, registry: GcpWatchKindRegistry = GCP_WATCH_KINDS): CloudDocSection {
  const cloud = spec.cloud;
  if (cloud?.provider !== "gcp") throw new Error(`environment "${spec.name}" has no GCP cloud section`);
  const plan = planEnvironment(spec, { gcpRegistry: registry });
  const logs = plan.cloudLogs;
  return {
    title: `Google Cloud (project ${cloud.project}, ${cloud.region})`,
    tools: [
      ["Cloud Monitoring alert policies", "sustained-state conditions on the watched resources, documentation linking the runbook"],
      ["Notification channels", "email, SMS, Slack, PagerDuty and webhooks, credentials from Secret Manager or variables"],
      ["Ops Agent (OS policy assignment)", "metrics and logs from every VM carrying the environment's labels"],
      ["Cloud Logging", "log-based metrics and bucket retention"],
      ...(logs.uptimeChecks.length
        ? ([["Uptime checks", logs.uptimeChecks.map((u) => `${u.name} (${u.url} every ${u.period})`).join(", ")]] as const)
        : []),
    ],
    collected: collectedRows(registry, cloud.watch, "Cloud Monitoring metrics"),
    alarms: plan.cloudAlarms.map(documentedAlarm),
    queries: logs.queries,
    retention: logs.retention ? [[logs.retention.store, `${logs.retention.days} days`]] : [],
    routedTo: (severity) => cloudChannels(spec, severity),
  };
}
