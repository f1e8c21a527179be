// The package's public surface: the spec and its types, the stack, and every module construct.

export * from "../modules/alloy";
export * from "../modules/aws-agent";
export * from "../modules/aws-alarms";
export * from "../modules/aws-audit-trail";
export * from "../modules/aws-chatbot";
export * from "../modules/aws-dashboard";
export * from "../modules/aws-devops-guru";
export * from "../modules/aws-logs";
export * from "../modules/aws-managed-prometheus";
export * from "../modules/aws-notifications";
export * from "../modules/aws-object-storage";
export * from "../modules/aws-opensearch";
export * from "../modules/aws-scaling";
export * from "../modules/aws-workload-identity";
export * from "../modules/azure-agent";
export * from "../modules/azure-alerting";
export * from "../modules/azure-logs";
export * from "../modules/azure-object-storage";
export * from "../modules/azure-workload-identity";
export * from "../modules/database-exporter";
export * from "../modules/gcp-alerting";
export * from "../modules/gcp-logs";
export * from "../modules/gcp-object-storage";
export * from "../modules/gcp-ops-agent";
export * from "../modules/gcp-workload-identity";
export * from "../modules/grafana-dashboards";
export * from "../modules/grafana-external";
export * from "../modules/jaeger";
export * from "../modules/kube-prometheus";
export * from "../modules/kubernetes-providers";
export * from "../modules/loki";
export * from "../modules/otel-collector";
export * from "../modules/pagerduty-oncall";
export {
  type InClusterEndpoints,
  inClusterEndpoints,
  type KubernetesAlertingArtifacts,
  KubernetesStack,
  type KubernetesStackProps,
} from "../stacks/kubernetes-stack";
export { MonitoringStack, type MonitoringStackProps, stackName } from "../stacks/monitoring-stack";
export { ALARM_INTENTS, type AlarmIntent, ANOMALY_INTENTS } from "./catalog/alarm-intents";
export { CHARTS, type ChartId, type ChartPin } from "./catalog/charts";
export { CLOUDWATCH_CATALOG, cloudWatchRunbookSlug, cloudWatchRunbooks } from "./catalog/cloudwatch";
export { CLOUD_DASHBOARDS, catalogDashboards, DASHBOARDS, type DashboardDefinition } from "./catalog/dashboards";
export { METRIC_SOURCES, type MetricSource } from "./catalog/dashboards/metric-origins";
export { PROFILES, type ProfileName, type ProfileSizing, profileSizing } from "./catalog/profiles";
export { SIGNALS, type SignalDefinition, type SignalName } from "./catalog/signals";
export { alarmName } from "./model/naming";
export { exportDataSources, externalDataSources, inClusterDataSources } from "./render/dashboards/data-sources";
export { dashboardUid, type RenderedDashboard, renderDashboards } from "./render/dashboards/render";
export * from "./spec";
export { ProviderPinning } from "./terraform/provider-pinning";
export { PROVIDER_PINS } from "./terraform/provider-pins";
export { type CollectionPolicy, collectBetweenPhases, LARGE_SYNTH_POLICY } from "./util/collect-garbage";
