import type { z } from "zod";
import type { logGroupWatchSchema } from "../../spec/clouds/aws-watch";
import { COMMON_PRESETS } from "../common-presets";
import type { CloudWatchPreset } from "./types";

/** A log group the stack creates; `metricNamespace` receives its log-based metrics (e.g. "Monitoring/prod"). */
export type LogGroupResource = z.output<typeof logGroupWatchSchema> & { readonly metricNamespace: string };
type LogFields = LogGroupResource["fields"];

/** A metric filter on structured JSON logs: which lines count and what value they publish. */
interface LogMetricFilterPreset {
  /** Suffix of the metric name (`<log group entry>-<id>`); never rename. */
  readonly id: string;
  readonly pattern: (fields: LogFields) => string;
  /** "1" to count lines, or a `$.field` to publish its value. */
  readonly value: (fields: LogFields) => string;
  readonly unit: "Count" | "Milliseconds";
}

const f = (field: string) => `$.${field}`;

export const LOG_METRIC_FILTERS = {
  errorLines: {
    id: "error-lines",
    pattern: (x) => `{ (${f(x.level)} = "error") || (${f(x.level)} = "ERROR") }`,
    value: () => "1",
    unit: "Count",
  },
  serverErrors: { id: "5xx", pattern: (x) => `{ ${f(x.status)} >= 500 }`, value: () => "1", unit: "Count" },
  duration: { id: "duration-ms", pattern: (x) => `{ ${f(x.durationMs)} >= 0 }`, value: (x) => f(x.durationMs), unit: "Milliseconds" },
} as const satisfies Record<string, LogMetricFilterPreset>;

/** Name of a log-based metric: stable, derived from the spec's log group entry and the filter. */
export function logMetricName(resource: { readonly name: string }, filter: LogMetricFilterPreset): string {
  return `${resource.name}-${filter.id}`;
}

const logMetric = (r: LogGroupResource, filter: LogMetricFilterPreset, statistic: "Sum" | "p99") => ({
  kind: "metric" as const,
  metric: { namespace: r.metricNamespace, metricName: logMetricName(r, filter), dimensions: {}, statistic },
});

/** Alarms on the log-based metrics. */
export const LOG_PRESETS: readonly CloudWatchPreset<LogGroupResource>[] = [
  {
    ...COMMON_PRESETS.logErrors,
    source: (r) => logMetric(r, LOG_METRIC_FILTERS.errorLines, "Sum"),
    periodSeconds: 60,
    // A metric filter publishes nothing while no line matches.
    treatMissingData: "notBreaching",
    diagnosis: [
      "Saved query 'top error messages': `filter level = \"error\" | stats count() as n by message | sort n desc | limit 20`.",
      "`aws logs start-query --region <region> --log-group-name <group> --start-time <t0> --end-time <t1> --query-string 'filter level = \"error\" | sort @timestamp desc | limit 50'`",
    ],
  },
  {
    ...COMMON_PRESETS.logServerErrors,
    source: (r) => logMetric(r, LOG_METRIC_FILTERS.serverErrors, "Sum"),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: ["Saved query '5xx by path': `filter status >= 500 | stats count() as n by path | sort n desc`."],
  },
  {
    ...COMMON_PRESETS.logLatency,
    source: (r) => logMetric(r, LOG_METRIC_FILTERS.duration, "p99"),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: ["Saved query 'slowest requests': `filter ispresent(duration_ms) | sort duration_ms desc | limit 50`."],
  },
];

/** A saved Logs Insights query; `query` gets the log group's field names. */
interface SavedQueryPreset {
  readonly id: string;
  readonly title: string;
  readonly query: (fields: LogFields) => string;
}

/** Saved Logs Insights queries for common troubleshooting, one set per service (over its log groups). */
export const SAVED_QUERIES: readonly SavedQueryPreset[] = [
  {
    id: "recent-errors",
    title: "Recent errors",
    query: (x) =>
      `fields @timestamp, ${x.level}, ${x.message}, ${x.requestId}, @logStream\n| filter ${x.level} = "error" or ${x.level} = "ERROR"\n| sort @timestamp desc\n| limit 100`,
  },
  {
    id: "top-error-messages",
    title: "Top error messages",
    query: (x) =>
      `filter ${x.level} = "error" or ${x.level} = "ERROR"\n| stats count(*) as occurrences by ${x.message}\n| sort occurrences desc\n| limit 25`,
  },
  {
    id: "slowest-requests",
    title: "Slowest requests",
    query: (x) =>
      `fields @timestamp, ${x.path}, ${x.status}, ${x.durationMs}, ${x.requestId}\n| filter ispresent(${x.durationMs})\n| sort ${x.durationMs} desc\n| limit 50`,
  },
  {
    id: "5xx-by-path",
    title: "5xx by path",
    query: (x) => `filter ${x.status} >= 500\n| stats count(*) as errors by ${x.path}, ${x.status}\n| sort errors desc\n| limit 50`,
  },
  {
    id: "errors-for-request-id",
    title: "Errors for one request id",
    // Logs Insights has no parameters: the user replaces the placeholder before running.
    query: (x) =>
      `fields @timestamp, ${x.level}, ${x.message}, @logStream\n| filter ${x.requestId} = "REPLACE-WITH-REQUEST-ID"\n| sort @timestamp asc\n| limit 500`,
  },
];
