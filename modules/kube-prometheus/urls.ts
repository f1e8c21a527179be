/**
 * Fixed resource names (fullnameOverride) so that in-cluster URLs do not depend on the release name and can be
 * computed without the construct: the Loki ruler, dashboards and the alerting work need them.
 */
export const KUBE_PROMETHEUS_FULLNAME = "kube-prometheus";
/** Release name of kube-prometheus-stack; the Grafana subchart's names derive from it (it has no fullnameOverride value). */
export const KUBE_PROMETHEUS_RELEASE = "kube-prometheus-stack";
/** Name of Grafana's Service and service account. */
export const GRAFANA_FULLNAME = `${KUBE_PROMETHEUS_RELEASE}-grafana`;

/** Alertmanager's in-cluster URL (the operator-managed Service in front of every replica). */
export function alertmanagerUrl(namespace: string): string {
  return `http://${KUBE_PROMETHEUS_FULLNAME}-alertmanager.${namespace}.svc:9093`;
}

/** Prometheus' in-cluster query URL. */
export function prometheusUrl(namespace: string): string {
  return `http://${KUBE_PROMETHEUS_FULLNAME}-prometheus.${namespace}.svc:9090`;
}

/** Grafana's in-cluster URL. */
export function grafanaUrl(namespace: string): string {
  return `http://${GRAFANA_FULLNAME}.${namespace}.svc`;
}
