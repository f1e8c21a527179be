import { Duration } from "../../spec/duration";
import type { RenderedDashboard } from "../dashboards/render";

/**
 * Grafana's rounding of a raw interval (range / max data points) to a readable step, in milliseconds: the table of
 * `roundInterval` in Grafana's rangeutil (upper bound of each band -> the step it rounds to).
 */
const ROUNDING: ReadonlyArray<readonly [number, number]> = [
  [1_500, 1_000],
  [3_500, 2_000],
  [7_500, 5_000],
  [12_500, 10_000],
  [17_500, 15_000],
  [25_000, 20_000],
  [45_000, 30_000],
  [90_000, 60_000],
  [210_000, 120_000],
  [450_000, 300_000],
  [750_000, 600_000],
  [1_050_000, 900_000],
  [1_500_000, 1_200_000],
  [2_700_000, 1_800_000],
  [5_400_000, 3_600_000],
  [9_000_000, 7_200_000],
  [16_200_000, 10_800_000],
  [24_300_000, 21_600_000],
  [32_400_000, 28_800_000],
  [86_400_000, 43_200_000],
  [604_800_000, 86_400_000],
  [1_814_400_000, 604_800_000],
  [3_628_800_000, 2_592_000_000],
];

/** Rounds a raw interval the way Grafana does; at least one second (every duration here is whole seconds). */
function roundInterval(rawMs: number): Duration {
  const band = ROUNDING.find(([below]) => rawMs < below);
  return Duration.seconds(Math.max(1, Math.round((band ? band[1] : 31_536_000_000) / 1000)));
}

/** What Grafana derives for one panel's queries: `$__interval` (also the query step) and `$__rate_interval`. */
interface PanelIntervals {
  readonly interval: Duration;
  readonly rateInterval: Duration;
}

/**
 * A panel's intervals as Grafana computes them for a Prometheus data source:
 * `$__interval` = max(min interval, round(range / max data points)), the min interval being the panel's own
 * `interval` or else the data source's scrape interval (`timeInterval`), max data points the panel's width in pixels;
 * `$__rate_interval` = max(4 x scrape interval, `$__interval` + scrape interval).
 */
export function panelIntervals(range: Duration, widthPx: number, scrape: Duration, panelMinInterval?: string): PanelIntervals {
  const minimum = panelMinInterval ? panelMinimum(panelMinInterval) : scrape;
  const rounded = roundInterval((range.toSeconds() * 1000) / Math.max(1, Math.round(widthPx)));
  const interval = rounded.toSeconds() >= minimum.toSeconds() ? rounded : minimum;
  const rateInterval = Duration.seconds(Math.max(4 * scrape.toSeconds(), interval.toSeconds() + scrape.toSeconds()));
  return { interval, rateInterval };
}

/**
 * A panel's own minimum interval ("1m", or ">1m" as Grafana also writes it). The preview draws the project's own
 * dashboards, so one it cannot read is an error to fix, never a silent fallback to the scrape interval.
 */
function panelMinimum(text: string): Duration {
  const minimum = Duration.tryParse(text.replace(/^>/, ""));
  if (!minimum) throw new Error(`a panel's interval "${text}" is not a duration in whole seconds such as "1m" or ">30s"`);
  return minimum;
}

/** Grafana's global variables for one panel: `$__interval`, `$__rate_interval`, `$__range` and their variants. */
export function builtinVariables(range: Duration, intervals: PanelIntervals): Record<string, string> {
  return {
    __interval: intervals.interval.toPrometheus(),
    __interval_ms: String(intervals.interval.toSeconds() * 1000),
    __rate_interval: intervals.rateInterval.toPrometheus(),
    __rate_interval_ms: String(intervals.rateInterval.toSeconds() * 1000),
    // Loki's and newer Prometheus queries' automatic step: the same interval.
    __auto: intervals.interval.toPrometheus(),
    __range: `${range.toSeconds()}s`,
    __range_s: String(range.toSeconds()),
    __range_ms: String(range.toSeconds() * 1000),
  };
}

/**
 * The range of a dashboard's default time picker ("now-6h" -> 6h), or 6 hours, Grafana's default, when it sets none. A
 * range it cannot read (Grafana's rounded "now-1d/d") is an error: the preview would draw another range silently.
 */
export function dashboardRange(dashboard: Pick<RenderedDashboard, "slug" | "model">): Duration {
  const from = (dashboard.model.time as { from?: string } | undefined)?.from;
  if (from === undefined) return Duration.hours(6);
  const range = /^now-/.test(from) ? Duration.tryParse(from.slice("now-".length)) : undefined;
  if (!range)
    throw new Error(
      `the "${dashboard.slug}" dashboard's time range starts at "${from}": the preview reads "now-<duration>" only, such as "now-6h"; pass --range`,
    );
  return range;
}
