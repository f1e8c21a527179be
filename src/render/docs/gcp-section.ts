import { GCP_CATALOG } from "../../catalog/gcp-monitoring";
import type { EnvironmentSpec } from "../../spec/environment";
import { renderGcpMonitoring } from "../gcp/monitoring";
import { cloudChannels } from "./channel-routing";
import type { CloudDocSection } from "./cloud-sections";
import { watchedRunbookFacts } from "./watched-runbook-facts";

/** The Google Cloud part of the documentation, from the renderer the stack deploys. */
export function gcpDocSection(spec: EnvironmentSpec): CloudDocSection {
  const cloud = spec.cloud;
  if (cloud?.provider !== "gcp") throw new Error(`environment "${spec.name}" has no GCP cloud section`);
  const gcp = renderGcpMonitoring(spec, cloud);
  // gcloud commands name the project (and Cloud Run's the region): a responder's defaults may be others.
  const shared = { project: cloud.project, region: cloud.region };
  const factsOf = watchedRunbookFacts("gcp", GCP_CATALOG, cloud.watch, shared, cloud);
  // An uptime check's page names the URL it probes.
  const uptimeFacts = new Map(gcp.uptimeChecks.map((u) => [u.policy.name, { ...shared, host: u.host, path: u.path }]));
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
    collected: [["Google Cloud resources in the watch list", "Cloud Monitoring metrics, Ops Agent metrics and logs"]],
    alarms: [...gcp.policies, ...gcp.uptimeChecks.map((u) => u.policy)].map((p) => ({
      name: p.name,
      condition: p.documentation.subject,
      threshold:
        p.condition.kind === "threshold"
          ? `${p.condition.comparison === "COMPARISON_GT" ? ">" : "<"} ${p.condition.thresholdValue}`
          : "PromQL",
      duration: p.condition.duration,
      severity: p.severity,
      runbookSlug: p.meta.runbookSlug,
      service: p.meta.service,
      runbookFacts: uptimeFacts.get(p.name) ?? factsOf(p.meta.runbookSlug, p.meta.resource),
      resource: p.meta.resource,
    })),
    queries: gcp.logMetrics.map((m) => ({ title: `log-based metric ${m.name}`, language: "Logging query", query: m.filter })),
    retention: [["Cloud Logging _Default bucket", `${gcp.logRetentionDays} days`]],
    routedTo: (severity) => cloudChannels(spec, severity),
  };
}
