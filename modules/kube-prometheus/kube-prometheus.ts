import { join } from "node:path";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, type ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { CHARTS, LOCAL_CHARTS } from "../../src/catalog/charts";
import type { GrafanaDataSource } from "../../src/catalog/grafana-data-sources";
import { ALERTMANAGER_CONFIG_LABEL, RULE_NAMESPACE_LABEL } from "../../src/catalog/pod-security";
import { type ProfileName, type ProfileSizing, profileSizing } from "../../src/catalog/profiles";
import { EMPTIED_DEFAULT_RULE_GROUPS, REPLACED_DEFAULT_RULES } from "../../src/catalog/prometheus/default-rules";
import { zoneSpread } from "../../src/catalog/zone-spread";
import { ruleReleaseShards, ruleReleaseValues } from "../../src/render/prometheus/rule-releases";
import { type ChartReleaseProps, type ContainerResources, chartRelease } from "../../src/terraform/helm-release";
import { packageRoot } from "../../src/util/package-root";
import { providerModule } from "../../src/util/provider-module";
import {
  alertmanagerUrl,
  GRAFANA_ADMIN_SECRET,
  GRAFANA_OIDC_SECRET,
  type GrafanaAdmin,
  grafanaAdminSecretName,
  grafanaUrl,
  KUBE_PROMETHEUS_FULLNAME,
  KUBE_PROMETHEUS_RELEASE,
  prometheusUrl,
} from "./urls";

/** Optional peer dependencies, loaded on first use (see providerModule). */
const labelsModule = () =>
  providerModule(
    "@cdktf/provider-kubernetes",
    () => require("@cdktf/provider-kubernetes/lib/labels") as typeof import("@cdktf/provider-kubernetes/lib/labels"),
  );
const defaultServiceAccountModule = () =>
  providerModule(
    "@cdktf/provider-kubernetes",
    () =>
      require("@cdktf/provider-kubernetes/lib/default-service-account-v1") as typeof import("@cdktf/provider-kubernetes/lib/default-service-account-v1"),
  );
const secretModule = () =>
  providerModule(
    "@cdktf/provider-kubernetes",
    () => require("@cdktf/provider-kubernetes/lib/secret-v1") as typeof import("@cdktf/provider-kubernetes/lib/secret-v1"),
  );

/** A set of pods scraped through a PodMonitor: selected by labels, so new pods are picked up with no manual step. */
export interface ScrapeTarget {
  /** PodMonitor name (unique in the release). */
  readonly name: string;
  readonly namespace: string;
  /** Pod labels. */
  readonly selector: Readonly<Record<string, string>>;
  /** Named container port, or a port number. */
  readonly port: string | number;
  readonly path: string;
  /** Prometheus duration, e.g. "30s". */
  readonly interval: string;
}

/** A remote-write destination signed with AWS SigV4 (Amazon Managed Service for Prometheus) or plain. */
export interface RemoteWriteTarget {
  readonly url: string;
  /** Sign requests with the pod's workload identity for this region. @default - unsigned */
  readonly sigv4Region?: string;
  /**
   * The external label this receiver deduplicates HA replicas by (Amazon Managed Service for Prometheus: `__replica__`,
   * together with `cluster`); Prometheus then names its replica in that label instead of `prometheus_replica`.
   * @default - the receiver does not deduplicate
   */
  readonly replicaLabel?: string;
}

/** Sign-in through an OpenID Connect provider (Grafana's generic OAuth client). */
export interface GrafanaSso {
  /** Label of the sign-in button. */
  readonly name: string;
  readonly clientId: string;
  /**
   * An existing Secret (name, key) mounted as it is, or a Terraform expression (an ephemeral value) this construct
   * writes into the write-only Secret `grafana-oidc`. Either way Grafana reads it from a file, never from values.
   */
  readonly clientSecret: { readonly existingSecret: { readonly name: string; readonly key: string } } | { readonly value: string };
  readonly authUrl: string;
  readonly tokenUrl: string;
  /** The user-info endpoint (Grafana's api_url). */
  readonly userInfoUrl: string;
  readonly scopes: readonly string[];
  /** JMESPath over the token's claims to a role ("Admin", "Editor", "Viewer"). */
  readonly roleAttributePath: string;
  /** Refuse sign-in when the path yields no role. @default false - such users become Viewers */
  readonly roleAttributeStrict?: boolean;
  /** Keep the user-name/password form (break-glass by the admin account). @default false - hidden and refused; basic auth on the API stays */
  readonly loginForm?: boolean;
}

