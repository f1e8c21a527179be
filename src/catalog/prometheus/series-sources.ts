import type { EnvironmentSpec } from "../../spec/environment";

/**
 * Where a Prometheus series comes from in the deployed stack and the labels it can be selected by there. Runbook
 * queries are checked against this: a matcher on a label the source never sets, or on a target label (`instance`,
 * `job`) copied from an alert of another source, returns nothing at 3 a.m.
 */
export interface SeriesSource {
  readonly name: string;
  /** Metric names of the source. */
  readonly metric: RegExp;
  /** Labels a query may select its series by. */
  readonly labels: readonly string[];
}

/**
 * Labels the prometheus-operator puts on every series of a ServiceMonitor or PodMonitor target (kube-prometheus-stack
 * 88 sets no extra relabelings for node_exporter): the target's own `instance` (address) and `job`, and the Kubernetes
 * objects it was discovered through.
 */
const TARGET = ["instance", "job", "namespace", "pod", "service", "endpoint", "container"];

/**
 * The platform's sources. cAdvisor, the kubelet and kube-state-metrics describe Kubernetes objects: their `instance`
 * and `job` are the kubelet's or kube-state-metrics' own address and name, which no alert of another source carries,
 * so they are left out here; select them by `node`, `namespace`, `pod`, `container` (the operator sets `node` from the
 * kubelet endpoint's target; kube-state-metrics is scraped with honor_labels, so `namespace`/`pod` are the object's).
 */
const PLATFORM_SERIES_SOURCES: readonly SeriesSource[] = [
  {
    name: "node_exporter",
    metric: /^node_/,
    labels: [...TARGET, "cpu", "mode", "device", "mountpoint", "fstype", "nodename", "sysname", "release", "operstate"],
  },
  {
    name: "cAdvisor",
    metric: /^container_/,
    labels: ["node", "namespace", "pod", "container", "image", "id", "name", "interface", "cpu", "device", "metrics_path"],
  },
  { name: "kubelet", metric: /^kubelet_/, labels: ["node", "namespace", "persistentvolumeclaim", "metrics_path"] },
  {
    name: "kube-state-metrics",
    metric: /^kube_/,
    labels: [
      "namespace",
      "pod",
      "container",
      "node",
      "deployment",
      "statefulset",
      "daemonset",
      "job_name",
      "cronjob",
      "persistentvolumeclaim",
      "condition",
      "status",
      "reason",
      "phase",
      "resource",
      "unit",
      "host_ip",
      "pod_ip",
      "created_by_kind",
      "created_by_name",
    ],
  },
  {
    name: "postgres_exporter",
    metric: /^pg_/,
    labels: [...TARGET, "datname", "state", "server", "usename", "application_name", "collector"],
  },
  { name: "mysqld_exporter", metric: /^mysql_/, labels: [...TARGET, "command", "state", "channel_name", "collector"] },
  {
    name: "Prometheus",
    metric: /^(prometheus|prometheus_tsdb|net_conntrack)_/,
    labels: [...TARGET, "rule_group", "reason", "alertmanager"],
  },
  { name: "Alertmanager", metric: /^alertmanager_/, labels: [...TARGET, "integration", "receiver", "reason"] },
  { name: "scrape", metric: /^(up|scrape_[a-z_]+)$/, labels: TARGET },
];

/** Labels of the requests a service's RED metrics count (the example service's and the client libraries' convention). */
const REQUEST_LABELS = ["route", "method"];

/**
 * Every source of an environment: the platform's, plus each service's RED metrics under the names its spec gives
 * (with the label of its error matcher), and the catalog's recording rules by their level (`job:` rules keep
 * `namespace` and `job`, `instance:` rules `instance`, `app:` rules `namespace` and `app`).
 */
export function seriesSources(spec: EnvironmentSpec): SeriesSource[] {
  const services = spec.services.map((service): SeriesSource => {
    const { red } = service.metrics;
    const errorLabel = red.errorMatcher.match(/^[a-zA-Z_][a-zA-Z0-9_]*/)?.[0] ?? "code";
    return {
      name: `service ${service.name}`,
      // Metric names are [a-zA-Z0-9_:] only (spec validation): nothing to escape.
      metric: new RegExp(`^(${red.requestsTotal}|${red.latencyHistogram}_(bucket|sum|count))$`),
      labels: [...TARGET, ...REQUEST_LABELS, errorLabel, "le"],
    };
  });
  return [
    ...PLATFORM_SERIES_SOURCES,
    ...services,
    { name: "job-level recording rules", metric: /^job:/, labels: ["namespace", "job"] },
    { name: "instance-level recording rules", metric: /^instance:/, labels: ["instance"] },
    { name: "app-level recording rules", metric: /^app:/, labels: ["namespace", "app"] },
  ];
}
