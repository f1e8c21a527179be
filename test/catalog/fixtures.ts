import { counter, gauge, type Series } from "./promtool";

/**
 * Input series, named as the real exporters name them (node_exporter, kube-state-metrics, kubelet,
 * postgres_exporter, mysqld_exporter, a prom-client service), that make an alert's expression evaluate to `value`
 * for `minutes` minutes, and the labels the resulting alert carries (besides severity and rule labels).
 */
export interface AlertFixture {
  readonly series: (value: number, minutes: number) => Series[];
  readonly labels: Record<string, string>;
}

const node = { instance: "node-1:9100", job: "node-exporter" };
const sel = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ")}}`;

export const SERVICE = { namespace: "shop", job: "checkout" };

export const FIXTURES: Record<string, AlertFixture> = {
  HostHighCpuLoad: {
    // Two CPUs, each idle for (100 - value) % of the time.
    series: (busy, minutes) =>
      ["0", "1"].map((cpu) => ({
        series: `node_cpu_seconds_total${sel({ ...node, cpu, mode: "idle" })}`,
        values: counter(1 - busy / 100, minutes),
      })),
    labels: { instance: node.instance },
  },
  HostMemoryPressure: {
    series: (used, minutes) => [
      { series: `node_memory_MemTotal_bytes${sel(node)}`, values: gauge(16e9, minutes) },
      { series: `node_memory_MemAvailable_bytes${sel(node)}`, values: gauge(16e9 * (1 - used / 100), minutes) },
    ],
    labels: node,
  },
  HostDiskAlmostFull: {
    series: (used, minutes) => {
      const fs = { ...node, device: "/dev/nvme0n1p1", fstype: "ext4", mountpoint: "/" };
      return [
        { series: `node_filesystem_size_bytes${sel(fs)}`, values: gauge(100e9, minutes) },
        { series: `node_filesystem_avail_bytes${sel(fs)}`, values: gauge(100e9 * (1 - used / 100), minutes) },
        { series: `node_filesystem_readonly${sel(fs)}`, values: gauge(0, minutes) },
      ];
    },
    labels: { ...node, device: "/dev/nvme0n1p1", fstype: "ext4", mountpoint: "/" },
  },
  HostNetworkErrors: {
    series: (perSecond, minutes) => [
      { series: `node_network_receive_errs_total${sel({ ...node, device: "eth0" })}`, values: counter(perSecond, minutes) },
      { series: `node_network_transmit_errs_total${sel({ ...node, device: "eth0" })}`, values: counter(0, minutes) },
    ],
    labels: { instance: node.instance, device: "eth0" },
  },
  HostNetworkSaturated: {
    series: (percent, minutes) => [
      { series: `node_network_speed_bytes${sel({ ...node, device: "eth0" })}`, values: gauge(125e6, minutes) },
      { series: `node_network_receive_bytes_total${sel({ ...node, device: "eth0" })}`, values: counter((125e6 * percent) / 100, minutes) },
      { series: `node_network_transmit_bytes_total${sel({ ...node, device: "eth0" })}`, values: counter(1e6, minutes) },
    ],
    labels: { ...node, device: "eth0" },
  },
  KubePersistentVolumeFillingUp: {
    series: (used, minutes) => {
      const pvc = { namespace: "shop", persistentvolumeclaim: "data-orders-0", job: "kubelet" };
      return [
        { series: `kubelet_volume_stats_capacity_bytes${sel(pvc)}`, values: gauge(50e9, minutes) },
        { series: `kubelet_volume_stats_available_bytes${sel(pvc)}`, values: gauge(50e9 * (1 - used / 100), minutes) },
      ];
    },
    labels: { namespace: "shop", persistentvolumeclaim: "data-orders-0", job: "kubelet" },
  },
  ServiceHighErrorRatio: {
    // 100 requests/s, `value` % of them answered with 500.
    series: (percent, minutes) => [
      { series: `http_requests_total${sel({ ...SERVICE, code: "200", route: "/orders" })}`, values: counter(100 - percent, minutes) },
      { series: `http_requests_total${sel({ ...SERVICE, code: "500", route: "/orders" })}`, values: counter(percent, minutes) },
    ],
    labels: SERVICE,
  },
  ServiceHighLatency: {
    // Every request falls into one narrow bucket placed so that its linear interpolation puts the p99 at `value` ms.
    series: (ms, minutes) => {
      const width = (ms / 1000) * 0.002;
      return [
        [String(Number((ms / 1000 - 0.99 * width).toPrecision(12))), 0],
        [String(Number((ms / 1000 + 0.01 * width).toPrecision(12))), 50],
        ["+Inf", 50],
      ].map(([le, perSecond]) => ({
        series: `http_request_duration_seconds_bucket${sel({ ...SERVICE, le: String(le) })}`,
        values: counter(Number(perSecond), minutes),
      }));
    },
    labels: SERVICE,
  },
  PostgresqlTooManyConnections: {
    series: (percent, minutes) => {
      const pg = { instance: "orders-db:9187", job: "postgres-exporter" };
      return [
        { series: `pg_settings_max_connections${sel(pg)}`, values: gauge(200, minutes) },
        { series: `pg_stat_activity_count${sel({ ...pg, datname: "orders", state: "active" })}`, values: gauge(percent, minutes) },
        { series: `pg_stat_activity_count${sel({ ...pg, datname: "orders", state: "idle" })}`, values: gauge(percent, minutes) },
      ];
    },
    labels: { instance: "orders-db:9187" },
  },
  PostgresqlReplicationLag: {
    series: (seconds, minutes) => [
      {
        series: `pg_replication_lag_seconds${sel({ instance: "orders-replica:9187", job: "postgres-exporter" })}`,
        values: gauge(seconds, minutes),
      },
    ],
    labels: { instance: "orders-replica:9187", job: "postgres-exporter" },
  },
  MysqlTooManyConnections: {
    series: (percent, minutes) => {
      const my = { instance: "shop-mysql:9104", job: "mysql-exporter" };
      return [
        { series: `mysql_global_variables_max_connections${sel(my)}`, values: gauge(500, minutes) },
        { series: `mysql_global_status_threads_connected${sel(my)}`, values: gauge(5 * percent, minutes) },
      ];
    },
    labels: { instance: "shop-mysql:9104", job: "mysql-exporter" },
  },
  MysqlReplicationLag: {
    series: (seconds, minutes) => {
      const my = { instance: "shop-mysql-replica:9104", job: "mysql-exporter", channel_name: "" };
      return [
        { series: `mysql_slave_status_seconds_behind_master${sel(my)}`, values: gauge(seconds, minutes) },
        { series: `mysql_slave_status_sql_delay${sel(my)}`, values: gauge(0, minutes) },
      ];
    },
    labels: { instance: "shop-mysql-replica:9104", job: "mysql-exporter" },
  },
};