export interface GrafanaOptions {
  /** Admin credentials; the values only name the Secret, never hold the password. @default { type: "generated" } */
  readonly admin?: GrafanaAdmin;
  /** @default - no ingress */
  readonly ingress?: {
    readonly host: string;
    readonly tlsSecret: string;
    readonly className?: string;
    /** ACM certificate of an "alb" ingress (the AWS Load Balancer Controller); replaces the TLS Secret there. @default - none */
    readonly certificateArn?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /** OpenID Connect sign-in; needs `ingress` (the provider redirects to its host). @default - Grafana's own accounts only */
  readonly sso?: GrafanaSso;
  /** Provisioned besides the chart's own Prometheus data source. @default [] */
  readonly dataSources?: readonly GrafanaDataSource[];
  /** Data source uid that Prometheus exemplars (trace_id label) link to. @default - no exemplar links */
  readonly exemplarTracesUid?: string;
  /** Annotations of Grafana's service account (workload identity for cloud data sources). @default {} */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /** Labels of the Grafana pod (e.g. `azure.workload.identity/use` for Entra Workload ID). @default {} */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Further grafana.ini sections (e.g. `azure: { workload_identity_enabled: true }`). @default {} */
  readonly iniSections?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** @default 100m CPU / 256Mi requested, 512Mi limit */
  readonly resources?: ContainerResources;
  /**
   * Size of a volume for Grafana's sqlite database (users, sessions, annotations, alert state), in GiB; one replica
   * replaced with `Recreate` (a ReadWriteOnce volume cannot be mounted by the old and the new pod on two nodes).
   * @default - no volume: the database starts empty on every restart (dashboards and data sources are provisioned)
   */
  readonly storageGi?: number;
}

/** Annotation of dashboard ConfigMaps that names their Grafana folder (`grafana.sidecar.dashboards.folderAnnotation`). */
export const GRAFANA_DASHBOARD_FOLDER_ANNOTATION = "grafana_folder";

/** Name prefix of the releases that install the rule files (`prometheus-rules-0`, `-1`…). */
export const PROMETHEUS_RULES_RELEASE = LOCAL_CHARTS.prometheusRules.release;

/**
 * kube-prometheus-stack's default rules: the alerts the catalog replaces off one by one, and off whole the groups
 * left with no alert (the chart would render them with `rules: null`, which the CRD rejects).
 */
export const DEFAULT_RULES_VALUES = {
  create: true,
  rules: Object.fromEntries(Object.keys(EMPTIED_DEFAULT_RULE_GROUPS).map((group) => [group, false])),
  disabled: Object.fromEntries(Object.keys(REPLACED_DEFAULT_RULES).map((alert) => [alert, true])),
} as const;

export interface KubePrometheusProps {
  /** Sizing for what these props leave out: "small", "ha" (see `PROFILES`) or a custom sizing. @default "small" */
  readonly profile?: ProfileName | ProfileSizing;
  readonly namespace: string;
  /**
   * Namespace of node-exporter, which needs the host's network, PID namespace and file systems: one that admits
   * "privileged" pods, so that `namespace` can enforce "restricted". It must exist before the release.
   * @default - `namespace`
   */
  readonly nodeAgentNamespace?: string;
  /** Prometheus duration, e.g. "15d". */
  readonly retention: string;
  /** Size cap such as "90GB". @default - none, time-based retention only */
  readonly retentionSize?: string;
  /** @default - the cluster's default storage class */
  readonly storageClass?: string;
  /** @default - the profile's */
  readonly prometheus?: { readonly replicas: number; readonly resources: ContainerResources; readonly storageGi: number };
  /** @default - the profile's */
  readonly alertmanager?: { readonly replicas: number; readonly resources: ContainerResources; readonly storageGi: number };
  readonly grafana: GrafanaOptions;
  /**
   * PodDisruptionBudgets for Prometheus and Alertmanager, hard anti-affinity between replicas (one per node) and their
   * spread over availability zones (`topology.kubernetes.io/zone`). @default - the profile's (ha: true)
   */
  readonly highAvailability?: boolean;
  /**
   * Scrape etcd, the scheduler, the controller-manager and kube-proxy. Managed control planes (EKS, GKE, AKS) hide
   * them, and kind, k3d, minikube and default kubeadm bind their metrics to 127.0.0.1: scraping them there only makes
   * their Down alerts fire forever. @default false
   */
  readonly controlPlaneMetrics?: boolean;
  /** Labels added to every series and alert, e.g. { environment: "prod" }. @default {} */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly scrapeTargets?: readonly ScrapeTarget[];
  /** @default [] */
  /** Accept remote writes (Loki's ruler sends log-based metrics). @default false */
  readonly remoteWriteReceiver?: boolean;
  readonly remoteWrite?: readonly RemoteWriteTarget[];
  /** Annotations of Prometheus' service account (e.g. IRSA for remote write). @default {} */
  readonly prometheusServiceAccountAnnotations?: Readonly<Record<string, string>>;
  /** Annotations of Alertmanager's service account (a cloud identity for SMS through the cloud). @default {} */
  readonly alertmanagerServiceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * Rule files by name, one PrometheusRule each, installed by releases of their own (`prometheus-rules-<n>`, see
   * ruleReleaseShards) so that no release outgrows Helm's 1 MiB release Secret however many services there are.
   * @default {}
   */
  readonly prometheusRules?: Readonly<Record<string, { readonly groups: readonly unknown[] }>>;
  /**
   * Alertmanager configuration (`alertmanager.config`); Helm merges it with the chart's defaults (maps merge, lists
   * replace). @default a route to a "null" receiver, so alerts are visible in Alertmanager but sent nowhere
   */
  readonly alertmanagerConfig?: Readonly<Record<string, unknown>>;
  /** Notification templates by file name (`alertmanager.templateFiles`). @default {} */
  readonly alertmanagerTemplates?: Readonly<Record<string, string>>;
  /** Secrets mounted at /etc/alertmanager/secrets/<name>/<key> (`alertmanagerSpec.secrets`). @default [] */
  readonly alertmanagerSecrets?: readonly string[];
  /**
   * Secrets this construct creates for Alertmanager (after the namespace, before the release that mounts them) from
   * Terraform expressions (ephemeral values or sensitive variables), as write-only data: never in state. @default []
   */
  readonly alertmanagerSecretValues?: ReadonlyArray<{ readonly name: string; readonly key: string; readonly value: string }>;
  /** Revision of the write-only Secret data: increase it to write changed values. @default 1 */
  readonly secretRevision?: number;
  /**
   * The CRDs release creates the namespace when it is absent and adopts it when it exists (Helm's create-namespace),
   * so one apply works on an empty cluster and on a namespace prepared with prerequisite Secrets. @default false
   */
  readonly createNamespace?: boolean;
  /**
   * Labels set on `namespace` once it exists, before any workload release (the Pod Security level it enforces, the
   * opt-in labels of rule discovery); with them, the namespace's default service account mounts no token.
   * @default - the namespace is left as it is
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /**
   * Labels of `nodeAgentNamespace`, which this construct creates (or adopts) when it differs from `namespace`, set
   * before any pod of it starts. @default {}
   */
  readonly nodeAgentNamespaceLabels?: Readonly<Record<string, string>>;
  /**
   * NetworkPolicy objects installed with the release (`extraManifests`), for the stack's namespaces: the release is
   * the first workload release and its namespaces exist before it. @default [] - none
   */
  readonly networkPolicies?: readonly Record<string, unknown>[];
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** The default Alertmanager configuration: valid, routes everything to a receiver that sends nothing. */
export const NULL_ALERTMANAGER_CONFIG: Readonly<Record<string, unknown>> = {
  route: {
    receiver: "null",
    group_by: ["alertname", "namespace"],
    group_wait: "30s",
    group_interval: "5m",
    repeat_interval: "12h",
    routes: [],
  },
  receivers: [{ name: "null" }],
};

const volumeClaim = (storageClass: string | undefined, gi: number) => ({
  volumeClaimTemplate: {
    spec: {
      ...(storageClass ? { storageClassName: storageClass } : {}),
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: `${gi}Gi` } },
    },
  },
});

