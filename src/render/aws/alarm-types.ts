import type { Symptom } from "../../catalog/alarm-intents";
import type { CloudWatchMetric, TreatMissingData } from "../../catalog/cloudwatch/types";
import type { Severity } from "../../spec/primitives";

export type ComparisonOperator =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold"
  | "LessThanLowerOrGreaterThanUpperThreshold"
  | "GreaterThanUpperThreshold"
  | "LessThanLowerThreshold";

/** One entry of an alarm's metric-math query list. */
export interface MetricQuery {
  /** Lower-case id, unique in the alarm ("m1", "e1"). */
  readonly id: string;
  readonly expression?: string;
  readonly metric?: CloudWatchMetric & { readonly periodSeconds: number };
  readonly label?: string;
  /** Exactly one query of a threshold alarm returns data (two for anomaly alarms: the metric and its band). */
  readonly returnData: boolean;
  /** Period of an expression query (Metrics Insights queries need it). @default - the metrics' period */
  readonly periodSeconds?: number;
}

/** What an alarm evaluates: a single metric, or metric math / Metrics Insights queries. */
export type AlarmSource =
  | { readonly kind: "metric"; readonly metric: CloudWatchMetric; readonly periodSeconds: number }
  | { readonly kind: "queries"; readonly queries: readonly MetricQuery[] };

/** A rendered CloudWatch metric alarm: plain data, input of the `AwsAlarms` construct. */
export interface MetricAlarmDefinition {
  /** Built by `alarmName`; the Terraform address key, so it must never change for the same alarm. */
  readonly name: string;
  /** Names the runbook URL; at most 1024 characters. */
  readonly description: string;
  readonly comparisonOperator: ComparisonOperator;
  /** Threshold in the metric's unit (absent for anomaly alarms). */
  readonly threshold?: number;
  /** Id of the ANOMALY_DETECTION_BAND query of an anomaly alarm. */
  readonly thresholdMetricId?: string;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  readonly source: AlarmSource;
  /** At most 5 (CloudWatch's limit per state). */
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  /** Where the alarm comes from, for composites and dashboards (not sent to CloudWatch). */
  readonly meta?: AlarmMeta;
}

export interface AlarmMeta {
  readonly service: string;
  readonly resource: string;
  readonly preset: string;
  readonly severity: Severity;
  readonly symptom?: Symptom;
  readonly runbookSlug: string;
  /**
   * Part of an anomaly alarm: the learnt band, or the traffic floor it needs; the two notify only together, through
   * the composite `renderAnomalyComposites` makes of them. @default - not an anomaly alarm
   */
  readonly anomaly?: "band" | "floor";
}

/** A composite alarm: a rule over other alarms' states (`ALARM("a") AND ALARM("b")`). */
export interface CompositeAlarmDefinition {
  readonly name: string;
  readonly description: string;
  /** At most 10,240 characters. */
  readonly rule: string;
  /** Alarms the rule names; they must exist before the composite. */
  readonly alarmNames: readonly string[];
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  /** What a composite that notifies on its own is about. @default - none: a part of a larger rule, or an anomaly gate */
  readonly meta?: { readonly service: string; readonly severity: Severity; readonly runbookSlug: string };
}
