export { JAEGER_FULLNAME, Jaeger, type JaegerProps, type JaegerStorage, jaegerOtlpEndpoint, jaegerQueryUrl, jaegerValues } from "./jaeger";
