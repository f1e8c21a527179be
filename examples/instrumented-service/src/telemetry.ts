import { trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

/**
 * OTLP/HTTP traces to the stack's OpenTelemetry Collector (OTEL_EXPORTER_OTLP_ENDPOINT, e.g.
 * http://otel-collector.monitoring.svc:4318). Returns a function that flushes and stops the exporter.
 */
export function startTracing(serviceName: string, endpoint: string | undefined): () => Promise<void> {
  if (!endpoint) return async () => {};
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