/** The Helm values of kube-prometheus-stack for these props (pure; exported for tests and for `helm template`). */
export function kubePrometheusValues(props: KubePrometheusProps): Record<string, unknown> {
  const sizing = profileSizing(props.profile);
  const prometheus = props.prometheus ?? sizing.prometheus;
  const alertmanager = props.alertmanager ?? sizing.alertmanager;
  const ha = props.highAvailability ?? sizing.highAvailability;
  const controlPlane = props.controlPlaneMetrics ?? false;
  const replicaLabels = [...new Set((props.remoteWrite ?? []).flatMap((t) => (t.replicaLabel ? [t.replicaLabel] : [])))];
  if (replicaLabels.length > 1) throw new Error(`remote-write receivers disagree on the replica label: ${replicaLabels.join(", ")}`);
  const grafana = props.grafana;
  const ingress = grafana.ingress;
  return {
    fullnameOverride: KUBE_PROMETHEUS_FULLNAME,
    // CRDs come from the separate prometheus-operator-crds release, which Helm does upgrade.
    crds: { enabled: false },
    // The chart's mixin rules stay on; the alerts the catalog replaces are off rule by rule (REPLACED_DEFAULT_RULES).
    defaultRules: DEFAULT_RULES_VALUES,
    kubeEtcd: { enabled: controlPlane },
    kubeControllerManager: { enabled: controlPlane },
    kubeScheduler: { enabled: controlPlane },
    kubeProxy: { enabled: controlPlane },
    ...(props.networkPolicies?.length ? { extraManifests: [...props.networkPolicies] } : {}),
    alertmanager: {
      config: props.alertmanagerConfig ?? NULL_ALERTMANAGER_CONFIG,
      templateFiles: props.alertmanagerTemplates ?? {},
      serviceAccount: { annotations: props.alertmanagerServiceAccountAnnotations ?? {} },
      podDisruptionBudget: { enabled: ha },
      alertmanagerSpec: {
        // Alertmanager never calls the API server (the operator writes its configuration).
        automountServiceAccountToken: false,
        // Opt-in: only AlertmanagerConfig objects labelled so, in namespaces labelled so, add routes (and reach
        // Alertmanager's receivers and cloud identity); the chart's {} would merge every namespace's.
        alertmanagerConfigSelector: { matchLabels: { ...ALERTMANAGER_CONFIG_LABEL } },
        alertmanagerConfigNamespaceSelector: { matchLabels: { ...ALERTMANAGER_CONFIG_LABEL } },
        replicas: alertmanager.replicas,
        resources: alertmanager.resources,
        storage: volumeClaim(props.storageClass, alertmanager.storageGi),
        secrets: [...(props.alertmanagerSecrets ?? [])],
        podAntiAffinity: ha ? "hard" : "soft",
        // The operator's pod labels, as the chart's anti-affinity selects them.
        ...(ha
          ? {
              topologySpreadConstraints: [
                zoneSpread({ "app.kubernetes.io/name": "alertmanager", alertmanager: `${KUBE_PROMETHEUS_FULLNAME}-alertmanager` }),
              ],
            }
          : {}),
      },
    },
    prometheus: {
      podDisruptionBudget: { enabled: ha },
      serviceAccount: { annotations: props.prometheusServiceAccountAnnotations ?? {} },
      prometheusSpec: {
        replicas: prometheus.replicas,
        retention: props.retention,
        retentionSize: props.retentionSize ?? "",
        resources: prometheus.resources,
        storageSpec: volumeClaim(props.storageClass, prometheus.storageGi),
        podAntiAffinity: ha ? "hard" : "soft",
        ...(ha
          ? {
              topologySpreadConstraints: [
                zoneSpread({
                  "app.kubernetes.io/name": "prometheus",
                  "app.kubernetes.io/instance": `${KUBE_PROMETHEUS_FULLNAME}-prometheus`,
                }),
              ],
            }
          : {}),
        externalLabels: props.externalLabels ?? {},
        ...(replicaLabels.length ? { replicaExternalLabelName: replicaLabels[0] } : {}),
        // Grafana's exemplar links need exemplars stored: Prometheus keeps none without this feature.
        ...(grafana.exemplarTracesUid ? { enableFeatures: ["exemplar-storage"] } : {}),
        // Loki's ruler writes log-based metrics (recording rules over logs) here.
        enableRemoteWriteReceiver: props.remoteWriteReceiver ?? false,
        // Pick up every ServiceMonitor, PodMonitor, rule, probe and scrape config in the cluster, not only this
        // release's: the Loki, Alloy, collector and exporter charts create their own monitors.
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        // Rules only from namespaces labelled for it (the stack labels its own): a rule can page anyone.
        ruleNamespaceSelector: { matchLabels: { ...RULE_NAMESPACE_LABEL } },
        // A ServiceMonitor or PodMonitor cannot make Prometheus read a file of its own (a token, a key) as credentials.
        arbitraryFSAccessThroughSMs: { deny: true },
        remoteWrite: (props.remoteWrite ?? []).map((target) => ({
          url: target.url,
          ...(target.sigv4Region ? { sigv4: { region: target.sigv4Region } } : {}),
        })),
      },
      additionalPodMonitors: (props.scrapeTargets ?? []).map((target) => ({
        name: target.name,
        namespaceSelector: { matchNames: [target.namespace] },
        selector: { matchLabels: target.selector },
        podMetricsEndpoints: [
          {
            ...(typeof target.port === "number" ? { portNumber: target.port } : { port: target.port }),
            path: target.path,
            interval: target.interval,
            // The operator would name the job "<namespace>/<monitor>"; the alert rules and dashboards select a
            // service's series by job = the service name.
            relabelings: [{ action: "replace", targetLabel: "job", replacement: target.name }],
          },
        ],
      })),
    },
    "prometheus-node-exporter": {
      ...(props.nodeAgentNamespace ? { namespaceOverride: props.nodeAgentNamespace } : {}),
      // Host network, PID namespace and read-only host mounts are what it needs; nothing more.
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      containerSecurityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
    },
    // Least privilege on Secrets: only the prometheus-operator keeps cluster-wide Secret access (it writes the generated
    // Prometheus/Alertmanager configuration Secrets and reads the credentials Secrets that monitors in any namespace
    // name). kube_secret_* series would need Secrets listed cluster-wide; no rule or dashboard of the stack reads them.
    "kube-state-metrics": { collectorsExclude: ["secrets"] },
    grafana: {
      ...grafanaAdminValues(grafana.admin ?? { type: "generated" }),
      // The sidecars read ConfigMaps (dashboards, data sources) in Grafana's own namespace only: a Role, no
      // cluster-wide read of Secrets.
      rbac: { namespaced: true },
      "grafana.ini": {
        "auth.anonymous": { enabled: false },
        users: { allow_sign_up: false },
        analytics: { reporting_enabled: false, check_for_updates: false },
        ...(ingress ? { server: { root_url: `https://${ingress.host}` }, security: HTTPS_SECURITY } : {}),
        ...(grafana.sso ? grafanaSsoIni(grafana.sso) : {}),
        ...grafana.iniSections,
      },
      ...(grafana.sso ? { extraSecretMounts: [grafanaSsoSecretMount(grafana.sso)] } : {}),
      ...(grafana.podLabels && Object.keys(grafana.podLabels).length > 0 ? { podLabels: { ...grafana.podLabels } } : {}),
      ingress: ingress ? grafanaIngress(ingress) : { enabled: false },
      serviceAccount: { annotations: grafana.serviceAccountAnnotations ?? {} },
      resources: grafana.resources ?? { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
      ...grafanaPersistence(grafana.storageGi, props.storageClass),
      sidecar: {
        // A dashboard ConfigMap's `grafana_folder` annotation names its sub-directory, which Grafana turns into a
        // folder (one per environment); ConfigMaps without it (the chart's own dashboards) stay in General.
        dashboards: {
          enabled: true,
          label: "grafana_dashboard",
          labelValue: "1",
          // Grafana's own namespace, where the stack writes its dashboards; a dashboard can run any query.
          searchNamespace: null,
          folderAnnotation: GRAFANA_DASHBOARD_FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true },
        },
        datasources: grafana.exemplarTracesUid
          ? { exemplarTraceIdDestinations: { datasourceUid: grafana.exemplarTracesUid, traceIdLabelName: "trace_id" } }
          : {},
      },
      additionalDataSources: (grafana.dataSources ?? []).map((source) => keepLiteralDollars(source)),
    },
  };
}

