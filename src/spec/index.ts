export type { BackendSpec } from "./backend";
export { type ChannelSpec, type ChannelType, channelSeverities, DEFAULT_CHANNEL_SEVERITIES } from "./channels";
export type { CloudProvider, CloudSpec } from "./clouds";
export type { AwsCloudSpec, AwsWatchSpec } from "./clouds/aws";
export type { DatabaseSpec } from "./databases";
export { Duration } from "./duration";
export { defineEnvironment, type EnvironmentInput, type EnvironmentSpec, environmentSchema } from "./environment";
export { formatProblems, problemFromException, type SpecProblem, SpecValidationError } from "./errors";
export {
  type ExternalGrafanaSpec,
  GRAFANA_DELIVERIES,
  type GrafanaDelivery,
  type GrafanaDeliverySpec,
  grafanaDeliveries,
  grafanaFolder,
} from "./grafana";
export type { GrafanaSsoSpec } from "./grafana-sso";
export type { GrafanaSpec, KubernetesConnectionSpec, KubernetesSpec, SamplingSpec, TraceStorageSpec } from "./kubernetes";
export { SEVERITIES, type Severity } from "./primitives";
export type { RetentionSpec } from "./retention";
export type { SecretRef } from "./secret-ref";
export { type KpiSpec, type ServiceSpec, serviceSelector } from "./services";
export type { ThresholdOverride, ThresholdOverrides } from "./thresholds";
export {
  checkEnvironment,
  checkEnvironmentSources,
  readSpecFile,
  resolveEnvironment,
  resolveEnvironmentSources,
  resolveEnvironments,
  type SourcedEnvironment,
  type SpecSource,
  type ValidationResult,
} from "./validate";
