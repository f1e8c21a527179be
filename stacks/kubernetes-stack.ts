import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AlloyLogs } from "../modules/alloy";
import { DatabaseExporter } from "../modules/database-exporter";
import { Jaeger, type JaegerStorage, jaegerMetricsEndpoint, jaegerOtlpEndpoint, jaegerQueryUrl } from "../modules/jaeger";
import {
  alertmanagerUrl,
  DATA_SOURCE_UIDS,
  GRAFANA_FULLNAME,
  type GrafanaAdmin,
  type GrafanaSso,
  grafanaUrl,
  jaegerDataSource,
  KUBE_PROMETHEUS_FULLNAME,
  KubePrometheus,
  lokiDataSource,
  prometheusReplicaWriteUrls,
  prometheusUrl,
} from "../modules/kube-prometheus";
import { type ClusterAccess, KubernetesProviders } from "../modules/kubernetes-providers";
import { LOKI_FULLNAME, Loki, lokiChunkExpiry, lokiGatewayUrl } from "../modules/loki";
import { OtelCollector, otlpEndpoints, type TraceSampling } from "../modules/otel-collector";
import { stackFlows } from "../src/catalog/network-flows";
import { nodeAgentNamespace, podSecurityLabels, RULE_NAMESPACE_LABEL } from "../src/catalog/pod-security";
import { PROFILES, prometheusVolumeGi } from "../src/catalog/profiles";
import { JAEGER_SCRAPE_JOB } from "../src/catalog/scrape-jobs";
import { slowTraceThresholdMs } from "../src/catalog/slow-traces";
import { groupRoleMapping } from "../src/render/grafana-roles";
import { networkPolicies } from "../src/render/network-policies";
import type { EnvironmentSpec, GrafanaSsoSpec, KubernetesSpec, SamplingSpec } from "../src/spec";
import type { CloudSpec } from "../src/spec/clouds";
import { CLOUD_BACKENDS, type CloudBackend } from "./clouds";
import type { KubernetesCloudCapabilities } from "./clouds/kubernetes-capabilities";
import type { SecretValues } from "./secret-values";

/** Rendered alerting artifacts plugged into the in-cluster stack (alert catalog and routing). */
export interface KubernetesAlertingArtifacts {
  /** PrometheusRule documents by name. @default {} */
  readonly prometheusRules?: Readonly<Record<string, { readonly groups: readonly unknown[] }>>;
  /** @default a route to a "null" receiver */
  readonly alertmanagerConfig?: Readonly<Record<string, unknown>>;
  /** @default {} */
  readonly alertmanagerTemplates?: Readonly<Record<string, string>>;
  /** Existing Secrets mounted into Alertmanager at /etc/alertmanager/secrets/<name>/. @default [] */
  readonly alertmanagerSecrets?: readonly string[];
  /**
   * Secrets the stack creates for Alertmanager from Terraform expressions (sensitive variables, SSM, Secrets
   * Manager): the value lives in state, never in the synthesized JSON. @default []
   */
  readonly alertmanagerSecretValues?: ReadonlyArray<{ readonly name: string; readonly key: string; readonly value: string }>;
  /** Loki ruler files (file name -> YAML text). @default {} */
  readonly lokiRules?: Readonly<Record<string, string>>;
}

export interface KubernetesStackProps {
  readonly spec: EnvironmentSpec;
  /** Resolves the spec's secret references (Grafana admin and database passwords) into Terraform expressions. */
  readonly secrets: SecretValues;
  /** @default - nothing plugged in: no extra rules, alerts go to the "null" receiver */
  readonly alerting?: KubernetesAlertingArtifacts;
}

/** In-cluster URLs of the stack's components, for rules, dashboards and applications. */
export interface InClusterEndpoints {
  readonly alertmanager: string;
  readonly prometheus: string;
  readonly grafana: string;
  readonly loki: string;
  readonly lokiPush: string;
  readonly jaegerQuery: string;
  readonly otlpGrpc: string;
  readonly otlpHttp: string;
}

export function inClusterEndpoints(namespace: string): InClusterEndpoints {
  const otlp = otlpEndpoints(namespace);
  return {
    alertmanager: alertmanagerUrl(namespace),
    prometheus: prometheusUrl(namespace),
    grafana: grafanaUrl(namespace),
    loki: lokiGatewayUrl(namespace),
    lokiPush: `${lokiGatewayUrl(namespace)}/loki/api/v1/push`,
    jaegerQuery: jaegerQueryUrl(namespace),
    otlpGrpc: otlp.grpc,
    otlpHttp: otlp.http,
  };
}

