import { planService, type ServiceSignal } from "../../plan/services";
import { Duration } from "../../spec/duration";
import type { EnvironmentSpec } from "../../spec/environment";
import { type ServiceSpec, serviceSelector } from "../../spec/services";
import { serviceErrorLogs } from "../loki/streams";
import type { ResolvedThreshold } from "../thresholds";
import { type CatalogContext, matchers, type RuleDefinition, type RuleGroupDefinition, tieredAlerts } from "./types";

/** Series of one service: the scrape job (the Kubernetes Service name) in its namespace. */
export function serviceMatchers(service: ServiceSpec): Record<string, string> {
  return { namespace: service.namespace, job: service.name };
}

/** Labels every alert of a service carries, so routing and runbooks know its owner. */
export function serviceLabels(service: ServiceSpec): Record<string, string> {
  return { service: service.name, ...(service.team ? { team: service.team } : {}) };
}

/** Windows of the error-ratio recording rules (burn-rate alerts use pairs of them). */
const ERROR_RATIO_WINDOWS: readonly Duration[] = [
  Duration.minutes(5),
  Duration.minutes(30),
  Duration.hours(1),
  Duration.hours(2),
  Duration.hours(6),
  Duration.days(1),
  Duration.days(3),
];

/** Name of an error-ratio recording rule; the suffix names the unscaled window so dashboards never change. */
export function errorRatioRecord(window: Duration): string {
  return `job:http_request_error_ratio:rate${window.toPrometheus()}`;
}

/**
 * A service's resolved tiers of a RED signal, from the plan (resolveTiers: environment, its objective, its overrides):
 * what its alerts compare and its dashboard panels draw, the same tiers as its cloud alarms.
 */
export function serviceThreshold(spec: EnvironmentSpec, service: ServiceSpec, signal: ServiceSignal): ResolvedThreshold {
  return planService(spec, service.name).tiers[signal];
}

/** RED recording rules and alerts for every service in the spec: errors, latency, traffic collapse, target down. */
export function applicationRules(context: CatalogContext): RuleGroupDefinition[] {
  return context.spec.services.map((service) => serviceGroup(context, service));
}

/**
 * Queries a person pastes into Prometheus and Grafana while a service's alert fires: the spec's metric names and error
 * matcher, and the service's own labels (the same values the alerts compare), never a placeholder the spec can fill.
 * Not time-scaled: they are read by people on the real stack.
 */
export function serviceDiagnosis(service: ServiceSpec) {
  const { red } = service.metrics;
  const sel = serviceMatchers(service);
  const errorLabel = red.errorMatcher.match(/^[a-zA-Z_][a-zA-Z0-9_]*/)?.[0] ?? "code";
  const podSelector = Object.entries(serviceSelector(service))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return {
    errorsByRoute: `sum by (route, ${errorLabel}) (rate(${red.requestsTotal}${matchers(sel, [red.errorMatcher])}[5m]))`,
    latencyByRoute: `histogram_quantile(0.99, sum by (route, le) (rate(${red.latencyHistogram}_bucket${matchers(sel)}[5m])))`,
    targets: `up${matchers(sel)}`,
    errorLogs: serviceErrorLogs(service),
    pods: `kubectl get pods -n ${service.namespace} -l ${podSelector}`,
    endpoints: `kubectl get endpoints -n ${service.namespace} ${service.name}`,
  };
}

