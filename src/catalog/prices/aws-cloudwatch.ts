/**
 * Amazon CloudWatch list prices used by the cost estimate, US East (N. Virginia), first pricing tier, without the
 * free tier (10 alarms, 10 custom metrics, 3 dashboards, 5 GB of logs per account and month).
 * Source: https://aws.amazon.com/cloudwatch/pricing/ as recorded on 2025-10-01 (not re-read since: there is no network
 * here). Other regions differ by up to ~30 %. Update the numbers and the date together.
 */
export const CLOUDWATCH_PRICES = {
  source: "https://aws.amazon.com/cloudwatch/pricing/",
  region: "us-east-1",
  recordedOn: "2025-10-01",
  currency: "USD",
  /** Per metric a standard-resolution alarm evaluates, per month. */
  alarmMetricMonth: 0.1,
  /** An anomaly-detection alarm evaluates three metrics: the metric and the band's two bounds. */
  anomalyAlarmMonth: 0.3,
  compositeAlarmMonth: 0.5,
  /** Custom metrics (agent measurements, metric filters), first 10,000 per month. */
  customMetricMonth: 0.3,
  dashboardMonth: 3,
  /** Standard log class ingestion. */
  logIngestionGb: 0.5,
  /** Log storage (archival), per GB and month. */
  logStorageGbMonth: 0.03,
} as const;
