export { AMA_COUNTERS, AMA_LINUX_INITIATIVE, AMA_REMEDIATION_ROLES, AzureAgent, type AzureAgentProps } from "./azure-agent";
