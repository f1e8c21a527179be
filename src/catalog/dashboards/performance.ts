import type { EnvironmentSpec } from "../../spec/environment";
import type { ServiceSpec } from "../../spec/services";
import { ANOMALY_DETECTION, anomalyRecord } from "../prometheus/anomaly-detection";
import { serviceThreshold } from "../prometheus/applications";
import { baseDashboard, deployAnnotation, namespaceVariable, serviceVariable } from "./common";
import { type AlertTiers, alertTiers, dashboardLink, promQuery, row, statPanel, timeSeriesPanel } from "./panels";
import { serviceHealthPanels } from "./service-health";
import type { DashboardContext, DashboardDefinition } from "./types";

const selected = 'namespace=~"$namespace", job=~"$service"';

/** Application performance: RED per service (rate, errors, duration against the objective) and saturation. */
export const performanceDashboard: DashboardDefinition = {
  slug: "performance",
  title: "Application performance",
  description:
    "RED per service: request rate, error ratio, latency percentiles against the service's objective (exemplars open the trace), and saturation of its pods.",
  appliesTo: (spec) => spec.services.length > 0,
  build(context) {
    const builder = baseDashboard(context, performanceDashboard, ["prometheus"])
      .withVariable(namespaceVariable())
      .withVariable(serviceVariable(context.spec.services))
      .annotation(deployAnnotation())
      .withRow(row("All selected services"))
      .withPanel(
        timeSeriesPanel("Request rate", [promQuery(`sum by (job) (job:http_requests:rate5m{${selected}})`, "{{job}}")], {
          unit: "reqps",
          width: 8,
        }),
      )
      .withPanel(
        timeSeriesPanel("Error ratio", [promQuery(`job:http_request_error_ratio:rate5m{${selected}}`, "{{job}}")], {
          unit: "percentunit",
          width: 8,
          seriesTiers: serviceTiers(context.spec, "errorRatio"),
          description: "Failed requests (the service's error matcher, 5xx by default) over all requests, 5-minute rate.",
        }),
      )
      .withPanel(
        timeSeriesPanel("p99 latency", [promQuery(`job:http_request_duration_seconds:p99_5m{${selected}}`, "{{job}}")], {
          unit: "s",
          width: 8,
          seriesTiers: serviceTiers(context.spec, "latencyP99"),
          description: "Dashed lines: each service's ServiceHighLatency tiers (warning orange, critical red).",
        }),
      );
    for (const service of context.spec.services) serviceRow(context, builder, service);
    return builder;
  },
};

/**
 * Each service's tiers of a RED alert, in the panels' unit (error ratio as a 0-1 ratio, latency in seconds), by the
 * job the series are named after.
 */
export function serviceTiers(spec: EnvironmentSpec, signal: "errorRatio" | "latencyP99"): Record<string, AlertTiers> {
  const factor = signal === "errorRatio" ? 0.01 : 0.001;
  return Object.fromEntries(spec.services.map((s) => [s.name, alertTiers(serviceThreshold(spec, s, signal), factor)]));
}

/**
 * One row per service: its own metric names (the spec may rename them), the latency objective as a dashed line, and
 * saturation of its pods (selected by the Deployment's pod name prefix).
 */
function serviceRow(context: DashboardContext, builder: ReturnType<typeof baseDashboard>, service: ServiceSpec): void {
  const { red } = service.metrics;
  const sel = `namespace="${service.namespace}", job="${service.name}"`;
  const objective = service.slo?.latencyP99Ms;
  const latency = serviceThreshold(context.spec, service, "latencyP99");
  const quantile = (q: number) =>
    promQuery(
      `histogram_quantile(${q}, sum by (le) (rate(${red.latencyHistogram}_bucket{${sel}}[$__rate_interval])))`,
      `p${q * 100}`,
    ).exemplar(true);
  builder
    .withRow(row(`${service.name} (${service.namespace})`))
    .withPanel(
      timeSeriesPanel(
        `${service.name}: requests by status`,
        [promQuery(`sum by (code) (rate(${red.requestsTotal}{${sel}}[$__rate_interval]))`, "{{code}}")],
        { unit: "reqps", stacked: true, width: 12 },
      ),
    )
    .withPanel(
      timeSeriesPanel(`${service.name}: latency`, [quantile(0.5), quantile(0.9), quantile(0.99)], {
        unit: "s",
        width: 12,
        tiers: alertTiers(latency, 0.001),
        description: `Dashed lines: ServiceHighLatency's tiers on p99 (${latency.warning !== undefined ? `warning ${latency.warning} ms, ` : ""}critical ${latency.critical} ms${objective ? `; the objective is ${objective} ms` : ""}). Exemplar dots open the request's trace in Jaeger.`,
      }).links(
        context.slugs.has("traces") ? [dashboardLink("Traces of this service", context.uid("traces"), `?var-service=${service.name}`)] : [],
      ),
    );
  for (const panel of serviceHealthPanels(service)) builder.withPanel(panel);
  anomalyPanels(builder, service);
}

/**
 * What the anomaly alerts compare: the actual rate, the prediction and the band (ServiceTrafficSurge above it,
 * ServiceTrafficDrop below it), the same for p99 latency, and how much history the prediction has (warm-up).
 */
function anomalyPanels(builder: ReturnType<typeof baseDashboard>, service: ServiceSpec): void {
  const sel = `{namespace="${service.namespace}", job="${service.name}"}`;
  const { robustPeriods, periods } = ANOMALY_DETECTION;
  const method = `Prediction: median of the same time of day ${periods.map((p) => p.toPrometheus()).join(", ")} ago; band: what those periods saw within ± ${ANOMALY_DETECTION.tolerance.toPrometheus()}, widened by the normal noise.`;
  builder
    .withPanel(
      timeSeriesPanel(
        `${service.name}: traffic against its prediction`,
        [
          promQuery(`job:http_requests:rate5m${sel}`, "actual"),
          promQuery(`${anomalyRecord("traffic", "prediction")}${sel}`, "prediction"),
          promQuery(`${anomalyRecord("traffic", "anomaly_upper")}${sel}`, "band: surge above"),
          promQuery(`${anomalyRecord("traffic", "anomaly_lower")}${sel}`, "band: drop below"),
        ],
        { unit: "reqps", width: 10, description: `ServiceTrafficSurge fires above the band, ServiceTrafficDrop below it. ${method}` },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        `${service.name}: p99 latency against its prediction`,
        [
          promQuery(`job:http_request_duration_seconds:p99_5m${sel}`, "actual"),
          promQuery(`${anomalyRecord("latency", "prediction")}${sel}`, "prediction"),
          promQuery(`${anomalyRecord("latency", "anomaly_upper")}${sel}`, "band: anomaly above"),
        ],
        { unit: "s", width: 10, description: `ServiceLatencyAnomaly fires above the band. ${method}` },
      ),
    )
    .withPanel(
      statPanel(`${service.name}: anomaly history`, [promQuery(`${anomalyRecord("traffic", "history_periods")}${sel}`, "past periods")], {
        width: 4,
        height: 8,
        steps: [
          [null, "orange"],
          [robustPeriods, "green"],
        ],
        description: `Past periods with data (of ${periods.length}). Under ${robustPeriods} the detector is warming up: the band is the envelope of what exists (on the first day, ${ANOMALY_DETECTION.fallbackFactor} × the highest rate of the last ${ANOMALY_DETECTION.fallbackWindow.toPrometheus()}), less sensitive than the median.`,
      }),
    );
}
