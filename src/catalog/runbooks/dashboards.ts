/**
 * Which Grafana dashboard (and panel) a runbook opens for an alert, and which of the dashboard's variables the alert's
 * labels set. The renderer checks each against the rendered dashboard (its uid, panel titles and variables).
 */
export interface RunbookDashboard {
  /** Slug of a catalog dashboard (src/catalog/dashboards). */
  readonly slug: string;
  /** Title of the panel to open, for the service the alert is about. @default - the whole dashboard */
  readonly panel?: (service: string | undefined) => string;
  /** Dashboard variables the alert's labels set, by variable name: the label each takes its value from. @default {} */
  readonly variables?: Readonly<Record<string, string>>;
}

const service = { service: "service", namespace: "namespace" } as const;

/** By alert name; checked before the group's default. */
const BY_ALERT: Readonly<Record<string, RunbookDashboard>> = {
  HostHighCpuLoad: { slug: "resources", panel: () => "CPU utilisation", variables: { instance: "instance" } },
  HostMemoryPressure: { slug: "resources", panel: () => "Memory utilisation", variables: { instance: "instance" } },
  HostDiskAlmostFull: { slug: "resources", panel: () => "Disk space used", variables: { instance: "instance" } },
  HostDiskFillingUp: { slug: "resources", panel: () => "Disk space used", variables: { instance: "instance" } },
  HostNetworkErrors: { slug: "resources", panel: () => "Network errors", variables: { instance: "instance" } },
  HostNetworkSaturated: { slug: "resources", panel: () => "Network throughput", variables: { instance: "instance" } },
  KubePodCrashLooping: { slug: "resources", panel: () => "Container restarts", variables: { namespace: "namespace" } },
  KubePersistentVolumeFillingUp: { slug: "resources", panel: () => "Volume space used", variables: { namespace: "namespace" } },
  KubePersistentVolumeFullSoon: { slug: "resources", panel: () => "Volume space used", variables: { namespace: "namespace" } },
  KubeNodeNotReady: { slug: "resources", panel: () => "Nodes" },
  ServiceHighErrorRatio: { slug: "performance", panel: (s) => `${s}: requests by status`, variables: service },
  ServiceHighLatency: { slug: "performance", panel: (s) => `${s}: latency`, variables: service },
  ServiceErrorBudgetBurn: { slug: "performance", panel: (s) => `${s}: requests by status`, variables: service },
  ServiceTrafficSurge: { slug: "performance", panel: (s) => `${s}: traffic against its prediction`, variables: service },
  ServiceTrafficDrop: { slug: "performance", panel: (s) => `${s}: traffic against its prediction`, variables: service },
  ServiceLatencyAnomaly: { slug: "performance", panel: (s) => `${s}: p99 latency against its prediction`, variables: service },
  ServiceErrorLogSpike: { slug: "logs", panel: () => "Error lines by service", variables: service },
  PrometheusRuleEvaluationFailures: { slug: "overview", panel: () => "Rule evaluation failures" },
  PrometheusNotificationsFailing: { slug: "overview", panel: () => "Notifications failing" },
  AlertmanagerNotificationsFailing: { slug: "overview", panel: () => "Notifications failing" },
  TracesRefused: { slug: "traces", panel: () => "Spans lost" },
  TracesExportFailing: { slug: "traces", panel: () => "Spans lost" },
};

/** By rule group (`service-checkout` → `service`), for alerts not listed by name. */
const BY_GROUP: Readonly<Record<string, RunbookDashboard>> = {
  monitoring: { slug: "overview", panel: () => "Can I trust the monitoring?" },
  hosts: { slug: "resources", variables: { instance: "instance" } },
  kubernetes: { slug: "resources", variables: { namespace: "namespace" } },
  service: { slug: "performance", variables: service },
  slo: { slug: "performance", variables: service },
  anomaly: { slug: "performance", variables: service },
  logs: { slug: "logs", variables: service },
  databases: { slug: "databases" },
};

/** The dashboard a runbook of `alert` (in rule group `group`) links to. @returns undefined when none shows it */
export function runbookDashboard(alert: string, group: string): RunbookDashboard | undefined {
  return BY_ALERT[alert] ?? BY_GROUP[group] ?? BY_GROUP[group.split("-")[0]];
}