/**
 * Browser protections when Grafana is served over HTTPS (its ingress terminates TLS): session cookies only over HTTPS
 * and not on cross-site subrequests (Lax keeps the identity provider's redirect back working; Strict would drop the
 * cookie on it), and HSTS for a year. Grafana sends the header whatever its own protocol (http behind the ingress).
 */
const HTTPS_SECURITY = {
  cookie_secure: true,
  cookie_samesite: "lax",
  strict_transport_security: true,
  strict_transport_security_max_age_seconds: 31_536_000,
} as const;

/** Where Grafana's container finds the SSO client secret. */
const GRAFANA_OIDC_SECRET_DIR = "/etc/secrets/grafana-oidc";

/**
 * grafana.ini for OpenID Connect sign-in. The client secret is a `$__file{}` reference to a mounted Secret (the chart
 * refuses a literal client_secret); PKCE on; roles synced from the provider on every sign-in. With `loginForm` off,
 * Grafana registers no form login at all, while basic auth on the API stays for the admin account (break-glass) and
 * the dashboard sidecar's reload calls.
 */
function grafanaSsoIni(sso: GrafanaSso): Record<string, Record<string, unknown>> {
  return {
    auth: { disable_login_form: !sso.loginForm },
    "auth.generic_oauth": {
      enabled: true,
      name: sso.name,
      client_id: sso.clientId,
      client_secret: `$__file{${GRAFANA_OIDC_SECRET_DIR}/client-secret}`,
      scopes: sso.scopes.join(" "),
      auth_url: sso.authUrl,
      token_url: sso.tokenUrl,
      api_url: sso.userInfoUrl,
      use_pkce: true,
      use_refresh_token: true,
      // Users are created on first sign-in (the [users] allow_sign_up above concerns the login form only).
      allow_sign_up: true,
      role_attribute_path: sso.roleAttributePath,
      role_attribute_strict: sso.roleAttributeStrict ?? false,
    },
  };
}

