/**
 * Google Cloud Observability list prices used by the cost estimate, without the free allotment (the first 50 GiB of
 * logs per project and month). Source: https://cloud.google.com/stackdriver/pricing, "Cloud Logging pricing summary",
 * read 2026-11-30 from a stored copy (effective dates on the page: storage July 1, 2018; retention January 1, 2022).
 * Update the numbers and the date together.
 */
export const GOOGLE_OBSERVABILITY_PRICES = {
  source: "https://cloud.google.com/stackdriver/pricing",
  recordedOn: "2026-11-30",
  currency: "USD",
  /** Cloud Logging storage: charged once per GiB streamed into a log bucket, 30 days of retention included. */
  logStorageGib: 0.5,
  /** Days of retention the storage price includes. */
  includedRetentionDays: 30,
  /** Per GiB and month kept beyond the included 30 days. */
  logRetentionGibMonth: 0.01,
} as const;

/**
 * What the estimate leaves out on Google Cloud because no price could be confirmed from a stored copy of Google's
 * pages (never from third-party figures). Alerting: Google's "Manage alerting costs" page now bills per metric
 * reference (one per metric-threshold condition) and per time-series point returned, and names no amounts; the
 * per-condition and per-time-series amounts of earlier copies of that page describe a superseded model.
 */
export const GOOGLE_UNCONFIRMED = {
  alerting:
    "Cloud Monitoring alerting (billed per metric reference and per time-series point returned; no current amount in a stored copy of Google's pricing page)",
  uptimeChecks: "uptime-check executions (price not confirmed from a stored copy of Google's pricing page)",
} as const;
