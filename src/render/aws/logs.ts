import { LOG_METRIC_FILTERS, type LogGroupResource, logMetricName, SAVED_QUERIES } from "../../catalog/cloudwatch/logs";
import { PLATFORM_OWNER } from "../../model/owner";
import type { Duration } from "../../spec/duration";
import { pushTo } from "../../util/push-to";

/** Retention values (days) CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/**
 * The smallest retention CloudWatch allows that keeps logs at least as long as asked: "10d" becomes 14 days,
 * "36h" 3 days. Rounding up never deletes logs earlier than the spec says. Beyond 10 years: an error.
 */
export function logRetentionDays(retention: Duration): LogRetentionDays {
  const days = Math.ceil(retention.toSeconds() / 86_400);
  const allowed = LOG_RETENTION_DAYS.find((d) => d >= days);
  if (allowed === undefined) {
    throw new Error(`log retention of ${retention} (${days} days) exceeds CloudWatch's maximum of 3653 days (10 years)`);
  }
  return allowed;
}

/** A log group to create. */
export interface LogGroupDefinition {
  readonly name: string;
  readonly retentionDays: LogRetentionDays;
}

/** A metric filter turning matching log lines into a metric. */
export interface MetricFilterDefinition {
  /** Filter name, unique per log group. */
  readonly name: string;
  readonly logGroupName: string;
  readonly pattern: string;
  readonly metricName: string;
  readonly metricNamespace: string;
  readonly metricValue: string;
  readonly unit?: "Count" | "Milliseconds";
}

/** A saved Logs Insights query. */
export interface QueryDefinition {
  /** Name shown in the console; "/" makes folders ("prod/checkout/Recent errors"). */
  readonly name: string;
  readonly logGroupNames: readonly string[];
  readonly query: string;
}

export function renderLogGroups(groups: readonly LogGroupResource[], defaultRetention: Duration): LogGroupDefinition[] {
  return groups.map((g) => ({ name: g.logGroupName, retentionDays: logRetentionDays(g.retention ?? defaultRetention) }));
}

/** Error-line, 5xx and duration metric filters of every log group (structured JSON logs). */
export function renderMetricFilters(env: string, groups: readonly LogGroupResource[]): MetricFilterDefinition[] {
  return groups.flatMap((g) =>
    Object.values(LOG_METRIC_FILTERS).map((filter) => ({
      name: `${env}-${g.name}-${filter.id}`,
      logGroupName: g.logGroupName,
      pattern: filter.pattern(g.fields),
      metricName: logMetricName(g, filter),
      metricNamespace: g.metricNamespace,
      metricValue: filter.value(g.fields),
      unit: filter.unit,
    })),
  );
}

/**
 * The saved queries of each service over its log groups (groups without a service under "platform"). Field names
 * come from the service's first log group: one service logs one way.
 */
export function renderQueryDefinitions(env: string, groups: readonly LogGroupResource[]): QueryDefinition[] {
  const byService = new Map<string, LogGroupResource[]>();
  for (const g of groups) {
    const service = g.service ?? PLATFORM_OWNER;
    pushTo(byService, service, g);
  }
  return [...byService].flatMap(([service, serviceGroups]) =>
    SAVED_QUERIES.map((q) => ({
      name: `${env}/${service}/${q.title}`,
      logGroupNames: serviceGroups.map((g) => g.logGroupName),
      query: q.query(serviceGroups[0].fields),
    })),
  );
}
