import { AZURE_MONITOR_PRICING } from "../catalog/prices/azure-monitor";
import { GOOGLE_OBSERVABILITY_PRICES, GOOGLE_UNCONFIRMED } from "../catalog/prices/google-cloud-observability";
import type { AzureMonitoringArtifacts } from "../render/azure/monitoring";
import type { GcpMonitoringArtifacts } from "../render/gcp/monitoring";
import { type CostAssumptions, type CostLine, costTable, DEFAULT_ASSUMPTIONS, roundCents } from "./cost";

/** A cloud's estimate: priced lines, and what it counts but cannot price (said instead of a misleading $0.00). */
export interface CloudCostEstimate {
  readonly lines: readonly CostLine[];
  /** Sum of the priced lines; null when nothing could be priced. */
  readonly monthly: number | null;
  readonly unpriced: readonly string[];
  /** The price source and what the estimate assumed, in one sentence. */
  readonly note: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Google Cloud: Cloud Logging storage and retention of the logs of each log source (a watched log entry or a group of
 * VMs running the Ops Agent) at the `_Default` bucket's retention, from the rendered Cloud Monitoring artifacts.
 * Alerting and uptime checks are counted, not priced (`GOOGLE_UNCONFIRMED`).
 */
export function estimateGoogleCost(
  artifacts: Pick<GcpMonitoringArtifacts, "policies" | "uptimeChecks" | "logRetentionDays" | "opsAgent">,
  watchedLogEntries: number,
  assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS,
): CloudCostEstimate {
  const p = GOOGLE_OBSERVABILITY_PRICES;
  const sources = watchedLogEntries + artifacts.opsAgent.labelSets.length;
  const gibPerDay = sources * assumptions.logGbPerDayPerGroup;
  // Steady state: each source holds retention days of data; the first 30 are in the storage price.
  const retainedGib = gibPerDay * Math.max(0, artifacts.logRetentionDays - p.includedRetentionDays);
  const lines: CostLine[] = [
    { item: "Cloud Logging storage (GiB per month)", quantity: gibPerDay * 30, unitPrice: p.logStorageGib },
    { item: "Cloud Logging retention beyond 30 days (GiB)", quantity: retainedGib, unitPrice: p.logRetentionGibMonth },
  ].map((line) => ({ ...line, monthly: roundCents(line.quantity * line.unitPrice) }));
  const policies = [...artifacts.policies, ...artifacts.uptimeChecks.map((u) => u.policy)];
  const promql = policies.filter((policy) => policy.condition.kind === "promql").length;
  const unpriced = [
    `${GOOGLE_UNCONFIRMED.alerting}: ${plural(policies.length, "alert policy condition")} (${policies.length - promql} metric threshold, ${promql} PromQL)`,
    ...(artifacts.uptimeChecks.length > 0
      ? [`${GOOGLE_UNCONFIRMED.uptimeChecks}: ${plural(artifacts.uptimeChecks.length, "uptime check")}`]
      : []),
  ];
  return {
    lines,
    monthly: roundCents(lines.reduce((n, l) => n + l.monthly, 0)),
    unpriced,
    note: `Prices: ${p.source}, recorded ${p.recordedOn}, without the free allotment (the first 50 GiB of logs per project and month). Assumptions: ${assumptions.logGbPerDayPerGroup} GiB of logs per log source and day (--log-gb-per-day), ${plural(sources, "log source")} (watched log entries and Ops Agent VM groups), kept ${artifacts.logRetentionDays} days.`,
  };
}

/** Azure: nothing priced (`AZURE_MONITOR_PRICING`); what the stack creates that Azure Monitor bills, counted. */
export function estimateAzureCost(
  artifacts: Pick<AzureMonitoringArtifacts, "metricAlerts" | "logAlerts" | "workspaceRetentionDays">,
): CloudCostEstimate {
  const byGroup = artifacts.metricAlerts.filter((a) => a.scope.kind === "resourceGroup").length;
  const frequencies = new Map<string, number>();
  for (const alert of artifacts.logAlerts)
    frequencies.set(alert.evaluationFrequency, (frequencies.get(alert.evaluationFrequency) ?? 0) + 1);
  const unconfirmed = `price not confirmed from a stored copy of ${AZURE_MONITOR_PRICING.source}`;
  return {
    lines: [],
    monthly: null,
    unpriced: [
      `Azure Monitor metric alert rules (${unconfirmed}): ${plural(artifacts.metricAlerts.length, "rule")}, ${byGroup} of them over every resource of a type in a resource group`,
      `Azure Monitor log search alert rules (${unconfirmed}): ${plural(artifacts.logAlerts.length, "rule")}${
        frequencies.size > 0 ? ` (${[...frequencies].map(([every, n]) => `${n} every ${every}`).join(", ")})` : ""
      }`,
      `Log Analytics ingestion and retention (${unconfirmed}): one workspace, ${artifacts.workspaceRetentionDays} days of retention`,
    ],
    note: `No Azure Monitor price could be confirmed from a stored copy of ${AZURE_MONITOR_PRICING.source} (checked ${AZURE_MONITOR_PRICING.checkedOn}); price the counts below there.`,
  };
}

/** An estimate in Markdown: its table and note (or "Nothing priced"), then what it did not estimate, with `more` after. */
export function cloudCostMarkdown(estimate: CloudCostEstimate, more: readonly string[] = []): string {
  const missing = [...estimate.unpriced, ...more];
  return [
    estimate.monthly === null ? `Nothing priced. ${estimate.note}` : costTable(estimate.lines, estimate.monthly, estimate.note),
    ...(missing.length > 0 ? [`Not estimated:\n${missing.map((m) => `- ${m}`).join("\n")}`] : []),
  ].join("\n\n");
}