/** The client secret as the file `client-secret` of a read-only Secret volume (group-readable for Grafana's fsGroup). */
function grafanaSsoSecretMount(sso: GrafanaSso): Record<string, unknown> {
  const source =
    "existingSecret" in sso.clientSecret ? sso.clientSecret.existingSecret : { name: GRAFANA_OIDC_SECRET, key: "client-secret" };
  return {
    name: "oidc-client-secret",
    secretName: source.name,
    defaultMode: 0o440,
    items: [{ key: source.key, path: "client-secret" }],
    mountPath: GRAFANA_OIDC_SECRET_DIR,
    readOnly: true,
  };
}

/**
 * One Grafana on a volume. No PodDisruptionBudget: for a single replica, `minAvailable: 1` blocks every node drain and
 * `maxUnavailable: 1` protects nothing; a drain restarts Grafana once, which the ConfigMap provisioning survives.
 * The chart's chown init container runs as root and is not needed: the pod's fsGroup (472) owns the volume.
 */
function grafanaPersistence(storageGi: number | undefined, storageClass: string | undefined): Record<string, unknown> {
  if (!storageGi) return {};
  return {
    replicas: 1,
    deploymentStrategy: { type: "Recreate" },
    persistence: {
      enabled: true,
      type: "pvc",
      accessModes: ["ReadWriteOnce"],
      size: `${storageGi}Gi`,
      ...(storageClass ? { storageClassName: storageClass } : {}),
    },
    initChownData: { enabled: false },
  };
}

