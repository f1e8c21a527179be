export type { GcpLogMetricDefinition } from "../../src/render/gcp/monitoring";
export { GcpLogs, type GcpLogsProps } from "./gcp-logs";