function serviceGroup(context: CatalogContext, service: ServiceSpec): RuleGroupDefinition {
  const { red } = service.metrics;
  const sel = serviceMatchers(service);
  const labels = serviceLabels(service);
  const s = matchers(sel);
  const r5m = context.range(Duration.minutes(5));
  const thresholds = (signal: "errorRatio" | "latencyP99") => serviceThreshold(context.spec, service, signal);
  const q = serviceDiagnosis(service);

  const records: RuleDefinition[] = [
    { kind: "record", record: "job:http_requests:rate5m", expr: `sum by (namespace, job) (rate(${red.requestsTotal}${s}[${r5m}]))` },
    {
      kind: "record",
      record: "job:http_request_errors:rate5m",
      expr: `sum by (namespace, job) (rate(${red.requestsTotal}${matchers(sel, [red.errorMatcher])}[${r5m}]))`,
    },
    ...ERROR_RATIO_WINDOWS.map((window): RuleDefinition => {
      const w = context.range(window);
      const errors = `sum by (namespace, job) (rate(${red.requestsTotal}${matchers(sel, [red.errorMatcher])}[${w}]))`;
      const total = `sum by (namespace, job) (rate(${red.requestsTotal}${s}[${w}]))`;
      // "or total * 0": a service with no failed request yet has a ratio of 0, not "no data".
      return { kind: "record", record: errorRatioRecord(window), expr: `(${errors} or ${total} * 0) / ${total}` };
    }),
    {
      kind: "record",
      record: "job:http_request_duration_seconds:p99_5m",
      expr: `histogram_quantile(0.99, sum by (namespace, job, le) (rate(${red.latencyHistogram}_bucket${s}[${r5m}])))`,
    },
  ];

  const alerts: RuleDefinition[] = [
    ...tieredAlerts(context, thresholds("errorRatio"), (v, op) => ({
      alert: "ServiceHighErrorRatio",
      expr: `100 * ${errorRatioRecord(Duration.minutes(5))}${s} ${op} ${v}`,
      labels,
      summary: "Service is failing requests",
      description: `{{ printf "%.2f" $value }}% of requests to ${service.name} in {{ $labels.namespace }} fail (threshold ${v}%).`,
      runbook: {
        meaning: "The share of failed requests (those the service's error matcher selects, 5xx by default) is above the threshold.",
        impact: "Users get errors from the service and from everything that calls it.",
        diagnosis: [
          `Failed requests (${red.errorMatcher}) by route: \`${q.errorsByRoute}\`.`,
          `Error logs: \`${q.errorLogs}\`; follow a trace id into Jaeger.`,
          "Did it start with a deploy? Check the deploy annotations on the Application performance dashboard.",
        ],
        mitigation: [
          "Roll back the last release if the errors started with it.",
          "If a dependency fails (database, downstream API), follow that component's runbook and shed or degrade load.",
        ],
      },
    })),
    ...tieredAlerts(context, thresholds("latencyP99"), (v, op) => ({
      alert: "ServiceHighLatency",
      expr: `1000 * job:http_request_duration_seconds:p99_5m${s} ${op} ${v}`,
      labels,
      summary: "Service responds slowly",
      description: `p99 latency of ${service.name} in {{ $labels.namespace }} is {{ printf "%.0f" $value }} ms (threshold ${v} ms).`,
      runbook: {
        meaning: "The 99th percentile of request duration is above the service's objective (warning) or twice it (critical).",
        impact: "The slowest requests time out for users and callers; queues and connection pools fill up.",
        diagnosis: [
          `Latency by route: \`${q.latencyByRoute}\`.`,
          "Saturation: CPU throttling and memory of the pods on the Resource utilisation dashboard; database latency.",
          `Open slow traces in Jaeger (service = ${service.name}, min duration = the threshold).`,
        ],
        mitigation: [
          "Scale out if the pods are saturated; roll back a slow release; protect the dependency that is slow (timeouts, caching).",
        ],
      },
    })),
    {
      kind: "alert",
      alert: "ServiceRequestRateCollapse",
      expr: `job:http_requests:rate5m${s} < 0.2 * (job:http_requests:rate5m${s} offset ${context.offset(Duration.hours(1))}) and (job:http_requests:rate5m${s} offset ${context.offset(Duration.hours(1))}) > 0.1`,
      for: context.scaled(Duration.minutes(10)),
      severity: "warning",
      labels,
      summary: "Service traffic collapsed",
      description: `${service.name} in {{ $labels.namespace }} receives {{ printf "%.2f" $value }} requests/s, under a fifth of an hour ago.`,
      runbook: {
        meaning: "Request rate fell by more than 80 % compared with one hour earlier, while it had real traffic then.",
        impact:
          "Usually users cannot reach the service (DNS, ingress, load balancer, an upstream caller failing), not that they stopped wanting it.",
        diagnosis: [`Ingress and load balancer errors; the callers' error rates; \`${q.endpoints}\`.`],
        mitigation: ["Restore the path to the service (ingress, DNS, certificates); roll back a caller's release."],
      },
    },
    {
      kind: "alert",
      alert: "ServiceTargetDown",
      expr: `sum by (namespace, job) (up${s}) == 0`,
      for: context.scaled(Duration.minutes(3)),
      severity: "critical",
      labels,
      summary: "Service cannot be scraped",
      description: `No target of ${service.name} in {{ $labels.namespace }} answers Prometheus scrapes ({{ $value }} up).`,
      runbook: {
        meaning: "Every discovered pod of the service failed its last scrapes: the pods are down or their metrics endpoint is.",
        impact: "The service is probably down; in any case it is unmonitored.",
        diagnosis: [`\`${q.targets}\` and the scrape error on Prometheus' Targets page.`, `\`${q.pods}\`.`],
        mitigation: ["Restart or roll back the service; fix the metrics port or path if only scraping broke."],
      },
    },
    {
      kind: "alert",
      alert: "ServiceNotScraped",
      expr: `absent(up${s})`,
      for: context.scaled(Duration.minutes(15)),
      severity: "warning",
      labels,
      summary: "Service is not discovered by Prometheus",
      description: `Prometheus has no target for ${service.name} in namespace ${service.namespace}.`,
      runbook: {
        meaning: "No scrape target matches the service: its pods are gone, or their labels or ports do not match the monitor.",
        impact: "Every other alert of the service is blind.",
        diagnosis: [
          `Compare the pod labels with the ServiceMonitor/PodMonitor selector: \`kubectl get pods -n ${service.namespace} --show-labels\`.`,
          "Check the named metrics port exists on the pods.",
        ],
        mitigation: ["Fix the labels/port in the deployment or the selector in the spec (`services[].selector`, `metrics.port`)."],
      },
    },
  ];
  return { name: `service-${service.name}`, engine: "prometheus", rules: [...records, ...alerts] };
}
