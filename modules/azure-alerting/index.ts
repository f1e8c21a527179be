export type { AzureActionGroupDefinition, AzureLogAlertDefinition, AzureMetricAlertDefinition } from "../../src/render/azure/monitoring";
export { AzureAlerting, type AzureAlertingProps } from "./azure-alerting";
export { AzureSlackRelay, type AzureSlackRelayProps, SLACK_URL_PARAMETER } from "./slack-relay";
