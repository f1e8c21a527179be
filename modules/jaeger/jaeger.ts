import type { Release } from "@cdktf/provider-helm/lib/release";
import type { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CHARTS } from "../../src/catalog/charts";
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, restrictedPodSecurityContext } from "../../src/catalog/pod-security";
import { type ProfileName, type ProfileSizing, profileSizing } from "../../src/catalog/profiles";
import { type ContainerResources, chartRelease } from "../../src/terraform/helm-release";
import { providerModule } from "../../src/util/provider-module";

/** Optional peer dependency, loaded on first use (see providerModule). */
const pvcModule = () =>
  providerModule(
    "@cdktf/provider-kubernetes",
    () =>
      require("@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1") as typeof import("@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1"),
  );

/** Jaeger's trace storage. `memory` and `badger` live in the single pod; the search engines are durable. */
export type JaegerStorage =
  | { readonly type: "memory"; readonly maxTraces: number }
  | { readonly type: "badger"; readonly size: string; readonly storageClass?: string }
  | {
      readonly type: "elasticsearch" | "opensearch";
      /** https://… of the cluster or domain endpoint. */
      readonly url: string;
      /** Existing Secret with basic-auth credentials, injected as environment variables. @default - no authentication */
      readonly credentialsSecret?: { readonly name: string; readonly usernameKey: string; readonly passwordKey: string };
    };

export const JAEGER_FULLNAME = "jaeger";

/** The port of Jaeger's own telemetry (its OpenTelemetry Collector core), which the chart's pod declares. */
const JAEGER_METRICS_PORT = 8888;

/** Jaeger's OTLP gRPC endpoint (host:port), for collectors. */
export function jaegerOtlpEndpoint(namespace: string): string {
  return `${JAEGER_FULLNAME}.${namespace}.svc:4317`;
}

/**
 * Where Prometheus scrapes Jaeger's own metrics: the all-in-one pods (the chart's selector labels plus its component
 * label) on the telemetry port the values open (8888), so JaegerDown and the span-throughput metrics have a source.
 */
export function jaegerMetricsEndpoint(releaseName = "jaeger"): {
  readonly selector: Readonly<Record<string, string>>;
  readonly port: number;
  readonly path: string;
} {
  return {
    selector: {
      "app.kubernetes.io/name": "jaeger",
      "app.kubernetes.io/instance": releaseName,
      "app.kubernetes.io/component": "all-in-one",
    },
    port: JAEGER_METRICS_PORT,
    path: "/metrics",
  };
}

/** Jaeger's query (UI and API) URL, for Grafana. */
export function jaegerQueryUrl(namespace: string): string {
  return `http://${JAEGER_FULLNAME}.${namespace}.svc:16686`;
}

