import { Duration } from "../../spec/duration";

/**
 * The knobs of the anomaly detector, one object with a note on when to change each. The method is in
 * `anomalies.ts`; the docs renderer explains it from these numbers.
 */
export const ANOMALY_DETECTION = {
  /**
   * Past periods the prediction is taken from, at the same time of day. Daily periods make it work from day two;
   * weekly ones keep weekday/weekend shapes; the median of several makes one past incident irrelevant.
   */
  periods: [Duration.days(1), Duration.days(2), Duration.days(7), Duration.days(14), Duration.days(21)],
  /**
   * From this many past periods on, the median is used. With fewer (days 2 to 7), the band is the envelope of what
   * exists (the highest past value for surges, the lowest for drops): one incident can hide, never raise, an alarm.
   */
  robustPeriods: 3,
  /**
   * Each past period contributes the window of ± this much around the same time of day: a daily peak that starts
   * up to this much earlier or later than in the past stays inside the band (no alarm at the peak edges).
   */
  tolerance: Duration.minutes(45),
  /** Noise: 1.4826 × the median absolute deviation of the rate from its own 30-minute median, over this window. */
  noiseWindow: Duration.days(1),
  /** Short window whose median the noise is measured against (short enough not to see the daily swing). */
  noiseBaseline: Duration.minutes(30),
  /** How many noise standard deviations the band adds; 4 keeps a noisy service quiet. */
  noiseZ: 4,
  /** Minimum width of the band above the prediction, relative (0.3 = surges under +30 % never alarm). */
  surgeMargin: 0.3,
  /** A drop alarms below this share of the lowest expected level (0.5 = under half of it). */
  dropFraction: 0.5,
  /** Minimum absolute band width, requests/s: tiny services do not page for a handful of extra requests. */
  minBandRequests: 1,
  /** Traffic floor, requests/s: no surge below it, and no drop unless the prediction is at least this busy. */
  trafficFloor: 1,
  /** Latency: minimum band width above the prediction, relative and in seconds. */
  latencyMargin: 0.5,
  minBandSeconds: 0.05,
  /** Latency anomalies need at least this many requests/s: a p99 over a few requests is noise. */
  latencyMinRequests: 1,
  /**
   * Before the first past period exists (the first day after deployment or a rename), the band comes from the
   * recent past: the highest rate of this window, ending `fallbackGap` ago, times `fallbackFactor`.
   */
  fallbackWindow: Duration.hours(2),
  fallbackGap: Duration.minutes(30),
  fallbackFactor: 3,
  /**
   * Interval of the group that records predictions, bands and noise: they look at windows of hours to days in the
   * past, so evaluating them every few minutes loses nothing. Alerts read them with `last_over_time` over two
   * intervals, so a late evaluation never leaves them without a band.
   */
  baselineInterval: Duration.minutes(5),
  /**
   * A sudden drop is also caught against the lowest rate of the `tolerance` *after* the same time in the past
   * periods (the peak was still going on then), provided the rate also fell under `1 - dropFraction` of its own
   * highest value in this recent window (it was really there today: a peak that starts late is no drop). The ± window
   * alone would wait until `tolerance` after the peak's start.
   */
  dropRecentWindow: Duration.hours(1),
  /** `for:` of the surge alert, and of the latency alert. */
  trafficFor: Duration.minutes(10),
  /** `for:` of the drop alert: short, so a drop during the peak pages within 15 minutes (rate5m lags up to 5). */
  dropFor: Duration.minutes(5),
  latencyFor: Duration.minutes(15),
} as const;

/** Names of the recording rules the detector writes, shared by rules, dashboards, runbooks and docs. */
export const ANOMALY_RECORDS = {
  traffic: "job:http_requests:rate5m",
  latency: "job:http_request_duration_seconds:p99_5m",
} as const;

export type AnomalySignal = keyof typeof ANOMALY_RECORDS;

/** `<base>:<suffix>`, e.g. `job:http_requests:rate5m:prediction`. */
export function anomalyRecord(signal: AnomalySignal, suffix: AnomalySuffix): string {
  return `${ANOMALY_RECORDS[signal]}:${suffix}`;
}

export type AnomalySuffix =
  | "past_high"
  | "past_low"
  | "past_low_ahead"
  | "past_median"
  | "history_periods"
  | "median_1d"
  | "expected_high"
  | "expected_low"
  | "expected_low_ahead"
  | "deviation"
  | "noise"
  | "prediction"
  | "anomaly_upper"
  | "anomaly_lower"
  | "anomaly_lower_ahead";
