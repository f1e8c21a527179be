export type { GcpLogMetricDefinition } from "../../src/catalog/gcp-monitoring/log-metrics";
export { GcpLogs, type GcpLogsProps } from "./gcp-logs";
