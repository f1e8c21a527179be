export { AzureLogs, type AzureLogsProps } from "./azure-logs";
export { AzureContainerInsights, type AzureContainerInsightsProps } from "./container-insights";