/**
 * Grafana's Ingress. The AWS Load Balancer Controller ("alb") takes TLS from ACM, routes to pod IPs (Grafana's Service
 * is a ClusterIP, which instance targets cannot reach) and listens on HTTPS; it is internal unless the spec's own
 * annotations say otherwise (nothing public by default). Other controllers use the TLS Secret.
 */
function grafanaIngress(ingress: NonNullable<GrafanaOptions["ingress"]>): Record<string, unknown> {
  const alb = ingress.className === "alb";
  if (alb && !ingress.certificateArn) throw new Error('an "alb" ingress needs certificateArn: an ALB never reads a Kubernetes TLS Secret');
  return {
    enabled: true,
    ...(ingress.className ? { ingressClassName: ingress.className } : {}),
    annotations: {
      ...(alb
        ? {
            "alb.ingress.kubernetes.io/target-type": "ip",
            "alb.ingress.kubernetes.io/scheme": "internal",
            "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
            "alb.ingress.kubernetes.io/certificate-arn": ingress.certificateArn,
            "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
          }
        : {}),
      ...(ingress.annotations ?? {}),
    },
    hosts: [ingress.host],
    ...(alb ? {} : { tls: [{ secretName: ingress.tlsSecret, hosts: [ingress.host] }] }),
  };
}

