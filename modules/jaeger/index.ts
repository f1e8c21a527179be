export {
  JAEGER_FULLNAME,
  Jaeger,
  type JaegerProps,
  type JaegerStorage,
  jaegerMetricsEndpoint,
  jaegerOtlpEndpoint,
  jaegerQueryUrl,
  jaegerValues,
} from "./jaeger";
