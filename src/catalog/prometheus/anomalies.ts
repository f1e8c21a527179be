import { Duration } from "../../spec/duration";
import type { ServiceSpec } from "../../spec/services";
import { ANOMALY_DETECTION as A, ANOMALY_RECORDS, type AnomalySignal, type AnomalySuffix, anomalyRecord } from "./anomaly-detection";
import { serviceDiagnosis, serviceLabels, serviceMatchers } from "./applications";
import { type CatalogContext, matchers, type RuleDefinition, type RuleGroupDefinition } from "./types";

const ON = "on (namespace, job)";

/**
 * Anomaly detection against each service's own past, per service in two groups:
 * - `anomaly-<service>-baseline` (every few minutes) records, for traffic and p99 latency, what each past period
 *   (1 and 2 days, 1 to 3 weeks ago) saw around the same time of day, their median as the prediction, the band the
 *   rate is expected in, and the normal noise;
 * - `anomaly-<service>` compares the current rate with that band: surge, drop at a busy time, latency above its band,
 *   and an info alert while the history is too short for a robust median.
 */
export function anomalyRules(context: CatalogContext): RuleGroupDefinition[] {
  return context.spec.services.flatMap((service) => [baselineGroup(context, service), alertGroup(context, service)]);
}

/** Group names, for files and tests. */
export function anomalyGroupNames(service: ServiceSpec): { readonly baseline: string; readonly alerts: string } {
  return { baseline: `anomaly-${service.name}-baseline`, alerts: `anomaly-${service.name}` };
}

