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
  type GrafanaSso,
  KubePrometheus,
  type KubePrometheusProps,
  kubePrometheusValues,
  NULL_ALERTMANAGER_CONFIG,
  PROMETHEUS_RULES_RELEASE,
  type RemoteWriteTarget,
  type ScrapeTarget,
} from "./kube-prometheus";
export {
  alertmanagerUrl,
  GRAFANA_ADMIN_SECRET,
  GRAFANA_FULLNAME,
  GRAFANA_OIDC_SECRET,
  type GrafanaAdmin,
  grafanaAdminSecretName,
  grafanaUrl,
  KUBE_PROMETHEUS_FULLNAME,
  KUBE_PROMETHEUS_RELEASE,
  prometheusReplicaWriteUrls,
  prometheusUrl,
} from "./urls";