/** The collector's sampling; tail sampling keeps traces slower than the environment's slow-trace threshold. */
function toSampling(sampling: SamplingSpec, slowTraceMs: number): TraceSampling {
  return sampling.type === "probabilistic"
    ? sampling
    : {
        type: "tail",
        percent: sampling.percent,
        keepErrors: sampling.keepErrors,
        slowerThanMs: slowTraceMs,
        decisionWaitSeconds: sampling.decisionWait.toSeconds(),
      };
}

/**
 * The in-cluster observability stack of one environment: cluster providers, the namespace, kube-prometheus-stack
 * (with Grafana wired to Loki, Jaeger and the cloud), Loki + Alloy, Jaeger + OpenTelemetry Collector and one exporter
 * per database. Cloud-specific pieces (object storage, identities, managed services) come from the environment's
 * cloud backend.
 */
export class KubernetesStack extends Construct {
  readonly endpoints: InClusterEndpoints;
  readonly metrics: KubePrometheus;
  readonly logs: Loki;
  readonly traces: Jaeger;

  constructor(scope: Construct, id: string, props: KubernetesStackProps) {
    super(scope, id);
    const { spec } = props;
    const k8s = spec.kubernetes;
    if (!k8s) throw new Error(`environment "${spec.name}" has no kubernetes section`);
    const cloud = cloudCapabilities(this, spec, k8s);
    const access: ClusterAccess | undefined =
      k8s.connection.type === "kubeconfig"
        ? { type: "kubeconfig", configPath: k8s.connection.configPath, context: k8s.connection.context }
        : cloud?.clusterAccess();
    if (!access) throw new Error(`environment "${spec.name}": no cloud backend can reach a "${k8s.connection.type}" cluster`);
    new KubernetesProviders(this, "providers", { access });

    const namespace = k8s.namespace;
    const agentNamespace = nodeAgentNamespace(namespace);
    forgetCreatedNamespace(this);
    const size = PROFILES[spec.profile];
    const retention = spec.retention;
    const alerting = props.alerting ?? {};
    this.endpoints = inClusterEndpoints(namespace);
    const requireCloud = (what: string): KubernetesCloudCapabilities => {
      if (!cloud) throw new Error(`environment "${spec.name}": ${what} needs a cloud section`);
      return cloud;
    };
    const grafana = k8s.grafana;
    const grafanaAdmin: GrafanaAdmin = grafana.adminSecret
      ? { type: "existing", ...grafana.adminSecret }
      : grafana.adminPassword
        ? {
            type: "create",
            password: props.secrets.writeOnly(grafana.adminPassword, "the Grafana admin password (kubernetes.grafana.adminPassword)"),
          }
        : { type: "generated" };
    const sso = grafana.sso ? grafanaSso(grafana.sso, props.secrets) : undefined;

    // Metrics, alerting and Grafana.
    const remote = k8s.managedPrometheus
      ? requireCloud("managed Prometheus").managedPrometheus({
          serviceAccount: { namespace, name: `${KUBE_PROMETHEUS_FULLNAME}-prometheus` },
        })
      : undefined;
    // Alertmanager delivers SMS channels through the cloud (Amazon SNS): it needs the cloud identity for that.
    const sms = spec.channels.some((c) => c.type === "sms")
      ? cloud?.smsDelivery?.({ serviceAccount: { namespace, name: `${KUBE_PROMETHEUS_FULLNAME}-alertmanager` } })
      : undefined;
    const cloudSources = cloud?.grafanaDataSources({ serviceAccount: { namespace, name: GRAFANA_FULLNAME } });
    this.metrics = new KubePrometheus(this, "metrics", {
      namespace,
      retention: retention.metrics.toPrometheus(),
      retentionSize: retention.metricsSize,
      storageClass: k8s.storageClass,
      prometheus: { ...size.prometheus, storageGi: prometheusVolumeGi(retention.metricsSize, size.prometheus.storageGi) },
      alertmanager: size.alertmanager,
      highAvailability: size.highAvailability,
      controlPlaneMetrics: k8s.connection.type === "kubeconfig" && k8s.connection.controlPlaneMetrics,
      externalLabels: { cluster: spec.name },
      scrapeTargets: spec.services
        .map((service) => ({
          name: service.name,
          namespace: service.namespace,
          selector: service.selector ?? { "app.kubernetes.io/name": service.name },
          port: service.metrics.port,
          path: service.metrics.path,
          interval: service.metrics.interval.toPrometheus(),
        }))
        .concat({
          // Jaeger's own metrics: without them a dead trace backend would go unnoticed (JaegerDown selects this job).
          name: JAEGER_SCRAPE_JOB,
          namespace,
          ...jaegerMetricsEndpoint(),
          interval: "30s",
        }),
      remoteWrite: remote ? [remote.value] : [],
      prometheusServiceAccountAnnotations: remote?.serviceAccountAnnotations,
      alertmanagerServiceAccountAnnotations: sms?.serviceAccountAnnotations,
      grafana: {
        admin: grafanaAdmin,
        ingress: k8s.grafana.ingress,
        sso,
        resources: size.grafana.resources,
        storageGi: size.grafana.storageGi,
        dataSources: [lokiDataSource(this.endpoints.loki), jaegerDataSource(this.endpoints.jaegerQuery), ...(cloudSources?.value ?? [])],
        exemplarTracesUid: DATA_SOURCE_UIDS.jaeger,
        serviceAccountAnnotations: cloudSources?.serviceAccountAnnotations,
        podLabels: cloudSources?.podLabels,
        iniSections: cloudSources?.grafanaIni,
      },
      prometheusRules: alerting.prometheusRules,
      alertmanagerConfig: alerting.alertmanagerConfig,
      alertmanagerTemplates: alerting.alertmanagerTemplates,
      alertmanagerSecrets: alerting.alertmanagerSecrets,
      alertmanagerSecretValues: alerting.alertmanagerSecretValues,
      secretRevision: k8s.secretRevision,
      remoteWriteReceiver: true,
      // The first release creates (or adopts) the namespace everything else lives in; it enforces "restricted" and
      // opts into rule discovery. Node agents get a namespace of their own that admits host access.
      createNamespace: true,
      namespaceLabels: { ...podSecurityLabels("restricted"), ...RULE_NAMESPACE_LABEL },
      nodeAgentNamespace: agentNamespace,
      nodeAgentNamespaceLabels: podSecurityLabels("privileged"),
      // Default deny in both namespaces; each component gets exactly the flows src/catalog/network-flows.ts lists.
      networkPolicies: networkPolicies(
        stackFlows({
          grafanaIngress: Boolean(k8s.grafana.ingress),
          databasePorts: [...new Set(k8s.databases.map((db) => db.port))],
          grafanaSsoPorts: sso ? [...new Set([sso.tokenUrl, sso.userInfoUrl].map(httpsPort))] : [],
        }),
        { stack: namespace, agents: agentNamespace },
      ),
      // Prometheus, Alertmanager and Grafana use cloud identities: their roles and grants come first.
      dependsOn: [remote, sms, cloudSources].flatMap((identity) => [...(identity?.dependsOn ?? [])]),
    });
    // Charts below create ServiceMonitors: the operator's CRDs (and the labelled namespace) must exist first.
    const afterCrds = this.metrics.namespaceReady;

    // Logs.
    const objectStorage =
      size.loki.mode === "Distributed"
        ? requireCloud("Loki on object storage").logObjectStorage({
            serviceAccount: { namespace, name: LOKI_FULLNAME },
            expiry: lokiChunkExpiry(Math.ceil(retention.logs.toDays())),
          })
        : undefined;
    this.logs = new Loki(this, "logs", {
      namespace,
      mode: size.loki.mode,
      objectStorage: objectStorage?.value,
      serviceAccountAnnotations: objectStorage?.serviceAccountAnnotations,
      podLabels: objectStorage?.podLabels,
      retentionPeriod: retention.logs.toHoursString(),
      retentionStreams: retention.logStreams.map((s) => ({ selector: s.selector, period: s.period.toHoursString() })),
      storageClass: k8s.storageClass,
      volumeGi: size.loki.storageGi,
      resources: size.loki.resources,
      highAvailability: size.highAvailability,
      rules: alerting.lokiRules,
      alertmanagerUrl: this.endpoints.alertmanager,
      remoteWriteUrls: prometheusReplicaWriteUrls(namespace, size.prometheus.replicas),
      // The pods use the bucket through the identity: its role and grants must exist before they start.
      dependsOn: [...afterCrds, ...(objectStorage?.dependsOn ?? [])],
    });
    new AlloyLogs(this, "log-agent", {
      namespace: agentNamespace,
      pushUrl: this.logs.pushUrl,
      externalLabels: { cluster: spec.name },
      resources: size.alloy.resources,
      writeAheadLog: size.highAvailability,
      dependsOn: [...afterCrds, ...this.metrics.nodeAgentNamespaceReady],
    });

    // Traces.
    const storageSpec = k8s.tracing.storage ?? { type: "badger", size: "10Gi" };
    const storage: JaegerStorage =
      storageSpec.type === "aws-opensearch"
        ? (requireCloud("a managed trace store").traceStore(storageSpec) ??
          failWith(`environment "${spec.name}": the cloud backend cannot create "${storageSpec.type}" trace storage`))
        : storageSpec.type === "badger"
          ? { ...storageSpec, storageClass: k8s.storageClass }
          : storageSpec;
    this.traces = new Jaeger(this, "traces", {
      namespace,
      storage,
      retentionHours: Math.ceil(retention.traces.toSeconds() / 3600),
      resources: size.jaeger.resources,
      dependsOn: afterCrds,
    });
    const sampling = toSampling(k8s.tracing.sampling, slowTraceThresholdMs(spec));
    new OtelCollector(this, "trace-gateway", {
      namespace,
      tracesEndpoint: jaegerOtlpEndpoint(namespace),
      sampling,
      replicas: sampling.type === "tail" ? 1 : size.collector.replicas,
      resources: size.collector.resources,
      dependsOn: afterCrds,
    });

    // Database metrics.
    for (const db of k8s.databases) {
      new DatabaseExporter(this, `database-${db.name}`, {
        namespace,
        name: db.name,
        engine: db.engine,
        host: db.host,
        port: db.port,
        database: db.database,
        user: db.user,
        password: db.passwordSecret
          ? { existingSecret: db.passwordSecret }
          : {
              value: props.secrets.writeOnly(
                db.password ?? failWith("unreachable: validate requires a password"),
                `the password of database "${db.name}"`,
              ),
            },
        sslMode: db.sslMode,
        secretRevision: k8s.secretRevision,
        resources: size.exporter.resources,
        dependsOn: afterCrds,
      });
    }
  }
}

