import type { EnvironmentSpec } from "../../spec/environment";
import { MYSQL_SECONDS_BEHIND, MYSQL_SQL_DELAY, POSTGRES_COLLECTOR_SUCCESS } from "../prometheus/exporter-metrics";

/**
 * Where the exporter metrics the dashboards use come from: the component, whether the environment deploys it, and
 * its metric names. A dashboard may only use a metric listed here, a recording rule of the catalog, or a metric a
 * service declares in the spec (test/catalog/dashboards-queries.test.ts), so no panel shows "No data" because of a
 * typo or a component the environment does not run.
 */
export interface MetricSource {
  readonly component: string;
  readonly deployed: (spec: EnvironmentSpec) => boolean;
  readonly metrics: readonly string[];
}

const inCluster = (spec: EnvironmentSpec) => spec.kubernetes !== undefined;
const database = (engine: "postgres" | "mysql") => (spec: EnvironmentSpec) =>
  (spec.kubernetes?.databases ?? []).some((db) => db.engine === engine);

export const METRIC_SOURCES: readonly MetricSource[] = [
  {
    component: "Prometheus (kube-prometheus-stack): scrape health and alert state",
    deployed: inCluster,
    metrics: ["up", "ALERTS"],
  },
  {
    component: "node_exporter (kube-prometheus-stack DaemonSet)",
    deployed: inCluster,
    metrics: [
      "node_cpu_seconds_total",
      "node_load5",
      "node_uname_info",
      "node_memory_MemAvailable_bytes",
      "node_memory_MemTotal_bytes",
      "node_network_receive_bytes_total",
      "node_network_transmit_bytes_total",
      "node_network_receive_errs_total",
      "node_network_transmit_errs_total",
      "node_disk_read_bytes_total",
      "node_disk_written_bytes_total",
      "node_disk_io_time_seconds_total",
      "node_filesystem_avail_bytes",
      "node_filesystem_size_bytes",
    ],
  },
  {
    component: "cAdvisor (kubelet /metrics/cadvisor, scraped by kube-prometheus-stack)",
    deployed: inCluster,
    metrics: [
      "container_cpu_usage_seconds_total",
      "container_cpu_cfs_periods_total",
      "container_cpu_cfs_throttled_periods_total",
      "container_memory_working_set_bytes",
      "container_network_receive_bytes_total",
    ],
  },
  {
    component: "kubelet (/metrics, scraped by kube-prometheus-stack)",
    deployed: inCluster,
    metrics: ["kubelet_volume_stats_available_bytes", "kubelet_volume_stats_capacity_bytes"],
  },
  {
    component: "kube-state-metrics (kube-prometheus-stack)",
    deployed: inCluster,
    metrics: [
      "kube_namespace_status_phase",
      "kube_deployment_status_observed_generation",
      "kube_deployment_spec_replicas",
      "kube_pod_container_resource_limits",
      "kube_pod_container_status_restarts_total",
    ],
  },
  {
    component: "OpenTelemetry Collector gateway and Jaeger (their own telemetry on port 8888)",
    deployed: inCluster,
    metrics: [
      "otelcol_receiver_accepted_spans_total",
      "otelcol_receiver_refused_spans_total",
      "otelcol_exporter_sent_spans_total",
      "otelcol_exporter_send_failed_spans_total",
    ],
  },
  {
    component: "postgres_exporter (prometheus-postgres-exporter, one per postgres database)",
    deployed: database("postgres"),
    metrics: [
      "pg_up",
      "pg_stat_activity_count",
      "pg_settings_max_connections",
      "pg_stat_database_xact_commit",
      "pg_stat_database_xact_rollback",
      "pg_stat_database_deadlocks",
      "pg_stat_activity_max_tx_duration",
      "pg_replication_lag_seconds",
      POSTGRES_COLLECTOR_SUCCESS,
    ],
  },
  {
    component: "mysqld_exporter (prometheus-mysql-exporter, one per mysql database)",
    deployed: database("mysql"),
    metrics: [
      "mysql_up",
      "mysql_global_status_threads_connected",
      "mysql_global_variables_max_connections",
      "mysql_global_status_queries",
      "mysql_global_status_slow_queries",
      ...MYSQL_SECONDS_BEHIND,
      MYSQL_SQL_DELAY,
    ],
  },
];

/** The component of this environment that produces an exporter metric, if it deploys one. */
export function metricSource(spec: EnvironmentSpec, metric: string): string | undefined {
  return METRIC_SOURCES.find((source) => source.deployed(spec) && source.metrics.includes(metric))?.component;
}
