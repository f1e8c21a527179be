/**
 * Every Helm chart the stack installs: name, repository and version in one place. Versions match
 * `../shared/reference/helm/README.md` (read in August 2026); the values-path test checks the values we set against
 * the default `values.yaml` of exactly these versions under `../shared/reference/helm/<chart>/<version>/`.
 */
export interface ChartPin {
  /** Chart name in its repository. */
  readonly chart: string;
  /** `repository` of the helm_release. */
  readonly repository: string;
  readonly version: string;
}

const PROMETHEUS_COMMUNITY = "https://prometheus-community.github.io/helm-charts";
const GRAFANA_COMMUNITY = "https://grafana-community.github.io/helm-charts";
const GRAFANA = "https://grafana.github.io/helm-charts";

export const CHARTS = {
  /** Prometheus, Alertmanager, Grafana (subchart 12.11.1), node-exporter, kube-state-metrics, the operator. */
  kubePrometheusStack: { chart: "kube-prometheus-stack", repository: PROMETHEUS_COMMUNITY, version: "88.5.3" },
  /**
   * The operator's CRDs as templates (operator v0.93.1, same as kube-prometheus-stack 88.5.3), so that a chart upgrade
   * also upgrades them; Helm never upgrades CRDs shipped in a chart's `crds/` folder.
   */
  prometheusOperatorCrds: { chart: "prometheus-operator-crds", repository: PROMETHEUS_COMMUNITY, version: "31.0.1" },
  /** Open-source Loki, released from grafana-community since March 2026 (the grafana/loki chart is GEL-only). */
  loki: { chart: "loki", repository: GRAFANA_COMMUNITY, version: "18.11.0" },
  /** Grafana Alloy, the log agent (Promtail reached end of life in March 2026). */
  alloy: { chart: "alloy", repository: GRAFANA, version: "1.11.1" },
  /** Jaeger v2 (OpenTelemetry-based all-in-one). */
  jaeger: { chart: "jaeger", repository: "https://jaegertracing.github.io/helm-charts", version: "4.11.1" },
  openTelemetryCollector: {
    chart: "opentelemetry-collector",
    repository: "https://open-telemetry.github.io/opentelemetry-helm-charts",
    version: "0.170.0",
  },
  postgresExporter: { chart: "prometheus-postgres-exporter", repository: PROMETHEUS_COMMUNITY, version: "8.2.0" },
  mysqlExporter: { chart: "prometheus-mysql-exporter", repository: PROMETHEUS_COMMUNITY, version: "2.14.0" },
} as const satisfies Record<string, ChartPin>;

export type ChartId = keyof typeof CHARTS;

/** A chart of this project, in a folder of the package (copied into the stack's output as a Terraform asset). */
interface LocalChart {
  /** `name` in its Chart.yaml. */
  readonly chart: string;
  /** Folder from the package root. */
  readonly directory: string;
  /** `version` in its Chart.yaml (the helm_release's version: Helm installs the folder as it is). */
  readonly version: string;
  /** Name of its release (rule releases: followed by `-<n>`). */
  readonly release: string;
}

export const LOCAL_CHARTS = {
  /** PrometheusRule objects from values, installed in several releases (see ruleReleaseShards). */
  prometheusRules: {
    chart: "monitoring-stack-prometheus-rules",
    directory: "charts/prometheus-rules",
    version: "1.0.0",
    release: "prometheus-rules",
  },
  /** No objects: a release of it creates (or adopts) the namespace it installs into, before that namespace's labels. */
  namespace: {
    chart: "monitoring-stack-namespace",
    directory: "charts/namespace",
    version: "1.0.0",
    release: "namespace",
  },
} as const satisfies Record<string, LocalChart>;

/** Container images the charts leave to the user (the collector chart has no default image). */
export const IMAGES = {
  /** The contrib distribution: it carries the tail_sampling and probabilistic_sampler processors. */
  openTelemetryCollector: "otel/opentelemetry-collector-contrib",
} as const;