/** The spec's SSO section as Grafana settings: roles from groups, the client secret mounted or written write-only. */
function grafanaSso(sso: GrafanaSsoSpec, secrets: SecretValues): GrafanaSso {
  const { roleAttributePath, roleAttributeStrict } = groupRoleMapping(sso.groupsClaim, sso.roles);
  return {
    name: sso.name,
    clientId: sso.clientId,
    clientSecret:
      "kubernetesSecret" in sso.clientSecret
        ? { existingSecret: sso.clientSecret.kubernetesSecret }
        : { value: secrets.writeOnly(sso.clientSecret, "the Grafana SSO client secret (kubernetes.grafana.sso.clientSecret)") },
    authUrl: sso.authUrl,
    tokenUrl: sso.tokenUrl,
    userInfoUrl: sso.userInfoUrl,
    scopes: sso.scopes,
    roleAttributePath,
    roleAttributeStrict,
    loginForm: sso.loginForm,
  };
}

function httpsPort(url: string): number {
  return Number(new URL(url).port || 443);
}

function cloudCapabilities(scope: Construct, spec: EnvironmentSpec, kubernetes: KubernetesSpec): KubernetesCloudCapabilities | undefined {
  if (!spec.cloud) return undefined;
  const backend = CLOUD_BACKENDS[spec.cloud.provider] as CloudBackend<CloudSpec>;
  return backend.kubernetes?.(scope, { spec, cloud: spec.cloud, kubernetes });
}

/**
 * Stacks synthesized before the namespaces came from Helm held them as kubernetes_namespace_v1 resources; Terraform
 * forgets those instead of deleting the namespaces (and every volume in them). Needs Terraform 1.7 or OpenTofu 1.7.
 */
function forgetCreatedNamespace(scope: Construct): void {
  TerraformStack.of(scope).addOverride(
    "removed",
    PREVIOUS_NAMESPACE_RESOURCES.map((id) => ({ from: `kubernetes_namespace_v1.${id}`, lifecycle: { destroy: false } })),
  );
}
/**
 * The logical ids the namespace resources had: the stack's (construct path kubernetes/namespace) and the node agents'
 * (kubernetes/metrics/node-agent-namespace).
 */
const PREVIOUS_NAMESPACE_RESOURCES = ["kubernetes_namespace_517B42BE", "kubernetes_metrics_node-agent-namespace_CEE8347D"];

function failWith(message: string): never {
  throw new Error(message);
}
