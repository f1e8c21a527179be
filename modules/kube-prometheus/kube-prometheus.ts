import type { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CHARTS } from "../../src/catalog/charts";
import { REPLACED_DEFAULT_RULES } from "../../src/catalog/prometheus/default-rules";
import { type ChartReleaseProps, type ContainerResources, chartRelease } from "../../src/terraform/helm-release";
import type { GrafanaDataSource } from "./data-sources";
import { alertmanagerUrl, grafanaUrl, KUBE_PROMETHEUS_FULLNAME, KUBE_PROMETHEUS_RELEASE, prometheusUrl } from "./urls";

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
}

export interface GrafanaOptions {
  /** Existing Secret with the admin credentials; Grafana reads it, the values only name it. */
  readonly adminSecret: { readonly name: string; readonly userKey: string; readonly passwordKey: string };
  /** @default - no ingress */
  readonly ingress?: {
    readonly host: string;
    readonly tlsSecret: string;
    readonly className?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
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
}

/** Annotation of dashboard ConfigMaps that names their Grafana folder (`grafana.sidecar.dashboards.folderAnnotation`). */
export const GRAFANA_DASHBOARD_FOLDER_ANNOTATION = "grafana_folder";

/** kube-prometheus-stack's default rules: every group on, the alerts the catalog replaces off one by one. */
export const DEFAULT_RULES_VALUES = {
  create: true,
  disabled: Object.fromEntries(Object.keys(REPLACED_DEFAULT_RULES).map((alert) => [alert, true])),
} as const;

export interface KubePrometheusProps {
  readonly namespace: string;
  /** Prometheus duration, e.g. "15d". */
  readonly retention: string;
  /** Size cap such as "90GB". @default - none, time-based retention only */
  readonly retentionSize?: string;
  /** @default - the cluster's default storage class */
  readonly storageClass?: string;
  readonly prometheus: { readonly replicas: number; readonly resources: ContainerResources; readonly storageGi: number };
  readonly alertmanager: { readonly replicas: number; readonly resources: ContainerResources; readonly storageGi: number };
  readonly grafana: GrafanaOptions;
  /** PodDisruptionBudgets for Prometheus and Alertmanager, and hard anti-affinity between replicas. @default false */
  readonly highAvailability?: boolean;
  /** Managed control planes (EKS, GKE, AKS) expose no etcd, scheduler, controller-manager or proxy targets. @default false */
  readonly managedControlPlane?: boolean;
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
  /** Rule files by name (rendered into `additionalPrometheusRulesMap`, one PrometheusRule each). @default {} */
  readonly prometheusRules?: Readonly<Record<string, { readonly groups: readonly unknown[] }>>;
  /**
   * Alertmanager configuration (`alertmanager.config`); Helm merges it with the chart's defaults (maps merge, lists
   * replace). @default a route to a "null" receiver, so alerts are visible in Alertmanager but sent nowhere
   */
  readonly alertmanagerConfig?: Readonly<Record<string, unknown>>;
  /** Notification templates by file name (`alertmanager.templateFiles`). @default {} */
  readonly alertmanagerTemplates?: Readonly<Record<string, string>>;
  /** Existing Secrets mounted at /etc/alertmanager/secrets/<name>/<key> (`alertmanagerSpec.secrets`). @default [] */
  readonly alertmanagerSecrets?: readonly string[];
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
  const ha = props.highAvailability ?? false;
  const managed = props.managedControlPlane ?? false;
  const grafana = props.grafana;
  const ingress = grafana.ingress;
  return {
    fullnameOverride: KUBE_PROMETHEUS_FULLNAME,
    // CRDs come from the separate prometheus-operator-crds release, which Helm does upgrade.
    crds: { enabled: false },
    // The chart's mixin rules stay on; the alerts the catalog replaces are off rule by rule (REPLACED_DEFAULT_RULES).
    defaultRules: DEFAULT_RULES_VALUES,
    kubeEtcd: { enabled: !managed },
    kubeControllerManager: { enabled: !managed },
    kubeScheduler: { enabled: !managed },
    kubeProxy: { enabled: !managed },
    additionalPrometheusRulesMap: props.prometheusRules ?? {},
    alertmanager: {
      config: props.alertmanagerConfig ?? NULL_ALERTMANAGER_CONFIG,
      templateFiles: props.alertmanagerTemplates ?? {},
      serviceAccount: { annotations: props.alertmanagerServiceAccountAnnotations ?? {} },
      podDisruptionBudget: { enabled: ha },
      alertmanagerSpec: {
        replicas: props.alertmanager.replicas,
        resources: props.alertmanager.resources,
        storage: volumeClaim(props.storageClass, props.alertmanager.storageGi),
        secrets: [...(props.alertmanagerSecrets ?? [])],
        podAntiAffinity: ha ? "hard" : "soft",
      },
    },
    prometheus: {
      podDisruptionBudget: { enabled: ha },
      serviceAccount: { annotations: props.prometheusServiceAccountAnnotations ?? {} },
      prometheusSpec: {
        replicas: props.prometheus.replicas,
        retention: props.retention,
        retentionSize: props.retentionSize ?? "",
        resources: props.prometheus.resources,
        storageSpec: volumeClaim(props.storageClass, props.prometheus.storageGi),
        podAntiAffinity: ha ? "hard" : "soft",
        externalLabels: props.externalLabels ?? {},
        // Loki's ruler writes log-based metrics (recording rules over logs) here.
        enableRemoteWriteReceiver: props.remoteWriteReceiver ?? false,
        // Pick up every ServiceMonitor, PodMonitor, rule, probe and scrape config in the cluster, not only this
        // release's: the Loki, Alloy, collector and exporter charts create their own monitors.
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
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
    grafana: {
      admin: {
        existingSecret: grafana.adminSecret.name,
        userKey: grafana.adminSecret.userKey,
        passwordKey: grafana.adminSecret.passwordKey,
      },
      "grafana.ini": {
        "auth.anonymous": { enabled: false },
        users: { allow_sign_up: false },
        analytics: { reporting_enabled: false, check_for_updates: false },
        ...(ingress ? { server: { root_url: `https://${ingress.host}` } } : {}),
        ...grafana.iniSections,
      },
      ...(grafana.podLabels && Object.keys(grafana.podLabels).length > 0 ? { podLabels: { ...grafana.podLabels } } : {}),
      ingress: ingress
        ? {
            enabled: true,
            ...(ingress.className ? { ingressClassName: ingress.className } : {}),
            annotations: ingress.annotations ?? {},
            hosts: [ingress.host],
            tls: [{ secretName: ingress.tlsSecret, hosts: [ingress.host] }],
          }
        : { enabled: false },
      serviceAccount: { annotations: grafana.serviceAccountAnnotations ?? {} },
      resources: grafana.resources ?? { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
      sidecar: {
        // A dashboard ConfigMap's `grafana_folder` annotation names its sub-directory, which Grafana turns into a
        // folder (one per environment); ConfigMaps without it (the chart's own dashboards) stay in General.
        dashboards: {
          enabled: true,
          label: "grafana_dashboard",
          labelValue: "1",
          searchNamespace: "ALL",
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
 * kube-prometheus-stack: Prometheus (retention by time and size, persistent volumes), Alertmanager, Grafana,
 * node-exporter on every node, kube-state-metrics and kubelet/cAdvisor scraping, plus the operator's CRDs in their own
 * release so that chart upgrades also upgrade them.
 */
export class KubePrometheus extends Construct {
  readonly crds: Release;
  readonly release: Release;
  /** In-cluster Alertmanager URL (for the Loki ruler and other alert senders). */
  readonly alertmanagerUrl: string;
  /** In-cluster Prometheus query URL. */
  readonly prometheusUrl: string;
  readonly grafanaUrl: string;

  constructor(scope: Construct, id: string, props: KubePrometheusProps) {
    super(scope, id);
    const common: Pick<ChartReleaseProps, "namespace"> = { namespace: props.namespace };
    this.crds = chartRelease(this, "crds", {
      ...common,
      chart: CHARTS.prometheusOperatorCrds,
      name: "prometheus-operator-crds",
      values: [],
      dependsOn: props.dependsOn,
    });
    this.release = chartRelease(this, "release", {
      ...common,
      chart: CHARTS.kubePrometheusStack,
      // Fixed: Grafana's Service and service account names derive from it (see urls.ts).
      name: KUBE_PROMETHEUS_RELEASE,
      values: [kubePrometheusValues(props)],
      skipCrds: true,
      timeoutSeconds: 900,
      dependsOn: [this.crds, ...(props.dependsOn ?? [])],
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
