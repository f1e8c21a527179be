import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry, type RegistryContentType } from "prom-client";

/**
 * RED metrics under the names the stack's rules expect by default (services[].metrics.red): a request counter
 * with a `code` label, and a latency histogram in seconds whose buckets carry the trace id of a request as an exemplar
 * (served in the OpenMetrics format only: the 0.0.4 text format has no exemplars).
 */
export function createMetrics() {
  // An OpenMetrics registry (prom-client accepts exemplars only there); exposition() also renders the 0.0.4 format.
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests handled, by route, method and status code",
    labelNames: ["route", "method", "code"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration in seconds",
    labelNames: ["route", "method"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    enableExemplars: true,
    registers: [registry],
  });
  const buildInfo = new Gauge({
    name: "app_build_info",
    help: "Release of the running service (always 1), for deploy markers",
    labelNames: ["version"] as const,
    registers: [registry],
  });
  /** Records a request's duration; its trace id, when traced, becomes the bucket's exemplar. */
  const observeDuration = (labels: { route: string; method: string }, seconds: number, traceId?: string): void => {
    // prom-client types exemplar labels as the metric's own label names; trace_id is the name Grafana links on.
    const exemplarLabels = (traceId ? { trace_id: traceId } : {}) as Record<string, string>;
    duration.observe({ labels, value: seconds, exemplarLabels });
  };
  return { registry, requests, observeDuration, buildInfo, exposition: exposition(registry) };
}

/** Whether a scraper's Accept header prefers OpenMetrics (Prometheus asks for it first, then 0.0.4 text with a lower q). */
export function prefersOpenMetrics(accept: string | undefined): boolean {
  const quality = (type: string) =>
    Math.max(
      0,
      ...(accept ?? "")
        .split(",")
        .map((part) => part.trim().split(";"))
        .filter(([media]) => media.trim() === type || media.trim() === "*/*")
        .map(([media, ...params]) => {
          const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
          // An explicit type beats the wildcard at the same quality.
          return (q ? Number(q.slice(2)) : 1) - (media.trim() === "*/*" ? 0.001 : 0);
        }),
    );
  return quality("application/openmetrics-text") > quality("text/plain");
}

/**
 * The registry's exposition in the format the scraper asks for. prom-client renders one format per registry and, for
 * OpenMetrics, renames counters in place (drops `_total`, which it adds back per line): the renders are serialized and
 * the names restored, so a later 0.0.4 render is right.
 */
function exposition(registry: Registry<RegistryContentType>) {
  let queue: Promise<unknown> = Promise.resolve();
  return (accept: string | undefined): Promise<{ contentType: string; body: string }> => {
    const openMetrics = prefersOpenMetrics(accept);
    const render = queue.then(async () => {
      const contentType = openMetrics ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE;
      registry.setContentType(contentType);
      try {
        return { contentType, body: await registry.metrics() };
      } finally {
        for (const metric of registry.getMetricsAsArray() as unknown as Array<{ type: string; name: string }>) {
          if (metric.type === "counter" && !metric.name.endsWith("_total")) metric.name = `${metric.name}_total`;
        }
      }
    });
    queue = render.catch(() => undefined);
    return render;
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