/** `admin.existingSecret` for an existing or created Secret; nothing for the chart's generated one (its default). */
function grafanaAdminValues(admin: GrafanaAdmin): Record<string, unknown> {
  switch (admin.type) {
    case "generated":
      return {};
    case "existing":
      return { admin: { existingSecret: admin.name, userKey: admin.userKey, passwordKey: admin.passwordKey } };
    case "create":
      return { admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" } };
  }
}

/**
 * A chart of this project (LOCAL_CHARTS): its folder travels with the stack's output as an asset, since Terraform runs
 * there, not in the package.
 */
function localChart(scope: Construct, id: string, chart: (typeof LOCAL_CHARTS)[keyof typeof LOCAL_CHARTS]) {
  const asset = new TerraformAsset(scope, id, { path: join(packageRoot(), chart.directory), type: AssetType.DIRECTORY });
  return { path: asset.path, version: chart.version };
}

/**
 * Labels of a namespace a release created or adopted (Pod Security, discovery): a resource of their own, applied by
 * server-side apply with `force`, so they also take over labels an earlier namespace resource set.
 */
function namespaceLabels(
  scope: Construct,
  id: string,
  name: string,
  labels: Readonly<Record<string, string>>,
  after: ITerraformDependable,
): ITerraformDependable {
  return new (labelsModule().Labels)(scope, id, {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name },
    labels: { ...labels },
    fieldManager: "cdktf-monitoring-stack",
    force: true,
    dependsOn: [after],
  });
}

/**
 * kube-prometheus-stack: Prometheus (retention by time and size, persistent volumes), Alertmanager, Grafana,
 * node-exporter on every node, kube-state-metrics and kubelet/cAdvisor scraping, plus the operator's CRDs in their own
 * release so that chart upgrades also upgrade them.
 */
export class KubePrometheus extends Construct {
  readonly crds: Release;
  /** What a workload release of `namespace` waits for: the CRDs release and the namespace's labels. */
  readonly namespaceReady: ITerraformDependable[];
  /**
   * What a release of the node agents' namespace waits for (when it is a namespace of its own): the release that
   * creates or adopts it and its labels. Empty otherwise.
   */
  readonly nodeAgentNamespaceReady: ITerraformDependable[] = [];
  readonly release: Release;
  /** The releases of the rule files' PrometheusRule objects (at least one). */
  readonly ruleReleases: Release[];
  /** In-cluster Alertmanager URL (for the Loki ruler and other alert senders). */
  readonly alertmanagerUrl: string;
  /** In-cluster Prometheus query URL. */
  readonly prometheusUrl: string;
  readonly grafanaUrl: string;
  /** The Secret holding Grafana's admin password. */
  readonly grafanaAdminSecret: string;

