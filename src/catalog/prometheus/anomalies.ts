import { Duration } from "../../spec/duration";
import type { ServiceSpec } from "../../spec/services";
import { serviceLabels, serviceMatchers } from "./applications";
import { type CatalogContext, matchers, type RuleDefinition, type RuleGroupDefinition } from "./types";

/**
 * How many standard deviations from the baseline count as unusual. 3 flags roughly 0.3 % of normal samples of a
 * well-behaved series; raise it for spiky traffic.
 */
export const ANOMALY_Z_SCORE = 3;

/**
 * Anomaly detection against each service's own recent behaviour: the baseline is the same hour one week earlier,
 * shifted by the week-over-week trend, and the spread is the standard deviation over the last week. A surge outside
 * the usual daily peak is far from that baseline even when it is within the week's range.
 */
export function anomalyRules(context: CatalogContext): RuleGroupDefinition[] {
  return context.spec.services.map((service) => anomalyGroup(context, service));
}

function anomalyGroup(context: CatalogContext, service: ServiceSpec): RuleGroupDefinition {
  const s = matchers(serviceMatchers(service));
  const week = context.range(Duration.days(7));
  const hour = context.range(Duration.hours(1));
  // The one-hour window centred on "now minus one week": offset by a week minus half an hour.
  const lastWeek = context.range(Duration.seconds(7 * 86_400 - 1_800));
  const series = [
    { name: "job:http_requests:rate5m", what: "traffic", both: true },
    { name: "job:http_request_duration_seconds:p99_5m", what: "p99 latency", both: false },
  ];
  const rules: RuleDefinition[] = series.flatMap(({ name }): RuleDefinition[] => [
    { kind: "record", record: `${name}:avg_over_time_1w`, expr: `avg_over_time(${name}${s}[${week}])` },
    { kind: "record", record: `${name}:stddev_over_time_1w`, expr: `stddev_over_time(${name}${s}[${week}])` },
    {
      kind: "record",
      record: `${name}:prediction`,
      expr: `avg_over_time(${name}${s}[${hour}] offset ${lastWeek}) + ${name}:avg_over_time_1w${s} - (${name}:avg_over_time_1w${s} offset ${week})`,
    },
  ]);
  const z = (name: string) => `(${name}${s} - ${name}:prediction${s}) / (${name}:stddev_over_time_1w${s} > 0)`;
  rules.push(
    {
      kind: "alert",
      alert: "ServiceTrafficAnomaly",
      expr: `abs(${z(series[0].name)}) > ${ANOMALY_Z_SCORE}`,
      for: context.scaled(Duration.minutes(10)),
      severity: "warning",
      labels: serviceLabels(service),
      summary: "Service traffic is unusual for this time of the week",
      description: `Traffic of ${service.name} in {{ $labels.namespace }} is {{ printf "%.1f" $value }} standard deviations away from the usual level for this time of the week.`,
      runbook: {
        meaning: `Request rate differs from its baseline (same hour last week, adjusted by the weekly trend) by more than ${ANOMALY_Z_SCORE} standard deviations of the last week.`,
        impact:
          "A surge can be an attack, a runaway client or a successful campaign that needs capacity; a drop usually means users cannot reach the service.",
        diagnosis: [
          'Compare now with the baseline: `job:http_requests:rate5m{job="<service>"}` and `job:http_requests:rate5m:prediction{job="<service>"}`.',
          "Who sends the traffic: the ingress/ALB access logs by client and path (Logs dashboard).",
        ],
        mitigation: [
          "Scale out for legitimate surges; rate-limit or block abusive clients; for drops, treat as ServiceRequestRateCollapse.",
        ],
      },
    },
    {
      kind: "alert",
      alert: "ServiceLatencyAnomaly",
      expr: `${z(series[1].name)} > ${ANOMALY_Z_SCORE}`,
      for: context.scaled(Duration.minutes(15)),
      severity: "warning",
      labels: serviceLabels(service),
      summary: "Service latency is unusually high for this time of the week",
      description: `p99 latency of ${service.name} in {{ $labels.namespace }} is {{ printf "%.1f" $value }} standard deviations above its usual level.`,
      runbook: {
        meaning: `p99 latency is above its weekly baseline by more than ${ANOMALY_Z_SCORE} standard deviations, even if it is still under the objective.`,
        impact: "An early sign of saturation or a slow dependency, before the latency objective is breached.",
        diagnosis: ["Diagnose as for ServiceHighLatency; compare with the prediction series on the Application performance dashboard."],
        mitigation: ["As for ServiceHighLatency."],
      },
    },
  );
  return { name: `anomaly-${service.name}`, engine: "prometheus", rules };
}
