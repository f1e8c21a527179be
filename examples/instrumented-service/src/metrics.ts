import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * RED metrics under the names the stack's rules expect by default (services[].metrics.red): a request counter
 * with a `code` label, and a latency histogram in seconds.
 */
export function createMetrics() {
  const registry = new Registry();
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
    registers: [registry],
  });
  const buildInfo = new Gauge({
    name: "app_build_info",
    help: "Release of the running service (always 1), for deploy markers",
    labelNames: ["version"] as const,
    registers: [registry],
  });
  return { registry, requests, duration, buildInfo };
}

export type Metrics = ReturnType<typeof createMetrics>;
