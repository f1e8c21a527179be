// The package's public surface: the spec and its types, the stack, and every module construct.

export * from "../modules/aws-notifications";
export { MonitoringStack, type MonitoringStackProps, stackName } from "../stacks/monitoring-stack";
export { SIGNALS, type SignalDefinition, type SignalName } from "./catalog/signals";
export * from "./spec";
export { ProviderPinning } from "./terraform/provider-pinning";
export { PROVIDER_PINS } from "./terraform/provider-pins";