function baselineGroup(context: CatalogContext, service: ServiceSpec): RuleGroupDefinition {
  const s = matchers(serviceMatchers(service));
  const r = (signal: AnomalySignal, suffix?: AnomalySuffix) => `${suffix ? anomalyRecord(signal, suffix) : signalRecord(signal)}${s}`;
  const window = context.range(Duration.seconds(2 * A.tolerance.toSeconds()));
  /** One series per past period (label `period`): `fn` over the window of ± tolerance around the same time then. */
  const perPeriod = (signal: AnomalySignal, fn: (range: string) => string, ahead = false) =>
    A.periods
      .map((period) => {
        // ± tolerance around the same time then, or (ahead) from that time to tolerance after it.
        const offset = context.offset(Duration.seconds(period.toSeconds() - A.tolerance.toSeconds()));
        const range = ahead ? context.range(A.tolerance) : window;
        return `label_replace(${fn(`${r(signal)}[${range}] offset ${offset}`)}, "period", "${period.toPrometheus()}", "", "")`;
      })
      .join(" or ");
  /** `fn` over the recent past (the fallback before any past period exists). */
  const recent = (signal: AnomalySignal, fn: (range: string) => string) =>
    fn(`${r(signal)}[${context.range(A.fallbackWindow)}] offset ${context.offset(A.fallbackGap)}`);
  const periods = r("traffic", "history_periods");
  /**
   * Where the band starts: the median of the past periods once there are enough of them. Before that, the envelope
   * (`max` or `min`) of the periods that exist and of the last day's median level, so that one past incident, echoing
   * in the only periods there are, can hide an alarm but never raise one. On the first day, for the upper edge only,
   * a multiple of the recent past's highest value.
   */
  const combined = (signal: AnomalySignal, suffix: "past_high" | "past_low" | "past_low_ahead", envelope: "max" | "min") => {
    const past = r(signal, suffix);
    const robust = `(quantile without (period) (0.5, ${past}) and ${ON} ${periods} >= ${A.robustPeriods})`;
    const few = `(${envelope} without (period) (${past} or label_replace(${r(signal, "median_1d")}, "period", "1d median", "", "")) and ${ON} ${periods} > 0)`;
    const firstDay = `${A.fallbackFactor} * ${recent(signal, (x) => `max_over_time(${x})`)}`;
    return envelope === "max" ? `${robust} or ${few} or ${firstDay}` : `${robust} or ${few}`;
  };
  /** max(z × noise, relative × base, absolute): the band's width beside `base`. */
  const width = (signal: AnomalySignal, base: string, relative: number, absolute: number) =>
    `clamp_min((${A.noiseZ} * ${r(signal, "noise")} > ${ON} ${relative} * ${base}) or ${ON} ${relative} * ${base}, ${absolute})`;
  /** Per-signal records: the past periods, the prediction, the noise and the upper band. */
  const common = (signal: AnomalySignal, margin: number, minBand: number): RuleDefinition[] => [
    { kind: "record", record: anomalyRecord(signal, "past_high"), expr: perPeriod(signal, (x) => `max_over_time(${x})`) },
    { kind: "record", record: anomalyRecord(signal, "past_median"), expr: perPeriod(signal, (x) => `quantile_over_time(0.5, ${x})`) },
    ...(signal === "traffic"
      ? ([
          { kind: "record", record: anomalyRecord(signal, "past_low"), expr: perPeriod(signal, (x) => `min_over_time(${x})`) },
          {
            kind: "record",
            record: anomalyRecord(signal, "history_periods"),
            expr: `count without (period) (${r(signal, "past_median")}) or ${ON} ${r(signal)} * 0`,
          },
        ] satisfies RuleDefinition[])
      : []),
    {
      kind: "record",
      record: anomalyRecord(signal, "prediction"),
      expr: `quantile without (period) (0.5, ${r(signal, "past_median")}) or ${recent(signal, (x) => `quantile_over_time(0.5, ${x})`)}`,
    },
    {
      kind: "record",
      record: anomalyRecord(signal, "median_1d"),
      expr: `quantile_over_time(0.5, ${r(signal)}[${context.range(Duration.days(1))}])`,
    },
    {
      kind: "record",
      record: anomalyRecord(signal, "deviation"),
      expr: `abs(${r(signal)} - quantile_over_time(0.5, ${r(signal)}[${context.range(A.noiseBaseline)}]))`,
    },
    {
      kind: "record",
      record: anomalyRecord(signal, "noise"),
      expr: `1.4826 * quantile_over_time(0.5, ${r(signal, "deviation")}[${context.range(A.noiseWindow)}])`,
    },
    { kind: "record", record: anomalyRecord(signal, "expected_high"), expr: combined(signal, "past_high", "max") },
    {
      kind: "record",
      record: anomalyRecord(signal, "anomaly_upper"),
      expr: `${r(signal, "expected_high")} + ${ON} ${width(signal, r(signal, "expected_high"), margin, minBand)}`,
    },
  ];
  const lower = (expected: "expected_low" | "expected_low_ahead", band: "anomaly_lower" | "anomaly_lower_ahead"): RuleDefinition => ({
    kind: "record",
    record: anomalyRecord("traffic", band),
    expr: `clamp_min(${r("traffic", expected)} - ${ON} ${width("traffic", r("traffic", expected), A.dropFraction, A.minBandRequests)}, 0)`,
  });
  const rules: RuleDefinition[] = [
    ...common("traffic", A.surgeMargin, A.minBandRequests),
    { kind: "record", record: anomalyRecord("traffic", "expected_low"), expr: combined("traffic", "past_low", "min") },
    lower("expected_low", "anomaly_lower"),
    // The sudden-drop edge: the lowest rate of the tolerance after the same time in the past periods.
    {
      kind: "record",
      record: anomalyRecord("traffic", "past_low_ahead"),
      expr: perPeriod("traffic", (x) => `min_over_time(${x})`, true),
    },
    { kind: "record", record: anomalyRecord("traffic", "expected_low_ahead"), expr: combined("traffic", "past_low_ahead", "min") },
    lower("expected_low_ahead", "anomaly_lower_ahead"),
    // Latency: only too slow is an anomaly.
    ...common("latency", A.latencyMargin, A.minBandSeconds),
  ];
  return { name: anomalyGroupNames(service).baseline, engine: "prometheus", interval: context.scaled(A.baselineInterval), rules };
}

