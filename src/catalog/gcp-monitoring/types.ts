import type { AlarmIntent } from "../alarm-intents";
import type { PresetShapeLike } from "../common-presets";

/** Cloud Monitoring per-series aligners the catalog uses. */
export type GcpAligner = "ALIGN_MEAN" | "ALIGN_MAX" | "ALIGN_MIN" | "ALIGN_DELTA" | "ALIGN_RATE" | "ALIGN_NEXT_OLDER";
/** Cross-series reducers the catalog uses. */
export type GcpReducer = "REDUCE_SUM" | "REDUCE_MAX" | "REDUCE_MIN" | "REDUCE_PERCENTILE_99" | "REDUCE_COUNT_FALSE";

/**
 * How the points of the matching time series are aligned and combined before the comparison, as the alert policy's
 * `aggregations` take it (the renderer passes it through).
 */
export interface GcpAggregation {
  /** Alignment period, a duration in seconds ("60s"). */
  readonly alignmentPeriod: `${number}s`;
  readonly perSeriesAligner: GcpAligner;
  /** @default - every series compared on its own */
  readonly crossSeriesReducer?: GcpReducer;
  readonly groupByFields?: readonly string[];
}

/**
 * Where a policy's value comes from: a Monitoring filter (optionally divided by a denominator filter, for ratios), or
 * a PromQL expression over Cloud Monitoring metrics (for arithmetic between metrics, e.g. quota minus used).
 */
export type GcpSource =
  | {
      readonly kind: "threshold";
      readonly filter: string;
      readonly aggregation: GcpAggregation;
      /** Ratio conditions: the value is filter / denominator. */
      readonly denominator?: { readonly filter: string; readonly aggregation: GcpAggregation };
      /** Name of the log-based metric the filter reads: the policy must be created after it. @default - a built-in metric */
      readonly logMetric?: string;
    }
  | { readonly kind: "promql"; readonly expression: string };

/** What the policy does while no data arrives: like CloudWatch's notBreaching, breaching and missing. */
export type GcpMissingData = "inactive" | "active" | "noOp";

/** A Cloud Monitoring alert-policy preset: a common (or GCP-only) intent plus the Cloud Monitoring part. */
export interface GcpPreset<R> extends PresetShapeLike<R> {
  readonly id: string;
  readonly intent: AlarmIntent;
  readonly source: (resource: R) => GcpSource;
  readonly missingData: GcpMissingData;
  /** Runbook diagnosis steps (gcloud, Logs Explorer, Metrics Explorer queries). */
  readonly diagnosis: readonly string[];
  /** Google Cloud specific mitigation, after the intent's. @default [] */
  readonly mitigation?: readonly string[];
}

/** One Google Cloud service of the catalog. */
export interface GcpServiceCatalog<R> {
  /** Short service name in runbook slugs (`gcp-<service>-<preset>`). */
  readonly service: string;
  readonly presets: readonly GcpPreset<R>[];
}

/** Quotes a value for a Monitoring filter ("…", with backslashes and quotes escaped). */
export function quote(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** `metadata.user_labels."k" = "v" AND …`: VMs by label, including VMs created later. */
export function userLabelFilter(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `metadata.user_labels.${quote(key)} = ${quote(value)}`)
    .join(" AND ");
}

/** A Cloud Monitoring metric type as PromQL names it: "a.googleapis.com/b/c" -> "a_googleapis_com:b_c". */
export function promqlMetric(metricType: string): string {
  const [domain, ...path] = metricType.split("/");
  return `${domain.replaceAll(".", "_")}:${path.join("_").replaceAll(".", "_")}`;
}

/**
 * Field paths of a Logging or Monitoring filter with an unquoted segment holding a character outside letters, digits,
 * `_` and `.` (`labels.k8s-pod/app`): the query language ends the name there, so each such key must be quoted
 * (`labels."k8s-pod/app"`). Quoted strings are skipped; a path counts when a comparison follows it.
 */
export function unquotedFieldPaths(filter: string): string[] {
  const unquoted = filter.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...unquoted.matchAll(/(?<![\w.])[A-Za-z_][\w.]*(?:[-/][\w.\-/]*)+(?=\s*(?:=|!=|:|<|>|=~|!~))/g)].map((m) => m[0]);
}
