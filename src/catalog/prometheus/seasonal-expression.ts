import { Duration } from "../../spec/duration";
import { ANOMALY_DETECTION as A } from "./anomaly-detection";

/**
 * The seasonal traffic detector as single PromQL expressions, with no recording rule, for engines that evaluate one
 * expression per alert (Google Cloud Monitoring's PromQL conditions, over Cloud Monitoring or Managed Service for
 * Prometheus data). Same periods, tolerance, margins and floors as the recorded detector (`ANOMALY_DETECTION`); what
 * a single expression cannot hold is left out: the noise term (it needs a recorded deviation series), the warm-up
 * envelope and first-day fallback (missing periods simply drop out of the median), and the sudden-drop edge.
 *
 * `rate` is an instant-vector expression of requests per second (e.g. `sum(rate(x[5m]))`); past periods read it
 * through subqueries at `step`.
 */
export function seasonalTrafficAnomaly(
  rate: string,
  step: Duration = Duration.minutes(5),
): { readonly surge: string; readonly drop: string } {
  const window = Duration.seconds(2 * A.tolerance.toSeconds()).toPrometheus();
  const perPeriod = (fn: "max_over_time" | "min_over_time") =>
    A.periods
      .map((period) => {
        const offset = Duration.seconds(period.toSeconds() - A.tolerance.toSeconds()).toPrometheus();
        return `label_replace(${fn}((${rate})[${window}:${step.toPrometheus()}] offset ${offset}), "period", "${period.toPrometheus()}", "", "")`;
      })
      .join(" or ");
  const high = `quantile without (period) (0.5, ${perPeriod("max_over_time")})`;
  const low = `quantile without (period) (0.5, ${perPeriod("min_over_time")})`;
  return {
    // Above max(high × (1 + margin), high + minimum band), and busy enough.
    surge: `(${rate}) > ${1 + A.surgeMargin} * ${high} and (${rate}) > ${A.minBandRequests} + ${high} and (${rate}) >= ${A.trafficFloor}`,
    // Below min(low × (1 - fraction), low - minimum band), at a time the past periods were busy enough.
    drop: `(${rate}) < ${1 - A.dropFraction} * ${low} and (${rate}) < ${low} - ${A.minBandRequests} and ${low} >= ${A.trafficFloor}`,
  };
}
