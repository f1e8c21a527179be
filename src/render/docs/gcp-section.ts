import { GCP_WATCH_KINDS, type GcpWatchKindRegistry } from "../../catalog/gcp-monitoring";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec/environment";
import { renderGcpMonitoring } from "../gcp/monitoring";
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
  const gcp = renderGcpMonitoring(spec, cloud, registry);
  const plan = planEnvironment(spec, { gcpRegistry: registry });
  return {
    title: `Google Cloud (project ${cloud.project}, ${cloud.region})`,
    tools: [
      ["Cloud Monitoring alert policies", "sustained-state conditions on the watched resources, documentation linking the runbook"],
      ["Notification channels", "email, SMS, Slack, PagerDuty and webhooks, credentials from Secret Manager or variables"],
      ["Ops Agent (OS policy assignment)", "metrics and logs from every VM carrying the environment's labels"],
      ["Cloud Logging", "log-based metrics and bucket retention"],
      ...(gcp.uptimeChecks.length
        ? ([
            [
              "Uptime checks",
              gcp.uptimeChecks.map((u) => `${u.name} (${u.useSsl ? "https" : "http"}://${u.host}${u.path} every ${u.period})`).join(", "),
            ],
          ] as const)
        : []),
    ],
    collected: collectedRows(registry, cloud.watch, "Cloud Monitoring metrics"),
    alarms: plan.cloudAlarms.map(documentedAlarm),
    queries: gcp.logMetrics.map((m) => ({ title: `log-based metric ${m.name}`, language: "Logging query", query: m.filter })),
    retention: [["Cloud Logging _Default bucket", `${gcp.logRetentionDays} days`]],
    routedTo: (severity) => cloudChannels(spec, severity),
  };
}
