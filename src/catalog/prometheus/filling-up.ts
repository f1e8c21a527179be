import { Duration } from "../../spec/duration";
import type { CatalogContext } from "./types";

/**
 * Time-to-full from the trend of the last 6 hours, for a free-space gauge and its capacity: below zero within `hours`,
 * only when already more than 60 % full (a fresh volume growing fast is not news) and only for series with (nearly)
 * the whole window of history (predict_linear over a few minutes of data extrapolates noise: a new pod, a restarted
 * Prometheus, a moved volume).
 */
export function fillingUpExpr(context: CatalogContext, available: string, size: string, hours: number, selector: string): string {
  const a = `${available}${selector ? `{${selector}}` : ""}`;
  const c = `${size}${selector ? `{${selector}}` : ""}`;
  return `(predict_linear(${a}[${context.range(Duration.hours(6))}], ${hours} * 3600) < 0) and (${a} / ${c} < 0.4) and (${a} offset ${context.offset(Duration.minutes(345))})`;
}