export interface JaegerProps {
  /** Sizing for what these props leave out: "small", "ha" (see `PROFILES`) or a custom sizing. @default "small" */
  readonly profile?: ProfileName | ProfileSizing;
  readonly namespace: string;
  /** @default "jaeger" */
  readonly releaseName?: string;
  readonly storage: JaegerStorage;
  /** Whole hours, e.g. "168h": Badger's span TTL, or (rounded up to days) the index cleaner's horizon. */
  readonly retentionHours: number;
  /** @default - the profile's */
  readonly resources?: ContainerResources;
  /** Replicas of the all-in-one pod; more than 1 only with a search-engine storage. @default 1 */
  readonly replicas?: number;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const BADGER_DIR = "/badger";
const STORE = "traces";

function backend(storage: JaegerStorage, retentionHours: number): Record<string, unknown> {
  switch (storage.type) {
    case "memory":
      return { memory: { max_traces: storage.maxTraces } };
    case "badger":
      return {
        badger: {
          directories: { keys: `${BADGER_DIR}/keys`, values: `${BADGER_DIR}/values` },
          ephemeral: false,
          ttl: { spans: `${retentionHours}h` },
        },
      };
    default:
      return {
        [storage.type]: {
          server_urls: [storage.url],
          ...(storage.credentialsSecret ? { auth: { basic: { username: "${env:ES_USERNAME}", password: "${env:ES_PASSWORD}" } } } : {}),
        },
      };
  }
}

/** The user of the Jaeger image (and the chart's default runAsUser). */
const JAEGER_UID = 10001;
/** The chart's default runAsUser of the index cleaner. */
const INDEX_CLEANER_UID = 1000;

/** The Helm values of the Jaeger v2 chart for these props. */
export function jaegerValues(props: JaegerProps, badgerClaim?: string): Record<string, unknown> {
  const storage = props.storage;
  const search = storage.type === "elasticsearch" || storage.type === "opensearch";
  const replicas = props.replicas ?? 1;
  if (replicas > 1 && !search)
    throw new Error(`Jaeger with ${storage.type} storage keeps traces in its pod; run 1 replica, not ${replicas}`);
  const credentials = search && storage.credentialsSecret;
  const env = credentials
    ? [
        { name: "ES_USERNAME", valueFrom: { secretKeyRef: { name: credentials.name, key: credentials.usernameKey } } },
        { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: credentials.name, key: credentials.passwordKey } } },
      ]
    : [];
  return {
    fullnameOverride: JAEGER_FULLNAME,
    userconfig: {
      service: {
        extensions: ["jaeger_storage", "jaeger_query", "healthcheckv2"],
        pipelines: { traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] } },
        telemetry: {
          resource: { "service.name": "jaeger" },
          metrics: { level: "detailed", readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: JAEGER_METRICS_PORT } } } }] },
        },
      },
      extensions: {
        healthcheckv2: { use_v2: true, http: { endpoint: "0.0.0.0:13133" } },
        jaeger_storage: { backends: { [STORE]: backend(storage, props.retentionHours) } },
        jaeger_query: { storage: { traces: STORE } },
      },
      receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } } },
      processors: { batch: {} },
      exporters: { jaeger_storage_exporter: { trace_storage: STORE } },
    },
    jaeger: {
      replicas,
      resources: props.resources ?? profileSizing(props.profile).jaeger.resources,
      // Passes the "restricted" Pod Security Standard (the image's user is 10001); Jaeger never calls the API server.
      podSecurityContext: restrictedPodSecurityContext(JAEGER_UID),
      securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
      serviceAccount: { automountServiceAccountToken: false },
      extraEnv: env,
      ...(badgerClaim
        ? {
            extraVolumes: [{ name: "badger", persistentVolumeClaim: { claimName: badgerClaim } }],
            extraVolumeMounts: [{ name: "badger", mountPath: BADGER_DIR }],
          }
        : {}),
    },
    ...(search
      ? {
          storage: { type: "elasticsearch", elasticsearch: { url: storage.url } },
          // Retention: a nightly job deletes the daily indices older than the horizon.
          esIndexCleaner: {
            enabled: true,
            numberOfDays: Math.max(1, Math.ceil(props.retentionHours / 24)),
            extraEnv: env,
            // The chart's default user (1000), made explicit non-root, for the "restricted" namespace.
            podSecurityContext: restrictedPodSecurityContext(INDEX_CLEANER_UID),
            securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
          },
        }
      : {}),
  };
}

/**
 * Jaeger v2 (all-in-one, OTLP in, query UI and API out) on memory, Badger (a persistent volume this construct
 * creates) or an Elasticsearch/OpenSearch endpoint with nightly index cleanup as retention.
 */
export class Jaeger extends Construct {
  readonly release: Release;
  /** OTLP gRPC host:port for collectors. */
  readonly otlpEndpoint: string;
  /** Query URL for Grafana. */
  readonly queryUrl: string;

  constructor(scope: Construct, id: string, props: JaegerProps) {
    super(scope, id);
    let claim: PersistentVolumeClaimV1 | undefined;
    if (props.storage.type === "badger") {
      claim = new (pvcModule().PersistentVolumeClaimV1)(this, "badger", {
        metadata: { name: `${props.releaseName ?? "jaeger"}-badger`, namespace: props.namespace },
        spec: {
          accessModes: ["ReadWriteOnce"],
          storageClassName: props.storage.storageClass,
          resources: { requests: { storage: props.storage.size } },
        },
        // WaitForFirstConsumer classes bind only when Jaeger's pod is scheduled.
        waitUntilBound: false,
        dependsOn: props.dependsOn,
      });
    }
    this.release = chartRelease(this, "release", {
      chart: CHARTS.jaeger,
      name: props.releaseName ?? "jaeger",
      namespace: props.namespace,
      values: [jaegerValues(props, claim?.metadata.name)],
      dependsOn: [...(claim ? [claim] : []), ...(props.dependsOn ?? [])],
    });
    this.otlpEndpoint = jaegerOtlpEndpoint(props.namespace);
    this.queryUrl = jaegerQueryUrl(props.namespace);
  }
}
