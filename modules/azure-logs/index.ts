export { AzureLogs, type AzureLogsProps } from "./azure-logs";
