export {
  cloudWatchDataSource,
  DATA_SOURCE_UIDS,
  type GrafanaDataSource,
  jaegerDataSource,
  lokiDataSource,
} from "../../src/catalog/grafana-data-sources";
export {
  DEFAULT_RULES_VALUES,
  GRAFANA_DASHBOARD_FOLDER_ANNOTATION,
  type GrafanaOptions,
  KubePrometheus,
  type KubePrometheusProps,
  kubePrometheusValues,
  NULL_ALERTMANAGER_CONFIG,
  type RemoteWriteTarget,
  type ScrapeTarget,
} from "./kube-prometheus";
export {
  alertmanagerUrl,
  GRAFANA_ADMIN_SECRET,
  GRAFANA_FULLNAME,
  type GrafanaAdmin,
  grafanaAdminSecretName,
  grafanaUrl,
  KUBE_PROMETHEUS_FULLNAME,
  KUBE_PROMETHEUS_RELEASE,
  prometheusReplicaWriteUrls,
  prometheusUrl,
} from "./urls";
