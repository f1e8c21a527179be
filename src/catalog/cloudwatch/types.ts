import type { AlarmIntent, AnomalyIntent } from "../alarm-intents";

/** CloudWatch statistics; percentiles are written "p99", "p95.5" (an extended statistic). */
export type CloudWatchStatistic = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount" | `p${number}`;

/** What an alarm does when a period has no datapoint; chosen per metric (see each preset's comment). */
export type TreatMissingData = "missing" | "ignore" | "breaching" | "notBreaching";

/** One CloudWatch metric with its statistic. Dimension values may be Terraform expressions (an ALB's ARN suffix). */
export interface CloudWatchMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: CloudWatchStatistic;
}

/**
 * The metrics of one kind of resource: namespace and dimensions fixed by the kind, name and statistic given per metric
 * (`const table = resourceMetric<Table>("AWS/DynamoDB", (r) => ({ TableName: r.tableName }))`).
 */
export function resourceMetric<R>(namespace: string, dimensions: (resource: R) => Readonly<Record<string, string>>) {
  return (resource: R, metricName: string, statistic: CloudWatchStatistic): CloudWatchMetric => ({
    namespace,
    metricName,
    dimensions: dimensions(resource),
    statistic,
  });
}

/**
 * Where an alarm's value comes from: one metric, a metric-math expression over named metrics (ids m1…), or a
 * Metrics Insights query (covers resources selected by tag, including ones launched later).
 */
export type CloudWatchSource =
  | { readonly kind: "metric"; readonly metric: CloudWatchMetric }
  | {
      readonly kind: "math";
      readonly expression: string;
      readonly label: string;
      readonly metrics: Readonly<Record<string, CloudWatchMetric>>;
    }
  | { readonly kind: "insights"; readonly query: string; readonly label: string };

/**
 * A CloudWatch alarm preset: a cloud-neutral intent (signal, tiers, runbook) paired with the CloudWatch-specific
 * part (metric, statistic, dimensions, period, missing data, unit conversion). `R` is the watched resource as the
 * renderer hands it over (the spec entry plus looked-up attributes).
 */
export interface CloudWatchPreset<R> {
  /** Part of alarm names and runbook slugs: never rename (a new name replaces the alarm). */
  readonly id: string;
  readonly intent: AlarmIntent;
  readonly source: (resource: R) => CloudWatchSource;
  /** Length of one datapoint; evaluation periods = the signal's `for` divided by this, rounded up. */
  readonly periodSeconds: 10 | 30 | 60 | 300 | 900 | 3600;
  readonly treatMissingData: TreatMissingData;
  /**
   * Converts a threshold from the signal's unit to the metric's (GiB -> bytes, ms -> s, % of max -> count).
   * @default - identity (same unit)
   */
  readonly convert?: (value: number, resource: R) => number;
  /** Unit of the converted threshold, for descriptions ("bytes", "s"). @default - the signal's unit */
  readonly metricUnit?: string;
  /** Whether the preset applies to a resource (e.g. replica lag only where there are replicas). @default - always */
  readonly appliesTo?: (resource: R) => boolean;
  /** Runbook diagnosis steps with concrete CLI commands, Logs Insights and metric queries (placeholders in <>). */
  readonly diagnosis: readonly string[];
  /** Runbook mitigation steps specific to AWS, after the intent's. @default [] */
  readonly mitigation?: readonly string[];
}

/**
 * An anomaly-detection preset: a metric whose learnt band (ANOMALY_DETECTION_BAND) alarms when left, only while the
 * resource is busy enough (the traffic floors of the in-cluster detector, `ANOMALY_DETECTION`).
 */
export interface CloudWatchAnomalyPreset<R> {
  readonly id: string;
  readonly intent: AnomalyIntent;
  readonly metric: (resource: R) => CloudWatchMetric;
  /** "both" for traffic (surge or drop), "upper" for latency. */
  readonly band: "both" | "upper";
  readonly periodSeconds: 60 | 300 | 900;
  /**
   * The resource's request count per period (a `Sum`), which the floor applies to: for a traffic preset the metric
   * itself, for a latency preset the requests it was measured over.
   */
  readonly requests: (resource: R) => CloudWatchMetric;
  readonly diagnosis: readonly string[];
}

/** Width of anomaly bands in standard deviations: 2 is CloudWatch's default; 3 alarms on clear outliers only. */
export const ANOMALY_BAND_STANDARD_DEVIATIONS = 3;
/** Anomaly alarms wait for this many breaching periods (of `periodSeconds`) in a row. */
export const ANOMALY_EVALUATION_PERIODS = 3;

/** Converts from the threshold model's units to CloudWatch's. */
export const convert = {
  gibibytesToBytes: (v: number) => v * 1024 ** 3,
  mebibytesToBytes: (v: number) => v * 1024 ** 2,
  millisecondsToSeconds: (v: number) => v / 1000,
  secondsToMilliseconds: (v: number) => v * 1000,
  /** A percentage of `max`, as an absolute count. */
  percentOf: (v: number, max: number) => (v * max) / 100,
} as const;

/** Quotes a value for a Metrics Insights query ('…', with quotes doubled). */
export function insightsString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A Metrics Insights condition selecting resources by tags: tag."Role" = 'app' AND … */
export function insightsTagFilter(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(
      ([key, value]) => `tag.${/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `"${key.replaceAll('"', '""')}"`} = ${insightsString(value)}`,
    )
    .join(" AND ");
}