function signalRecord(signal: AnomalySignal): string {
  return ANOMALY_RECORDS[signal];
}

function alertGroup(context: CatalogContext, service: ServiceSpec): RuleGroupDefinition {
  const s = matchers(serviceMatchers(service));
  const labels = serviceLabels(service);
  // Baseline records are written every few minutes: read the latest of the last two evaluations.
  const latest = (signal: AnomalySignal, suffix: AnomalySuffix) =>
    `last_over_time(${anomalyRecord(signal, suffix)}${s}[${context.range(Duration.seconds(2 * A.baselineInterval.toSeconds()), A.baselineInterval)}])`;
  const traffic = `${signalRecord("traffic")}${s}`;
  const latency = `${signalRecord("latency")}${s}`;
  // The baseline group runs every few minutes, so a plain instant query of its records can fall outside Prometheus's
  // 5-minute lookback and return nothing: runbook queries read them as the alerts do.
  const latestQuery = latest;
  const bandQueries = (signal: AnomalySignal, withLower: boolean) =>
    `actual \`${signalRecord(signal)}${s}\`, prediction \`${latestQuery(signal, "prediction")}\`, band \`${latestQuery(signal, "anomaly_upper")}\`${withLower ? ` / \`${latestQuery(signal, "anomaly_lower")}\`` : ""} (the Application performance dashboard draws them together).`;
  const method =
    "the prediction is the median of the same time of day 1 and 2 days and 1 to 3 weeks ago (each ± 45 minutes); see the Anomaly detection section of MONITORING.md";
  const rules: RuleDefinition[] = [
    {
      kind: "alert",
      alert: "ServiceTrafficSurge",
      expr: `${traffic} > ${ON} ${latest("traffic", "anomaly_upper")} and ${traffic} >= ${A.trafficFloor}`,
      for: context.scaled(A.trafficFor),
      severity: "warning",
      labels,
      summary: "Service traffic is far above what this time of day usually sees",
      description: `${service.name} in {{ $labels.namespace }} receives {{ printf "%.1f" $value }} requests/s, above the upper edge of its expected band for this time of day.`,
      runbook: {
        meaning: `The request rate is above the band expected for this time of day: the highest rate the past periods saw within ± ${A.tolerance.toPrometheus()} of now (their median once ${A.robustPeriods} periods exist), plus the larger of ${A.noiseZ} × the normal noise, ${A.surgeMargin * 100} % and ${A.minBandRequests} request/s; ${method}.`,
        impact:
          "A surge can be an attack, a runaway client or retry storm, or a successful campaign that needs capacity before latency and errors follow.",
        diagnosis: [
          `Compare ${bandQueries("traffic", true)}`,
          "Who sends the traffic: the ingress/ALB access logs by client and path (Logs dashboard); a caller's retries show as its own error rate rising.",
          "A planned event (campaign, batch job, migration)? Then the alert is right about the traffic and only capacity matters.",
        ],
        mitigation: [
          "Scale out for legitimate surges; rate-limit or block abusive clients; stop a runaway batch or retry loop at its source.",
        ],
      },
    },
    {
      kind: "alert",
      alert: "ServiceTrafficDrop",
      // Below the ± tolerance band, or suddenly (under the recent level) below the band of the tolerance ahead.
      expr: `(${traffic} < ${ON} ${latest("traffic", "anomaly_lower")} or ${traffic} < ${ON} ${latest("traffic", "anomaly_lower_ahead")} and ${traffic} < ${1 - A.dropFraction} * max_over_time(${traffic}[${context.range(A.dropRecentWindow)}])) and ${ON} ${latest("traffic", "prediction")} >= ${A.trafficFloor}`,
      for: context.scaled(A.dropFor),
      severity: "warning",
      labels,
      summary: "Service traffic is far below what this time of day usually sees",
      description: `${service.name} in {{ $labels.namespace }} receives only {{ printf "%.2f" $value }} requests/s, below the lower edge of its expected band for this time of day.`,
      runbook: {
        meaning: `The request rate is under ${A.dropFraction * 100} % of the lowest rate the past periods saw within ± ${A.tolerance.toPrometheus()} of now (further down if the service is noisier), or fell suddenly (under ${(1 - A.dropFraction) * 100} % of its highest of the last ${A.dropRecentWindow.toPrometheus()}) under ${A.dropFraction * 100} % of the lowest rate they saw in the ${A.tolerance.toPrometheus()} after now; at a time the prediction is at least ${A.trafficFloor} request/s; ${method}.`,
        impact:
          "Usually users cannot reach the service (DNS, ingress, load balancer, an upstream caller failing), not that they stopped wanting it; unlike ServiceRequestRateCollapse it also sees a slow decline and an outage at a quiet hour.",
        diagnosis: [
          `Compare ${bandQueries("traffic", true)}`,
          `Ingress and load balancer errors; the callers' error rates; \`${serviceDiagnosis(service).endpoints}\`.`,
        ],
        mitigation: ["Restore the path to the service (ingress, DNS, certificates); roll back a caller's release."],
      },
    },
    {
      kind: "alert",
      alert: "ServiceLatencyAnomaly",
      expr: `${latency} > ${ON} ${latest("latency", "anomaly_upper")} and ${ON} ${traffic} >= ${A.latencyMinRequests}`,
      for: context.scaled(A.latencyFor),
      severity: "warning",
      labels,
      summary: "Service latency is unusually high for this time of day",
      description: `p99 latency of ${service.name} in {{ $labels.namespace }} is {{ printf "%.3f" $value }} s, above the upper edge of its expected band for this time of day.`,
      runbook: {
        meaning: `p99 latency is above its expected band (the highest p99 of the past periods within ± ${A.tolerance.toPrometheus()} of now, plus the larger of ${A.noiseZ} × its noise, ${A.latencyMargin * 100} % and ${A.minBandSeconds * 1000} ms) while the service serves at least ${A.latencyMinRequests} request/s, even if still under the objective; ${method}.`,
        impact: "An early sign of saturation or a slow dependency, before the latency objective is breached.",
        diagnosis: [
          `Compare ${bandQueries("latency", false)}`,
          "Then diagnose as for ServiceHighLatency: latency by route, saturation of the pods, slow traces.",
        ],
        mitigation: ["As for ServiceHighLatency."],
      },
    },
    {
      kind: "alert",
      alert: "ServiceAnomalyDetectionWarmingUp",
      expr: `${latest("traffic", "history_periods")} < ${A.robustPeriods}`,
      for: context.scaled(Duration.minutes(30)),
      severity: "info",
      labels,
      summary: "Anomaly detection is still learning this service's usual traffic",
      description: `${service.name} in {{ $labels.namespace }} has {{ $value }} of the ${A.periods.length} past periods anomaly detection compares with; until it has ${A.robustPeriods}, surge and drop alerts use the envelope of what exists (or, on the first day, the last ${A.fallbackWindow.toPrometheus()}) and are less sensitive.`,
      runbook: {
        meaning: `Fewer than ${A.robustPeriods} past periods (${A.periods.map((p) => p.toPrometheus()).join(", ")} ago) have data for this service: it is new, was renamed, or its metrics were missing. It resolves by itself on day ${Math.max(...A.periods.slice(0, A.robustPeriods).map((p) => p.toSeconds() / 86_400)) + 1}.`,
        impact: `ServiceTrafficSurge and ServiceTrafficDrop are less sensitive meanwhile (no drop alert at all on the first day; surges there need ${A.fallbackFactor} × the highest rate of the last ${A.fallbackWindow.toPrometheus()} plus the band); fixed-threshold alerts are unaffected.`,
        diagnosis: [`How much history there is: \`${latestQuery("traffic", "history_periods")}\`.`],
        mitigation: ["Nothing to do for a new service. For a renamed one, expect the warm-up again: the history follows the job label."],
      },
    },
  ];
  return { name: anomalyGroupNames(service).alerts, engine: "prometheus", rules };
}
