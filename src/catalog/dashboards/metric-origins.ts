import type { DatabaseSpec } from "../../spec/databases";
import type { EnvironmentSpec } from "../../spec/environment";
import { CHARTS } from "../charts";
import { MYSQL_SECONDS_BEHIND, MYSQL_SQL_DELAY, POSTGRES_COLLECTOR_SUCCESS } from "../prometheus/exporter-metrics";
import { NODEJS_EVENTLOOP_LAG_P99 } from "./service-health";

/**
 * Where the exporter metrics the dashboards use come from: the component, whether the environment deploys it, and
 * its metric names. A dashboard may only use a metric listed here, a recording rule of the catalog, or a metric a
 * service declares in the spec (test/catalog/dashboards-queries.test.ts), so no panel shows "No data" because of a
 * typo or a component the environment does not run.
 */
export interface MetricSource {
  readonly component: string;
  /** The pinned version whose source the metric names were read in (chart and application version). */
  readonly version: string;
  readonly deployed: (spec: EnvironmentSpec) => boolean;
  readonly metrics: readonly string[];
  /**
   * Metrics of `metrics` that the pinned version does not emit on some engine variants (read in its source), so a
   * panel that relies on one alone there fails the origin test instead of showing "No data". @default {} - all, always
   */
  readonly missingOn?: Readonly<Record<string, readonly EngineVariant[]>>;
}

/**
 * Database engines whose exporter output differs: Aurora replicates in its storage layer (postgres_exporter's
 * replication collector fails every scrape, pg_last_xact_replay_timestamp() does not exist; an Aurora MySQL reader has
 * no replica status), and MySQL 8.4 answers only SHOW REPLICA STATUS (columns ..._Source), 8.0 SHOW SLAVE STATUS.
 */
export type EngineVariant = "postgresql" | "aurora-postgresql" | "mysql-8.0" | "mysql-8.4" | "aurora-mysql";

/** The engine variants a database of the spec may run (MySQL's version is not in the spec: both). */
export function engineVariants(db: DatabaseSpec): EngineVariant[] {
  if (db.engine === "postgres") return [db.aurora ? "aurora-postgresql" : "postgresql"];
  return db.aurora ? ["aurora-mysql"] : ["mysql-8.0", "mysql-8.4"];
}

const inCluster = (spec: EnvironmentSpec) => spec.kubernetes !== undefined;
const database = (engine: "postgres" | "mysql") => (spec: EnvironmentSpec) =>
  (spec.kubernetes?.databases ?? []).some((db) => db.engine === engine);