  constructor(scope: Construct, id: string, props: KubePrometheusProps) {
    super(scope, id);
    const common: Pick<ChartReleaseProps, "namespace"> = { namespace: props.namespace };
    this.crds = chartRelease(this, "crds", {
      ...common,
      chart: CHARTS.prometheusOperatorCrds,
      name: "prometheus-operator-crds",
      values: [],
      createNamespace: props.createNamespace,
      dependsOn: props.dependsOn,
    });
    const labels = props.namespaceLabels ?? {};
    this.namespaceReady = [this.crds];
    if (Object.keys(labels).length > 0) {
      // The namespace comes from the CRDs release (create or adopt), so its labels are a resource of their own.
      this.namespaceReady.push(namespaceLabels(this, "namespace-labels", props.namespace, labels, this.crds));
    }
    if (props.namespaceLabels) {
      // Pods of charts that create no service account of their own (the MySQL exporter) run as "default": no token.
      this.namespaceReady.push(
        new (defaultServiceAccountModule().DefaultServiceAccountV1)(this, "default-service-account", {
          metadata: { namespace: props.namespace },
          automountServiceAccountToken: false,
          dependsOn: [this.crds],
        }),
      );
    }
    if (props.nodeAgentNamespace && props.nodeAgentNamespace !== props.namespace) {
      // Created or adopted like `namespace`: by a release of a chart without objects (no pods to admit yet), then
      // labelled, and only then do the agents' releases start their pods.
      const created = chartRelease(this, "node-agent-namespace", {
        namespace: props.nodeAgentNamespace,
        chart: localChart(this, "namespace-chart", LOCAL_CHARTS.namespace),
        name: LOCAL_CHARTS.namespace.release,
        values: [],
        createNamespace: true,
        // After the first release, as every other: one order of installation (and of removal) for the whole stack.
        dependsOn: [this.crds],
      });
      this.nodeAgentNamespaceReady.push(created);
      const agentLabels = props.nodeAgentNamespaceLabels ?? {};
      if (Object.keys(agentLabels).length > 0)
        this.nodeAgentNamespaceReady.push(
          namespaceLabels(this, "node-agent-namespace-labels", props.nodeAgentNamespace, agentLabels, created),
        );
    }
    // The Secrets the release mounts, created in the same apply: Alertmanager and Grafana would otherwise wait for them.
    const secretLabels = { "app.kubernetes.io/managed-by": "cdktf-monitoring-stack" };
    const secret = (secretId: string, name: string, data: Record<string, string>) =>
      new (secretModule().SecretV1)(this, secretId, {
        metadata: { name, namespace: props.namespace, labels: secretLabels },
        // Write-only: the kubernetes provider sends it and keeps only the revision in state.
        dataWo: data,
        dataWoRevision: props.secretRevision ?? 1,
        dependsOn: [...this.namespaceReady, ...(props.dependsOn ?? [])],
      });
    const secrets = (props.alertmanagerSecretValues ?? []).map((s) =>
      secret(`alertmanager-secret-${s.name}`, s.name, { [s.key]: s.value }),
    );
    const admin = props.grafana.admin ?? { type: "generated" };
    if (admin.type === "create")
      secrets.push(secret("grafana-admin", GRAFANA_ADMIN_SECRET, { "admin-user": "admin", "admin-password": admin.password }));
    const ssoSecret = props.grafana.sso?.clientSecret;
    if (ssoSecret && "value" in ssoSecret) secrets.push(secret("grafana-oidc", GRAFANA_OIDC_SECRET, { "client-secret": ssoSecret.value }));
    this.grafanaAdminSecret = grafanaAdminSecretName(admin);
    this.release = chartRelease(this, "release", {
      ...common,
      chart: CHARTS.kubePrometheusStack,
      // Fixed: Grafana's Service and service account names derive from it (see urls.ts).
      name: KUBE_PROMETHEUS_RELEASE,
      values: [kubePrometheusValues(props)],
      skipCrds: true,
      timeoutSeconds: 900,
      dependsOn: [...this.namespaceReady, ...this.nodeAgentNamespaceReady, ...secrets, ...(props.dependsOn ?? [])],
    });
    // PrometheusRules need only the CRDs and the namespace's labels (rule discovery): the operator picks them up
    // whenever it starts. The chart folder travels with the stack's output as an asset (Terraform runs there).
    const rulesChart = localChart(this, "rules-chart", LOCAL_CHARTS.prometheusRules);
    this.ruleReleases = ruleReleaseShards(props.prometheusRules ?? {}).map((files, i) => {
      const name = `${PROMETHEUS_RULES_RELEASE}-${i}`;
      return chartRelease(this, `rules-${i}`, {
        ...common,
        chart: rulesChart,
        name,
        values: [ruleReleaseValues(name, files)],
        dependsOn: [...this.namespaceReady, ...(props.dependsOn ?? [])],
      });
    });
    this.alertmanagerUrl = alertmanagerUrl(props.namespace);
    this.prometheusUrl = prometheusUrl(props.namespace);
    this.grafanaUrl = grafanaUrl(props.namespace);
  }
}

/**
 * Grafana expands `$VAR` and `${VAR}` from its environment in provisioning files; "$$" keeps a literal "$" for
 * Grafana's own link variables (`${__value.raw}` in a derived field). Applied to provisioned data sources only: the
 * external path sends them through the API, which expands nothing.
 */
function keepLiteralDollars<T>(value: T): T {
  // A function replacer: in a replacement string "$$" would itself collapse to "$".
  if (typeof value === "string") return value.replaceAll("${", () => "$${") as T;
  if (Array.isArray(value)) return value.map((v) => keepLiteralDollars(v)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keepLiteralDollars(v)])) as T;
  return value;
}
