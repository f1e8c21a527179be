import { AZURE_WATCH_KINDS, type AzureWatchKindRegistry } from "../../catalog/azure-monitor";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec/environment";
import { cloudChannels } from "./channel-routing";
import { type CloudDocSection, documentedAlarm } from "./cloud-sections";
import { collectedRows } from "./collected-rows";

/**
 * The Azure part of the documentation: the plan's alert rules, and the workspace and agents the stack deploys
 * (`registry` of watch kinds: the bundled one unless a test passes its own).
 */
export function azureDocSection(spec: EnvironmentSpec, registry: AzureWatchKindRegistry = AZURE_WATCH_KINDS): CloudDocSection {
  const cloud = spec.cloud;
  if (cloud?.provider !== "azure") throw new Error(`environment "${spec.name}" has no Azure cloud section`);
  const plan = planEnvironment(spec, { azureRegistry: registry });
  const alarms = plan.cloudAlarms;
  const logs = plan.cloudLogs;
  return {
    title: `Azure (subscription ${cloud.subscriptionId}, ${cloud.location})`,
    tools: [
      ["Azure Monitor metric alerts", "static and dynamic-threshold alerts on the watched resources"],
      ["Log search alerts", "scheduled query rules over the Log Analytics workspace"],
      ["Action groups", "one per severity: email, SMS and webhook receivers (Slack, PagerDuty)"],
      ["Azure Monitor Agent (Azure Policy)", "data collection rules on every VM and scale set in the watched resource groups"],
      ["Log Analytics workspace", "logs with retention"],
    ],
    collected: collectedRows(registry, cloud.watch, "Azure Monitor platform metrics"),
    // Metric and dynamic-threshold alerts first, then log search alerts (the table's order since the start).
    alarms: [
      ...alarms.filter((a) => !(a.evaluation.cloud === "azure" && a.evaluation.rule === "log")),
      ...alarms.filter((a) => a.evaluation.cloud === "azure" && a.evaluation.rule === "log"),
    ].map(documentedAlarm),
    queries: logs.queries,
    retention: logs.retention ? [[logs.retention.store, `${logs.retention.days} days`]] : [],
    routedTo: (severity) => cloudChannels(spec, severity),
  };
}
