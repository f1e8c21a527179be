import { isoMinutes } from "../catalog/azure-monitor/windows";
import { AZURE_MONITOR_PRICING } from "../catalog/prices/azure-monitor";
import { GOOGLE_OBSERVABILITY_PRICES, GOOGLE_UNCONFIRMED } from "../catalog/prices/google-cloud-observability";
import { type CostAssumptions, type CostLine, costTable, DEFAULT_ASSUMPTIONS, roundCents } from "./cost";
import type { PlannedAlarmSummary } from "./plan-summary";

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

/** What the Google Cloud estimate reads: the plan's alert policies, and the log sources and retention of the spec. */
export interface GoogleCostInputs {
  /** The plan's Cloud Monitoring alert policies (threshold, PromQL and uptime). */
  readonly alarms: readonly PlannedAlarmSummary[];
  /** Log sources: watched log entries and groups of VMs running the Ops Agent. */
  readonly logSources: number;
  /** Retention of the `_Default` log bucket. */
  readonly logRetentionDays: number;
}

/**
 * Google Cloud: Cloud Logging storage and retention of the logs of each log source (a watched log entry or a group of
 * VMs running the Ops Agent) at the `_Default` bucket's retention. The plan's alert policies and uptime checks are
 * counted, not priced (`GOOGLE_UNCONFIRMED`).
 */
export function estimateGoogleCost(inputs: GoogleCostInputs, assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS): CloudCostEstimate {
  const p = GOOGLE_OBSERVABILITY_PRICES;
  const sources = inputs.logSources;
  const gibPerDay = sources * assumptions.logGbPerDayPerGroup;
  // Steady state: each source holds retention days of data; the first 30 are in the storage price.
  const retainedGib = gibPerDay * Math.max(0, inputs.logRetentionDays - p.includedRetentionDays);
  const lines: CostLine[] = [
    { item: "Cloud Logging storage (GiB per month)", quantity: gibPerDay * 30, unitPrice: p.logStorageGib },
    { item: "Cloud Logging retention beyond 30 days (GiB)", quantity: retainedGib, unitPrice: p.logRetentionGibMonth },
  ].map((line) => ({ ...line, monthly: roundCents(line.quantity * line.unitPrice) }));
  // One condition per policy: a threshold, a PromQL query, or an uptime check's.
  const policies = inputs.alarms.filter((a) => a.cloud === "gcp");
  const promql = policies.filter((a) => a.kind === "promql").length;
  const uptimeChecks = policies.filter((a) => a.origin === "uptime").length;
  const unpriced = [
    `${GOOGLE_UNCONFIRMED.alerting}: ${plural(policies.length, "alert policy condition")} (${policies.length - promql} metric threshold, ${promql} PromQL)`,
    ...(uptimeChecks > 0 ? [`${GOOGLE_UNCONFIRMED.uptimeChecks}: ${plural(uptimeChecks, "uptime check")}`] : []),
  ];
  return {
    lines,
    monthly: roundCents(lines.reduce((n, l) => n + l.monthly, 0)),
    unpriced,
    note: `Prices: ${p.source}, recorded ${p.recordedOn}, without the free allotment (the first 50 GiB of logs per project and month). Assumptions: ${assumptions.logGbPerDayPerGroup} GiB of logs per log source and day (--log-gb-per-day), ${plural(sources, "log source")} (watched log entries and Ops Agent VM groups), kept ${inputs.logRetentionDays} days.`,
  };
}

/** What the Azure estimate reads: the plan's alerts and the workspace's retention. */
export interface AzureCostInputs {
  /** The plan's Azure Monitor alerts (metric, dynamic-threshold and log search). */
  readonly alarms: readonly PlannedAlarmSummary[];
  readonly workspaceRetentionDays: number;
}

/** Azure: nothing priced (`AZURE_MONITOR_PRICING`); what the stack creates that Azure Monitor bills, counted from the plan. */
export function estimateAzureCost(inputs: AzureCostInputs): CloudCostEstimate {
  const alerts = inputs.alarms.filter((a) => a.cloud === "azure");
  const metricAlerts = alerts.filter((a) => a.kind !== "log-alert");
  const byGroup = metricAlerts.filter((a) => a.scope === "resourceGroup").length;
  const frequencies = new Map<string, number>();
  for (const alert of alerts) {
    // A log search alert is evaluated once per window.
    if (alert.kind !== "log-alert" || alert.evaluation.cloud !== "azure") continue;
    const every = isoMinutes(alert.evaluation.windowMinutes);
    frequencies.set(every, (frequencies.get(every) ?? 0) + 1);
  }
  const logAlerts = alerts.length - metricAlerts.length;
  const unconfirmed = `price not confirmed from a stored copy of ${AZURE_MONITOR_PRICING.source}`;
  return {
    lines: [],
    monthly: null,
    unpriced: [
      `Azure Monitor metric alert rules (${unconfirmed}): ${plural(metricAlerts.length, "rule")}, ${byGroup} of them over every resource of a type in a resource group`,
      `Azure Monitor log search alert rules (${unconfirmed}): ${plural(logAlerts, "rule")}${
        frequencies.size > 0 ? ` (${[...frequencies].map(([every, n]) => `${n} every ${every}`).join(", ")})` : ""
      }`,
      `Log Analytics ingestion and retention (${unconfirmed}): one workspace, ${inputs.workspaceRetentionDays} days of retention`,
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
