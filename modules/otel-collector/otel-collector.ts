import type { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CHARTS, IMAGES } from "../../src/catalog/charts";
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, restrictedPodSecurityContext } from "../../src/catalog/pod-security";
import { type ProfileName, type ProfileSizing, profileSizing } from "../../src/catalog/profiles";
import { type ContainerResources, chartRelease } from "../../src/terraform/helm-release";

/** How the gateway samples traces. */
export type TraceSampling =
  | { readonly type: "probabilistic"; readonly percent: number }
  | {
      readonly type: "tail";
      /** Share of the traces no other policy keeps. */
      readonly percent: number;
      readonly keepErrors: boolean;
      /** Keep traces slower than this many milliseconds. @default - no latency policy */
      readonly slowerThanMs?: number;
      /** Seconds to wait for a trace's spans before deciding. */
      readonly decisionWaitSeconds: number;
    };

export const OTEL_COLLECTOR_FULLNAME = "otel-collector";

/** The exporter to Jaeger; its id is the `exporter` label of the collector's own metrics (TracesExportFailing). */
const JAEGER_EXPORTER = "otlp_grpc/jaeger";
/** The processor's name since the chart's rewriteDeprecatedComponentNames (on by default) renamed k8sattributes. */
const K8S_ATTRIBUTES = "k8s_attributes";

/** Endpoints applications send OTLP to. */
export function otlpEndpoints(namespace: string): { readonly grpc: string; readonly http: string } {
  const host = `${OTEL_COLLECTOR_FULLNAME}.${namespace}.svc`;
  return { grpc: `http://${host}:4317`, http: `http://${host}:4318` };
}

export interface OtelCollectorProps {
  /** Sizing for what these props leave out: "small", "ha" (see `PROFILES`) or a custom sizing. @default "small" */
  readonly profile?: ProfileName | ProfileSizing;
  readonly namespace: string;
  /** @default "otel-collector" */
  readonly releaseName?: string;
  /** OTLP gRPC host:port the traces are exported to (e.g. Jaeger's). */
  readonly tracesEndpoint: string;
  readonly sampling: TraceSampling;
  /** Tail sampling needs every span of a trace in one collector, so it runs 1 replica. @default - 1 with tail sampling, else the profile's */
  readonly replicas?: number;
  /** The memory limiter works from `limits.memory`. @default - the profile's */
  readonly resources?: ContainerResources;
  /** @default "otel/opentelemetry-collector-contrib" (tail and probabilistic sampling live there) */
  readonly imageRepository?: string;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

function samplingProcessor(sampling: TraceSampling): [string, Record<string, unknown>] {
  if (sampling.type === "probabilistic") return ["probabilistic_sampler", { sampling_percentage: sampling.percent }];
  const policies: Record<string, unknown>[] = [];
  if (sampling.keepErrors) policies.push({ name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } });
  if (sampling.slowerThanMs !== undefined)
    policies.push({ name: "slow", type: "latency", latency: { threshold_ms: sampling.slowerThanMs } });
  policies.push({ name: "baseline", type: "probabilistic", probabilistic: { sampling_percentage: sampling.percent } });
  return ["tail_sampling", { decision_wait: `${sampling.decisionWaitSeconds}s`, num_traces: 50_000, policies }];
}

/** The Helm values of the opentelemetry-collector chart: a traces gateway (the chart's schema rejects unknown keys). */
export function otelCollectorValues(props: OtelCollectorProps): Record<string, unknown> {
  const sizing = profileSizing(props.profile);
  // Tail sampling keeps a trace's spans in one collector: one replica unless asked otherwise.
  const replicas = props.replicas ?? (props.sampling.type === "tail" ? 1 : sizing.collector.replicas);
  if (props.sampling.type === "tail" && replicas > 1) {
    throw new Error(`tail sampling needs all spans of a trace in one collector; run 1 replica, not ${replicas}`);
  }
  const [sampler, samplerConfig] = samplingProcessor(props.sampling);
  return {
    fullnameOverride: OTEL_COLLECTOR_FULLNAME,
    mode: "deployment",
    image: { repository: props.imageRepository ?? IMAGES.openTelemetryCollector },
    replicaCount: replicas,
    // The k8s_attributes processor (and the ClusterRole reading pods, namespaces and replica sets it needs) adds
    // k8s.namespace.name and k8s.pod.name to every span, which Grafana's trace → logs links select Loki streams by.
    presets: { kubernetesAttributes: { enabled: true } },
    resources: props.resources ?? sizing.collector.resources,
    // Only OTLP is exposed: the chart's Jaeger and Zipkin receivers are removed below.
    ports: {
      // The collector's own metrics (port 8888): the ServiceMonitor scrapes them, OpenTelemetryCollectorDown needs them.
      metrics: { enabled: true },
      "jaeger-compact": { enabled: false },
      "jaeger-thrift": { enabled: false },
      "jaeger-grpc": { enabled: false },
      zipkin: { enabled: false },
    },
    config: {
      receivers: {
        otlp: { protocols: { grpc: { endpoint: "${env:MY_POD_IP}:4317" }, http: { endpoint: "${env:MY_POD_IP}:4318" } } },
        jaeger: null,
        zipkin: null,
      },
      processors: {
        memory_limiter: { check_interval: "5s", limit_percentage: 80, spike_limit_percentage: 25 },
        // Configured by the preset above; listed here to run after memory_limiter (the chart would prepend it).
        [sampler]: samplerConfig,
        batch: { send_batch_size: 8192, timeout: "5s" },
      },
      exporters: {
        // `otlp_grpc` since collector 0.144 (the pinned image is 0.158); `otlp` is a deprecated alias.
        [JAEGER_EXPORTER]: { endpoint: props.tracesEndpoint, tls: { insecure: true } },
        debug: null,
      },
      service: {
        pipelines: {
          traces: { receivers: ["otlp"], processors: ["memory_limiter", K8S_ATTRIBUTES, sampler, "batch"], exporters: [JAEGER_EXPORTER] },
          metrics: null,
          logs: null,
        },
      },
    },
    // The "restricted" Pod Security Standard (the contrib image's user is 10001). The service-account token stays:
    // the k8s_attributes processor reads pods from the API server.
    podSecurityContext: restrictedPodSecurityContext(10001),
    securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
    serviceMonitor: { enabled: true },
    podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
  };
}

/**
 * OpenTelemetry Collector as a gateway Deployment: receives OTLP (gRPC 4317, HTTP 4318) from applications, limits
 * memory, samples (probabilistic or tail), batches and exports to the trace store.
 */
export class OtelCollector extends Construct {
  readonly release: Release;
  readonly endpoints: { readonly grpc: string; readonly http: string };

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id);
    this.release = chartRelease(this, "release", {
      chart: CHARTS.openTelemetryCollector,
      name: props.releaseName ?? "otel-collector",
      namespace: props.namespace,
      values: [otelCollectorValues(props)],
      dependsOn: props.dependsOn,
    });
    this.endpoints = otlpEndpoints(props.namespace);
  }
}
