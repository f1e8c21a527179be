import { CLOUDWATCH_PRICES } from "../catalog/prices/aws-cloudwatch";
import type { PlannedAlarmSummary } from "./plan-summary";
import type { MonitoringModel } from "./stack-model";

/** What the estimate cannot read from the plan or the Terraform JSON; stated with every estimate. */
export interface CostAssumptions {
  /** Instances behind each agent group (a tag selector or an Auto Scaling group). @default 2 */
  readonly instancesPerGroup: number;
  /** Log data ingested per log group and day, in GB. @default 1 */
  readonly logGbPerDayPerGroup: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = { instancesPerGroup: 2, logGbPerDayPerGroup: 1 };

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly monthly: number;
}

interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly monthly: number;
  readonly assumptions: CostAssumptions;
}

/** Rounds an amount to cents. */
export const roundCents = (n: number) => Math.round(n * 100) / 100;

/** What the CloudWatch estimate reads from a synthesized stack besides the alarms: what only the Terraform holds. */
export type CloudWatchDeployment = Pick<MonitoringModel, "customMetrics" | "logGroups" | "dashboards">;

/**
 * Monthly CloudWatch cost of what a stack creates: the plan's alarms by kind (`plan-summary.ts`), and from its
 * Terraform custom metrics (agent and metric filters), dashboards, log ingestion and storage at the configured
 * retention. Logs Insights queries are excluded (billed per GB scanned, when someone runs them).
 */
export function estimateCloudWatchCost(
  planned: readonly PlannedAlarmSummary[],
  model: CloudWatchDeployment,
  assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS,
): CostEstimate {
  const p = CLOUDWATCH_PRICES;
  const alarms = planned.filter((a) => a.cloud === "aws");
  const count = (kind: string) => alarms.filter((a) => a.kind === kind);
  const standardMetrics = count("metric").reduce((n, a) => n + a.metricCount, 0);
  // Metrics Insights alarms over tagged instances evaluate one series per instance.
  const insightsMetrics = count("insights").length * assumptions.instancesPerGroup;
  const agentMetrics = model.customMetrics.agentMetricsPerGroup.reduce(
    (n, perInstance) => n + perInstance * assumptions.instancesPerGroup,
    0,
  );
  const logGroups = [...model.logGroups.values()];
  const ingestedGb = logGroups.length * assumptions.logGbPerDayPerGroup * 30;
  // Steady state: each group holds retention days of data (a group that never expires is counted at one year).
  const storedGb = logGroups.reduce((n, days) => n + assumptions.logGbPerDayPerGroup * (days > 0 ? days : 365), 0);
  const lines: CostLine[] = [
    { item: "metric alarms (per metric evaluated)", quantity: standardMetrics, unitPrice: p.alarmMetricMonth },
    { item: "Metrics Insights alarms (per instance)", quantity: insightsMetrics, unitPrice: p.alarmMetricMonth },
    { item: "anomaly-detection alarms", quantity: count("anomaly").length, unitPrice: p.anomalyAlarmMonth },
    { item: "composite alarms", quantity: count("composite").length, unitPrice: p.compositeAlarmMonth },
    { item: "custom metrics from the agent", quantity: agentMetrics, unitPrice: p.customMetricMonth },
    { item: "custom metrics from log metric filters", quantity: model.customMetrics.metricFilters, unitPrice: p.customMetricMonth },
    {
      item: "CloudWatch dashboards",
      quantity: [...model.dashboards.keys()].filter((k) => k.startsWith("cloudwatch ")).length,
      unitPrice: p.dashboardMonth,
    },
    { item: "log ingestion (GB per month)", quantity: ingestedGb, unitPrice: p.logIngestionGb },
    { item: "log storage at retention (GB)", quantity: storedGb, unitPrice: p.logStorageGbMonth },
  ].map((line) => ({ ...line, monthly: roundCents(line.quantity * line.unitPrice) }));
  return { lines, monthly: roundCents(lines.reduce((n, l) => n + l.monthly, 0)), assumptions };
}

/** Priced lines as a Markdown table with their total, then a note (price source, assumptions). */
export function costTable(lines: readonly CostLine[], monthly: number, note: string): string {
  const rows = lines
    .filter((l) => l.quantity > 0)
    .map((l) => `| ${l.item} | ${l.quantity} | $${l.unitPrice.toFixed(2)} | $${l.monthly.toFixed(2)} |`);
  return [
    "| item | quantity | unit price | per month |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
    `| **total** | | | **$${monthly.toFixed(2)}** |`,
    "",
    note,
  ].join("\n");
}

/** The CloudWatch estimate as a Markdown table with its assumptions and price source. */
export function costMarkdown(estimate: CostEstimate): string {
  const p = CLOUDWATCH_PRICES;
  return costTable(
    estimate.lines,
    estimate.monthly,
    `Prices: ${p.source}, ${p.region}, recorded ${p.recordedOn}, without the free tier. Assumptions: ${estimate.assumptions.instancesPerGroup} instances per agent group, ${estimate.assumptions.logGbPerDayPerGroup} GB of logs per log group and day; Logs Insights queries excluded.`,
  );
}

/** The parts of an environment the spec decides whose cost the estimate does not price. */
interface CostScope {
  readonly cloud?: { readonly provider: string };
  readonly kubernetes?: unknown;
}

/**
 * What `cost` does not estimate for an environment beyond its cloud's own unpriced items (`src/review/cloud-cost.ts`),
 * said instead of a misleading "$0.00".
 */
export function notEstimated(scope: CostScope): string[] {
  const out: string[] = [];
  const cloud = scope.cloud?.provider;
  if (cloud && !["aws", "gcp", "azure"].includes(cloud)) out.push(`${cloud} monitoring services: no prices are known`);
  if (scope.kubernetes)
    out.push("the in-cluster stack: compute and volumes of Prometheus, Loki, Jaeger and Grafana, and their object storage");
  return out;
}
