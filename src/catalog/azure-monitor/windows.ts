/** Window sizes metric alerts accept, minutes. */
const METRIC_WINDOWS = [1, 5, 15, 30, 60, 360, 720, 1440] as const;
/** Window sizes log search alerts accept, minutes. */
const LOG_WINDOWS = [1, 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440] as const;

/** Minutes as the ISO 8601 duration Azure Monitor takes ("PT5M", "PT1H", "P1D"). */
export const isoMinutes = (minutes: number) =>
  minutes % 1440 === 0 ? `P${minutes / 1440}D` : minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;

/** The smallest metric-alert window covering the `for` duration (rounded up: never alerts earlier than asked). */
export function metricWindowMinutes(forSeconds: number): number {
  const minutes = Math.ceil(forSeconds / 60);
  return METRIC_WINDOWS.find((w) => w >= minutes) ?? 1440;
}

/** Window and failing periods of a log alert: at most 6 periods (the API's limit), covering the `for` duration. */
export function logWindows(forSeconds: number): { windowMinutes: number; periods: number } {
  const minutes = Math.max(1, Math.ceil(forSeconds / 60));
  const windowMinutes = LOG_WINDOWS.find((w) => Math.ceil(minutes / w) <= 6) ?? 1440;
  return { windowMinutes, periods: Math.min(6, Math.ceil(minutes / windowMinutes)) };
}

/** Dynamic-threshold alerts: evaluated over this window, 4 of the last 4 windows outside the learnt band. */
export const DYNAMIC_WINDOW_MINUTES = 5;