export const METRIC_SOURCES: readonly MetricSource[] = [
  {
    component: "Prometheus (kube-prometheus-stack): scrape health and alert state",
    version: `kube-prometheus-stack ${CHARTS.kubePrometheusStack.version} (Prometheus v3.14.0)`,
    deployed: inCluster,
    metrics: ["up", "ALERTS", "prometheus_rule_evaluation_failures_total", "prometheus_notifications_errors_total"],
  },
  {
    component: "Prometheus remote write to the managed workspace (kubernetes.managedPrometheus)",
    version: `kube-prometheus-stack ${CHARTS.kubePrometheusStack.version} (Prometheus v3.14.0)`,
    deployed: (spec) => spec.kubernetes?.managedPrometheus === true,
    metrics: [
      "prometheus_remote_storage_highest_timestamp_in_seconds",
      "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
      "prometheus_remote_storage_samples_failed_total",
    ],
  },
  {
    component: "Alertmanager (kube-prometheus-stack)",
    version: `kube-prometheus-stack ${CHARTS.kubePrometheusStack.version} (Alertmanager v0.34.0)`,
    deployed: inCluster,
    metrics: ["alertmanager_notifications_failed_total"],
  },
  {
    component: "Loki (its ServiceMonitor)",
    version: `loki ${CHARTS.loki.version} (Loki 3.7.6)`,
    deployed: inCluster,
    metrics: ["loki_discarded_samples_total"],
  },
  {
    component: "Alloy, the log agent (its ServiceMonitor; loki.write component)",
    version: `alloy ${CHARTS.alloy.version} (Alloy v1.18.1)`,
    deployed: inCluster,
    metrics: ["loki_write_dropped_entries_total"],
  },
  {
    component: "prom-client's default metrics in a Node.js service (services[].metrics.runtime: nodejs)",
    version: "prom-client 15 (collectDefaultMetrics)",
    deployed: (spec) => spec.services.some((s) => s.metrics.runtime === "nodejs"),
    metrics: [NODEJS_EVENTLOOP_LAG_P99],
  },
  {
    component: "node_exporter (kube-prometheus-stack DaemonSet)",
    version: `kube-prometheus-stack ${CHARTS.kubePrometheusStack.version} (node_exporter 1.12.1)`,
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
    version: "the cluster's kubelet (Kubernetes 1.30 and later)",
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
    version: "the cluster's kubelet (Kubernetes 1.30 and later)",
    deployed: inCluster,
    metrics: ["kubelet_volume_stats_available_bytes", "kubelet_volume_stats_capacity_bytes"],
  },
  {
    component: "kube-state-metrics (kube-prometheus-stack)",
    version: `kube-prometheus-stack ${CHARTS.kubePrometheusStack.version} (kube-state-metrics 2.20.0)`,
    deployed: inCluster,
    metrics: [
      "kube_namespace_status_phase",
      "kube_deployment_status_observed_generation",
      "kube_deployment_spec_replicas",
      "kube_pod_container_resource_limits",
      "kube_pod_container_status_restarts_total",
      "kube_pod_container_status_last_terminated_reason",
      "kube_deployment_status_replicas_available",
      "kube_horizontalpodautoscaler_info",
      "kube_horizontalpodautoscaler_spec_max_replicas",
      "kube_horizontalpodautoscaler_status_current_replicas",
    ],
  },
  {
    component: "OpenTelemetry Collector gateway and Jaeger (their own telemetry on port 8888)",
    version: `opentelemetry-collector ${CHARTS.openTelemetryCollector.version} (collector 0.158.0), jaeger ${CHARTS.jaeger.version} (Jaeger 2.19.0)`,
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
    version: `prometheus-postgres-exporter ${CHARTS.postgresExporter.version} (postgres_exporter 0.20.1)`,
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
    // collector/pg_replication.go: pg_last_xact_replay_timestamp() does not exist on Aurora, the collector fails.
    missingOn: { pg_replication_lag_seconds: ["aurora-postgresql"] },
  },
  {
    component: "mysqld_exporter (prometheus-mysql-exporter, one per mysql database)",
    version: `prometheus-mysql-exporter ${CHARTS.mysqlExporter.version} (mysqld_exporter 0.19.0)`,
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
    // collector/slave_status.go names the metrics after the replica status columns of the server's version.
    missingOn: {
      mysql_slave_status_seconds_behind_source: ["mysql-8.0", "aurora-mysql"],
      mysql_slave_status_seconds_behind_master: ["mysql-8.4", "aurora-mysql"],
      [MYSQL_SQL_DELAY]: ["aurora-mysql"],
    },
  },
];

/** The component of this environment that produces an exporter metric, with its pinned version, if it deploys one. */
export function metricSource(spec: EnvironmentSpec, metric: string): string | undefined {
  const source = METRIC_SOURCES.find((s) => s.deployed(spec) && s.metrics.includes(metric));
  return source ? `${source.component}, ${source.version}` : undefined;
}

/** Whether the pinned exporter emits a metric of its list on an engine variant. */
export function emittedOn(metric: string, variant: EngineVariant): boolean {
  return !METRIC_SOURCES.some((s) => s.missingOn?.[metric]?.includes(variant));
}
