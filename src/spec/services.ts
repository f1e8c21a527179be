import { z } from "zod";
import { dnsLabelSchema, durationWithin, labelMapSchema } from "./primitives";
import { thresholdOverridesSchema } from "./thresholds";

const promMetricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "expected a Prometheus metric name");

export const kpiSchema = z.strictObject({
  /** Prometheus metric the service exports, e.g. "orders_created_total". */
  metric: promMetricName,
  /** Panel title. @default - the metric name */
  title: z.string().min(1).optional(),
  /** Counters are shown as a rate, gauges as they are. @default "counter" when the name ends in _total, else "gauge" */
  kind: z.enum(["counter", "gauge"]).optional(),
  /** Grafana unit id, e.g. "currencyUSD", "short". @default "short" */
  unit: z.string().min(1).default("short"),
});

export const sloSchema = z.strictObject({
  /** Share of requests that must succeed over the window, in percent (e.g. 99.9). */
  availabilityPercent: z.number().gt(50).lt(100),
  /** 99th percentile latency objective in milliseconds. @default - no latency objective */
  latencyP99Ms: z.number().int().positive().max(3_600_000, "expected at most 3600000 ms (one hour)").optional(),
  /** Compliance window. @default "30d" */
  window: durationWithin("1d", "90d", "burn rates are computed over ranges Prometheus keeps").prefault("30d"),
});

export const serviceSchema = z.strictObject({
  name: dnsLabelSchema,
  /** Kubernetes namespace the service runs in. @default "default" */
  namespace: dnsLabelSchema.default("default"),
  /** Pod labels that select the service. @default { "app.kubernetes.io/name": <name> } */
  selector: labelMapSchema.optional(),
  metrics: z
    .strictObject({
      /** Named container port (or number) serving metrics. @default "http-metrics" */
      port: z.union([z.string().regex(/^[a-z0-9-]{1,15}$/), z.number().int().min(1).max(65_535)]).default("http-metrics"),
      /** @default "/metrics" */
      path: z.string().startsWith("/").default("/metrics"),
      /** Scrape interval. @default "30s" */
      interval: durationWithin("1s", "5m", "series scraped less often than every 5m go stale in Prometheus between scrapes").prefault(
        "30s",
      ),
      /** Names of the service's RED metrics. @default - the Prometheus client conventions below */
      red: z
        .strictObject({
          /** Counter of handled requests. @default "http_requests_total" */
          requestsTotal: promMetricName.default("http_requests_total"),
          /** Label matcher that selects failed requests. @default 'code=~"5.."' */
          errorMatcher: z
            .string()
            .regex(/^[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~)"[^"]*"$/, 'expected one label matcher such as code=~"5.."')
            .default('code=~"5.."'),
          /** Histogram of request durations in seconds (without _bucket). @default "http_request_duration_seconds" */
          latencyHistogram: promMetricName.default("http_request_duration_seconds"),
          /** Label of both RED metrics naming the route (the dashboards' top routes by errors and latency). @default "route" */
          routeLabel: z
            .string()
            .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "expected a Prometheus label name")
            .default("route"),
        })
        .prefault({}),
      /**
       * The service's runtime, when its Prometheus client exports runtime metrics the dashboards show: "nodejs" for
       * prom-client's default metrics (event-loop lag). @default - none: no runtime panels
       */
      runtime: z.enum(["nodejs"]).optional(),
    })
    .prefault({}),
  /** Service level objectives; drive burn-rate alerts and the latency threshold. @default - none */
  slo: sloSchema.optional(),
  /** Business KPIs shown on the business dashboard. @default [] */
  kpis: z.array(kpiSchema).default([]),
  /** Threshold overrides for this service only. @default {} */
  thresholds: thresholdOverridesSchema.prefault({}),
  /** Team that owns the service (named in runbooks and routing). @default - none */
  team: dnsLabelSchema.optional(),
});

export type ServiceSpec = z.output<typeof serviceSchema>;
export type KpiSpec = z.output<typeof kpiSchema>;

/** The pod labels a service is discovered by. */
export function serviceSelector(service: ServiceSpec): Record<string, string> {
  return service.selector ?? { "app.kubernetes.io/name": service.name };
}
