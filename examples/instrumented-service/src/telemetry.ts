import { trace } from "@opentelemetry/api";

/**
 * OTLP/HTTP traces to the stack's OpenTelemetry Collector (OTEL_EXPORTER_OTLP_ENDPOINT, e.g.
 * http://otel-collector.monitoring.svc:4318). Returns a function that flushes and stops the exporter.
 */
export function startTracing(serviceName: string, endpoint: string | undefined): () => Promise<void> {
  if (!endpoint) return async () => {};
  // Loaded only when traces are exported: the SDK and its exporter were two thirds of the service's start-up (about
  // 200 ms of CPU), and game days start services without an endpoint, several times each.
  const { OTLPTraceExporter } =
    require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
  const { resourceFromAttributes } = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { BatchSpanProcessor, NodeTracerProvider } =
    require("@opentelemetry/sdk-trace-node") as typeof import("@opentelemetry/sdk-trace-node");
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` }), { scheduledDelayMillis: 500 }),
    ],
  });
  provider.register();
  return () => provider.shutdown();
}

/** The active span's trace id, for log correlation (Grafana links `trace_id` in logs to the trace in Jaeger). */
export function currentTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}
