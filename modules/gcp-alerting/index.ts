export type {
  GcpAlertPolicyDefinition,
  GcpConditionDefinition,
  GcpNotificationChannelDefinition,
  GcpUptimeCheckDefinition,
} from "../../src/render/gcp/monitoring";
export { GcpAlerting, type GcpAlertingProps } from "./gcp-alerting";
