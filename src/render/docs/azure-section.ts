import { AZURE_CATALOG } from "../../catalog/azure-monitor";
import type { EnvironmentSpec } from "../../spec/environment";
import { renderAzureMonitoring } from "../azure/monitoring";
import { cloudChannels } from "./channel-routing";
import type { CloudDocSection } from "./cloud-sections";
import { watchedRunbookFacts } from "./watched-runbook-facts";

const OPERATORS: Record<string, string> = {
  GreaterThan: ">",
  GreaterThanOrEqual: "≥",
  LessThan: "<",
  LessThanOrEqual: "≤",
  GreaterOrLessThan: "outside the dynamic band",
};

/** The Azure part of the documentation, from the renderer the stack deploys. */
export function azureDocSection(spec: EnvironmentSpec): CloudDocSection {
  const cloud = spec.cloud;
  if (cloud?.provider !== "azure") throw new Error(`environment "${spec.name}" has no Azure cloud section`);
  const azure = renderAzureMonitoring(spec, cloud);
  // az commands name the environment's subscription: a responder's default subscription may be another.
  const factsOf = watchedRunbookFacts("azure", AZURE_CATALOG, cloud.watch, { subscription: cloud.subscriptionId }, cloud);
  return {
    title: `Azure (subscription ${cloud.subscriptionId}, ${cloud.location})`,
    tools: [
      ["Azure Monitor metric alerts", "static and dynamic-threshold alerts on the watched resources"],
      ["Log search alerts", "scheduled query rules over the Log Analytics workspace"],
      ["Action groups", "one per severity: email, SMS and webhook receivers (Slack, PagerDuty)"],
      ["Azure Monitor Agent (Azure Policy)", "data collection rules on every VM and scale set in the watched resource groups"],
      ["Log Analytics workspace", "logs with retention"],
    ],
    collected: azure.agentResourceGroups.map(
      (group) => [`VMs and scale sets in ${group}`, "Azure Monitor Agent metrics and logs"] as const,
    ),
    alarms: [
      ...azure.metricAlerts.map((a) => ({
        name: a.name,
        condition: a.description.replace(/ Runbook: \S+$/, ""),
        threshold: a.criteria
          ? `${OPERATORS[a.criteria.operator] ?? a.criteria.operator} ${a.criteria.threshold}`
          : (OPERATORS[a.dynamicCriteria?.operator ?? ""] ?? "dynamic"),
        duration: `window ${a.windowSize}`,
        severity: a.severity,
        runbookSlug: a.meta.runbookSlug,
        service: a.meta.service,
        runbookFacts: factsOf(a.meta.runbookSlug, a.meta.resource),
        resource: a.meta.resource,
      })),
      ...azure.logAlerts.map((a) => ({
        name: a.name,
        condition: a.description.replace(/ Runbook: \S+$/, ""),
        threshold: `${OPERATORS[a.operator] ?? a.operator} ${a.threshold}`,
        duration: `${a.failingPeriods.minimum} of ${a.failingPeriods.of} × ${a.windowDuration}`,
        severity: a.severity,
        runbookSlug: a.meta.runbookSlug,
        service: a.meta.service,
        runbookFacts: factsOf(a.meta.runbookSlug, a.meta.resource),
        resource: a.meta.resource,
        logSearch: true,
      })),
    ],
    queries: azure.logAlerts.map((a) => ({ title: a.name, language: "KQL", query: a.query })),
    retention: [["Log Analytics workspace", `${azure.workspaceRetentionDays} days`]],
    routedTo: (severity) => cloudChannels(spec, severity),
  };
}
