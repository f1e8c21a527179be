export {
  OTEL_COLLECTOR_FULLNAME,
  OtelCollector,
  type OtelCollectorProps,
  otelCollectorValues,
  otlpEndpoints,
  type TraceSampling,
} from "./otel-collector";
