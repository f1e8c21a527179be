import { Duration } from "../../spec/duration";
import type { ServiceSpec } from "../../spec/services";
import { errorRatioRecord, serviceLabels, serviceMatchers } from "./applications";
import { type CatalogContext, matchers, type RuleDefinition, type RuleGroupDefinition } from "./types";

/**
 * Multi-window, multi-burn-rate pairs from the Google SRE workbook: a long window that proves the burn is real and a
 * short one that proves it is still going on. Fast burns page, slow burns open a ticket.
 */
const BURN_RATE_WINDOWS = [
  { severity: "critical", long: Duration.hours(1), short: Duration.minutes(5), factor: 14.4, for: Duration.minutes(2) },
  { severity: "critical", long: Duration.hours(6), short: Duration.minutes(30), factor: 6, for: Duration.minutes(15) },
  { severity: "warning", long: Duration.days(1), short: Duration.hours(2), factor: 3, for: Duration.hours(1) },
  { severity: "warning", long: Duration.days(3), short: Duration.hours(6), factor: 1, for: Duration.hours(3) },
] as const;

/** Error-budget recording rules and burn-rate alerts for every service with an availability objective. */
export function sloRules(context: CatalogContext): RuleGroupDefinition[] {
  return context.spec.services.filter((s) => s.slo).map((service) => sloGroup(context, service));
}

function sloGroup(context: CatalogContext, service: ServiceSpec): RuleGroupDefinition {
  const slo = service.slo;
  if (!slo) throw new Error(`service ${service.name} has no SLO`);
  const s = matchers(serviceMatchers(service));
  const budget = Number((1 - slo.availabilityPercent / 100).toPrecision(6));
  const red = service.metrics.red;
  const window = context.range(slo.window);
  const total = `sum by (namespace, job) (rate(${red.requestsTotal}${s}[${window}]))`;
  const errors = `sum by (namespace, job) (rate(${red.requestsTotal}${matchers(serviceMatchers(service), [red.errorMatcher])}[${window}]))`;

  const records: RuleDefinition[] = [
    {
      kind: "record",
      record: "job:slo_availability_objective:ratio",
      expr: `vector(${Number((slo.availabilityPercent / 100).toPrecision(8))})`,
      labels: serviceMatchers(service),
    },
    {
      kind: "record",
      record: "job:slo_error_budget_remaining:ratio",
      expr: `1 - ((${errors} or ${total} * 0) / ${total}) / ${budget}`,
    },
  ];

  // One rule per window pair, so each pair waits its own `for:`; the `long`/`short` labels keep the rules distinct (as
  // in kube-prometheus' KubeAPIErrorBudgetBurn) and Alertmanager groups both pairs of a severity into one notification.
  const alerts: RuleDefinition[] = BURN_RATE_WINDOWS.map((p) => {
    const severity = p.severity;
    const pairs = BURN_RATE_WINDOWS.filter((q) => q.severity === severity);
    // A long window over a short stretch of data behaves like a short window: require data as old as the window.
    const expr = `${errorRatioRecord(p.long)}${s} > (${p.factor} * ${budget}) and ${errorRatioRecord(p.short)}${s} > (${p.factor} * ${budget}) and on (namespace, job) (job:http_requests:rate5m${s} offset ${context.offset(Duration.seconds(p.long.toSeconds() - p.short.toSeconds()))})`;
    return {
      kind: "alert",
      alert: "ServiceErrorBudgetBurn",
      expr,
      for: context.scaled(p.for),
      severity,
      labels: { ...serviceLabels(service), long: p.long.toPrometheus(), short: p.short.toPrometheus() },
      summary: severity === "critical" ? "Service burns its error budget fast" : "Service burns its error budget",
      description: `${service.name} spends its ${slo.availabilityPercent}% availability budget ${severity === "critical" ? "at 6x or more its sustainable rate" : "faster than it can sustain over the window"}; current error ratio {{ printf "%.3f" $value }}.`,
      runbook: {
        meaning: `The error ratio over both a long and a short window exceeds a multiple of the error budget (${pairs.map((q) => `${q.factor}x over ${q.long.toPrometheus()}/${q.short.toPrometheus()} for ${q.for.toPrometheus()}`).join(", ")}).`,
        impact:
          severity === "critical"
            ? "At this rate the monthly error budget is gone within days or hours: users see failures now."
            : "The budget will run out before the end of the window if nothing changes.",
        diagnosis: [
          `Burn over time: \`job:http_request_error_ratio:rate1h${s} / on (namespace, job) (1 - job:slo_availability_objective:ratio${s})\`.`,
          `Budget left: \`job:slo_error_budget_remaining:ratio${s}\` (Overview dashboard).`,
          "Then diagnose the errors as for ServiceHighErrorRatio.",
        ],
        mitigation: ["Stop the bleeding first (roll back, fail over, shed load); freeze risky releases until the budget recovers."],
      },
    };
  });
  return { name: `slo-${service.name}`, engine: "prometheus", rules: [...records, ...alerts] };
}
