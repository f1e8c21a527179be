/**
 * Helm's release name rule (helm/pkg/chartutil ValidateReleaseName): a DNS-1123 label of at most 53 characters, as
 * the name also becomes part of the release's Secret (`sh.helm.release.v1.<name>.v<n>`) and label values.
 */
const MAX_HELM_RELEASE_NAME_LENGTH = 53;

/** Why Helm would refuse this release name, or undefined when it accepts it. */
export function helmReleaseNameProblem(name: string): string | undefined {
  if (name.length > MAX_HELM_RELEASE_NAME_LENGTH) {
    return `Helm release "${name}" would be ${name.length} characters; Helm allows at most ${MAX_HELM_RELEASE_NAME_LENGTH}`;
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
    return `Helm release "${name}" is not a lower-case DNS name`;
  }
  return undefined;
}

/**
 * Fixed resource names (fullnameOverride) so that in-cluster URLs do not depend on the release name and can be
 * computed without the construct: the Loki ruler, dashboards and the alerting work need them.
 */
export const KUBE_PROMETHEUS_FULLNAME = "kube-prometheus";
/** Release name of kube-prometheus-stack; the Grafana subchart's names derive from it (it has no fullnameOverride value). */
export const KUBE_PROMETHEUS_RELEASE = "kube-prometheus-stack";
/** Name of Grafana's Service and service account. */
export const GRAFANA_FULLNAME = `${KUBE_PROMETHEUS_RELEASE}-grafana`;

/** The Secret the stack creates for Grafana's admin credentials when given a password (user "admin"). */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
