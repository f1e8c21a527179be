import type { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CHARTS } from "../../src/catalog/charts";
import { type ProfileName, type ProfileSizing, profileSizing } from "../../src/catalog/profiles";
import { zoneSpread } from "../../src/catalog/zone-spread";
import { shardConfigMapData } from "../../src/render/config-maps";
import { type ContainerResources, chartRelease } from "../../src/terraform/helm-release";
import { providerModule } from "../../src/util/provider-module";

/** Optional peer dependency, loaded on first use (see providerModule). */
const configMapModule = () =>
  providerModule(
    "@cdktf/provider-kubernetes",
    () => require("@cdktf/provider-kubernetes/lib/config-map-v1") as typeof import("@cdktf/provider-kubernetes/lib/config-map-v1"),
  );

/**
 * Object storage for chunks and indexes; one member per cloud. Credentials come from the pod's workload identity
 * (IRSA on EKS, Workload Identity on GKE, Entra Workload ID on AKS), never from keys in the values.
 */
export type LokiObjectStorage =
  | { readonly type: "s3"; readonly bucket: string; readonly region: string }
  | { readonly type: "gcs"; readonly bucket: string }
  | { readonly type: "azure"; readonly accountName: string; readonly container: string };

/** Fixed resource name prefix, so the gateway URL does not depend on the release name. */
export const LOKI_FULLNAME = "loki";
/** With authentication off, Loki stores everything under this tenant; ruler rules live in its directory. */
export const LOKI_TENANT = "fake";

/**
 * Days after which the object store deletes Loki's chunks, a backstop behind the compactor's retention: Loki's
 * retention docs require any bucket lifecycle to be longer than the retention period, and to leave the index and the
 * delete requests alone (Loki deletes those itself). Chunks live under the tenant's prefix; `index/` and
 * `delete_requests/` are outside it.
 */
export function lokiChunkExpiry(retentionDays: number): { readonly prefix: string; readonly days: number } {
  return { prefix: `${LOKI_TENANT}/`, days: retentionDays + CHUNK_EXPIRY_MARGIN_DAYS };
}
/** How long after the retention period the bucket lifecycle deletes what the compactor has not. */
const CHUNK_EXPIRY_MARGIN_DAYS = 7;

/**
 * The paths Loki's gateway serves (an nginx regex): "/" (probes), push (the log agents) and the read API Grafana uses
 * (queries, labels, series, volumes, tail, Logs Drilldown's detected fields and patterns, the build info check).
 */
const LOKI_GATEWAY_PATHS =
  "^/$|^/loki/api/v1/(push|query|query_range|labels|label/[^/]+/values|series|index/(stats|volume|volume_range)|tail|format_query|detected_fields|detected_field/[^/]+/values|detected_labels|patterns|drilldown-limits|status/buildinfo)$";

/** The gateway (nginx) in front of Loki: push and query endpoint for the agent and Grafana. */
export function lokiGatewayUrl(namespace: string): string {
  return `http://${LOKI_FULLNAME}-gateway.${namespace}.svc`;
}

export interface LokiProps {
  /** Sizing for what these props leave out: "small", "ha" (see `PROFILES`) or a custom sizing. @default "small" */
  readonly profile?: ProfileName | ProfileSizing;
  readonly namespace: string;
  /** @default "loki" */
  readonly releaseName?: string;
  /**
   * `Monolithic`: one single-binary pod on a persistent volume (filesystem storage unless `objectStorage` is given).
   * `Distributed`: every Loki target scaled on its own, on object storage (required).
   */
  /** @default - the profile's (small: Monolithic, ha: Distributed) */
  readonly mode?: "Monolithic" | "Distributed";
  /** @default - filesystem on the single binary's volume (Monolithic only) */
  readonly objectStorage?: LokiObjectStorage;
  /** Loki duration in whole hours, e.g. "720h"; the compactor deletes older chunks. */
  readonly retentionPeriod: string;
  /** Streams kept for another period, first match wins (`retention_stream`). @default [] */
  readonly retentionStreams?: ReadonlyArray<{ readonly selector: string; readonly period: string }>;
  /** @default - the cluster's default storage class */
  readonly storageClass?: string;
  /** Persistent volume of the single binary / each ingester, GiB. @default - the profile's (20) */
  readonly volumeGi?: number;
  /** Requests and limits of every Loki pod. @default - the profile's */
  readonly resources?: ContainerResources;
  /**
   * PodDisruptionBudgets are on in the chart; this adds replicas of stateless targets and caches, and spreads the
   * ingesters and rulers (Distributed) over availability zones. @default - the profile's (ha: true)
   */
  readonly highAvailability?: boolean;
  /** Ruler rule files (file name -> YAML text of rule groups) for tenant "fake". @default {} */
  readonly rules?: Readonly<Record<string, string>>;
  /** Where the ruler sends alerts. @default - no alert delivery (rules still evaluate) */
  readonly alertmanagerUrl?: string;
  /**
   * Prometheus remote-write endpoints that receive the series of the ruler's recording rules (log-based metrics):
   * one per Prometheus replica (through the headless Service), so every replica of an HA pair stores them; a
   * load-balanced Service would write each sample to whichever replica answers.
   * @default [] - recording rules are evaluated but their series are not stored
   */
  readonly remoteWriteUrls?: readonly string[];
  /** Annotations of Loki's service account (workload identity for the object storage). @default {} */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /** Labels of every Loki pod (e.g. `azure.workload.identity/use`). @default {} */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const RULES_DIR = "/etc/loki/rules";
/** ConfigMap holding the ruler's rule files, mounted at <RULES_DIR>/<tenant>. */
const LOKI_RULES_CONFIGMAP = `${LOKI_FULLNAME}-rules`;

/**
 * The ConfigMaps of the rule files: as many as the 1 MiB of a ConfigMap requires (`loki-rules`, `loki-rules-2`, …;
 * ~900 services' log rules fill one), all mounted into the one rules directory.
 */
function lokiRulesConfigMaps(rules: Readonly<Record<string, string>>): Array<{ name: string; data: Record<string, string> }> {
  return shardConfigMapData(rules).map((data, i) => ({ name: i === 0 ? LOKI_RULES_CONFIGMAP : `${LOKI_RULES_CONFIGMAP}-${i + 1}`, data }));
}

/** The chart's `loki.storage` block: bucket names and the cloud's client settings (keys never: workload identity). */
function lokiStorage(storage: LokiObjectStorage | undefined): Record<string, unknown> {
  switch (storage?.type) {
    case undefined:
      return { type: "filesystem" };
    case "s3":
      return { type: "s3", bucketNames: { chunks: storage.bucket, ruler: storage.bucket }, s3: { region: storage.region } };
    case "gcs":
      return { type: "gcs", bucketNames: { chunks: storage.bucket, ruler: storage.bucket }, gcs: {} };
    case "azure":
      return {
        type: "azure",
        bucketNames: { chunks: storage.container, ruler: storage.container },
        azure: { accountName: storage.accountName, useFederatedToken: true },
      };
  }
}

/** The Helm values of the Loki chart for these props. */
export function lokiValues(props: LokiProps): Record<string, unknown> {
  const sizing = profileSizing(props.profile);
  const mode = props.mode ?? sizing.loki.mode;
  const distributed = mode === "Distributed";
  if (distributed && !props.objectStorage) throw new Error("Loki in Distributed mode needs objectStorage (every target shares the chunks)");
  const ha = props.highAvailability ?? sizing.highAvailability;
  const storeType = props.objectStorage?.type ?? "filesystem";
  const persistence = {
    enabled: true,
    size: `${props.volumeGi ?? sizing.loki.storageGi}Gi`,
    ...(props.storageClass ? { storageClass: props.storageClass } : {}),
  };
  const resources = { resources: props.resources ?? sizing.loki.resources };
  const ruleMaps = lokiRulesConfigMaps(props.rules ?? {}).map(({ name }) => ({ configMap: { name } }));
  const rulesMount = {
    // Several ConfigMaps into one directory: a projected volume (the chart passes extraVolumes through as given).
    extraVolumes: [{ name: "rules", ...(ruleMaps.length === 1 ? ruleMaps[0] : { projected: { sources: ruleMaps } }) }],
    extraVolumeMounts: [{ name: "rules", mountPath: `${RULES_DIR}/${LOKI_TENANT}`, readOnly: true }],
  };
  const scaled = (replicas: number) => ({ replicas, ...resources });
  const rulers = distributed ? (ha ? 2 : 1) : 1;
  // The chart's pod labels of a target (name: the chart's, instance: the release's).
  const podsOf = (component: string) => ({
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/name": "loki",
    "app.kubernetes.io/instance": props.releaseName ?? "loki",
  });
  const claim = { name: "data", accessModes: ["ReadWriteOnce"], size: persistence.size, storageClass: props.storageClass ?? null };
  const remoteWrite = props.remoteWriteUrls ?? [];
  return {
    fullnameOverride: LOKI_FULLNAME,
    deploymentMode: mode,
    loki: {
      // Single tenant: clients send no X-Scope-OrgID and everything is stored as tenant "fake".
      auth_enabled: false,
      ...(props.podLabels && Object.keys(props.podLabels).length > 0 ? { podLabels: { ...props.podLabels } } : {}),
      commonConfig: { replication_factor: distributed ? 3 : 1 },
      schemaConfig: {
        configs: [
          { from: "2024-04-01", store: "tsdb", object_store: storeType, schema: "v13", index: { prefix: "index_", period: "24h" } },
        ],
      },
      storage: lokiStorage(props.objectStorage),
      limits_config: {
        retention_period: props.retentionPeriod,
        // Loki applies the highest priority among matching selectors: the spec lists the most specific first.
        ...(props.retentionStreams?.length
          ? {
              retention_stream: props.retentionStreams.map((s, i, all) => ({
                selector: s.selector,
                priority: all.length - i,
                period: s.period,
              })),
            }
          : {}),
        allow_structured_metadata: true,
        // Bounded cardinality: the agent sends a fixed label set; this is the backstop.
        max_label_names_per_series: 15,
      },
      compactor: { retention_enabled: true, delete_request_store: storeType },
      rulerConfig: {
        storage: { type: "local", local: { directory: RULES_DIR } },
        enable_api: true,
        ...(props.alertmanagerUrl ? { alertmanager_url: props.alertmanagerUrl } : {}),
        // More than one ruler shards the rule groups through the ring; without it every ruler evaluates every rule.
        ...(rulers > 1 ? { enable_sharding: true } : {}),
        ...(remoteWrite.length
          ? { remote_write: { enabled: true, clients: Object.fromEntries(remoteWrite.map((url, i) => [`prometheus-${i}`, { url }])) } }
          : {}),
      },
    },
    // Rules come from our own ConfigMap, mounted into whichever pod runs the ruler: the chart's ruler.directories
    // only renders in Distributed mode and would leave a Monolithic Loki without rules.
    // In Distributed mode the ruler keeps its write-ahead log (rulerConfig.wal.dir, /var/loki/ruler-wal: recording
    // rules' samples not yet remote-written) on a volume; the single binary's is on its own volume already.
    ruler: {
      enabled: true,
      ...(distributed
        ? {
            ...scaled(rulers),
            ...rulesMount,
            // The ruler's values have the flat form (the chart turns it into a "data" claim); `claims` is the
            // ingester's and compactor's.
            persistence,
            ...(ha ? { topologySpreadConstraints: [zoneSpread(podsOf("ruler"))] } : {}),
          }
        : {}),
    },
    // Rules come from the ConfigMap above; the chart's rules sidecar would only add a ClusterRole reading every
    // Secret and ConfigMap in the cluster.
    sidecar: { rules: { enabled: false } },
    // Loki never calls the API server (memberlist finds peers through DNS). Cloud identities do not need the token:
    // IRSA and Entra Workload ID project tokens of their own; GKE's metadata server needs none.
    serviceAccount: { annotations: props.serviceAccountAnnotations ?? {}, automountServiceAccountToken: false },
    // Every component's pod (the chart's default sets it true on each pod, over the service account's setting).
    defaults: { automountServiceAccountToken: false },
    singleBinary: distributed ? { replicas: 0 } : { replicas: 1, persistence, ...resources, ...rulesMount },
    // Simple-scalable targets are deprecated for Loki 4 and off in both modes.
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    ...(distributed
      ? {
          // The ingester takes a list of claims, not the flat persistence block of the other targets.
          ingester: {
            replicas: 3,
            // Three ingesters with replication factor 3 hold every stream each: spread over three zones (below), a
            // zone's loss leaves two copies and a write quorum. The chart's zone-aware replication (three StatefulSets
            // pinned to zones by node selectors the spec would have to name) adds nothing until ingesters outnumber
            // the replication factor.
            zoneAwareReplication: { enabled: false },
            persistence: { enabled: true, claims: [claim] },
            ...(ha
              ? {
                  topologySpreadConstraints: [
                    // The chart's default (spread over nodes), which a list given here replaces.
                    {
                      maxSkew: 1,
                      topologyKey: "kubernetes.io/hostname",
                      whenUnsatisfiable: "ScheduleAnyway",
                      labelSelector: { matchLabels: podsOf("ingester") },
                    },
                    zoneSpread(podsOf("ingester")),
                  ],
                }
              : {}),
            ...resources,
          },
          distributor: scaled(ha ? 3 : 2),
          querier: scaled(ha ? 3 : 2),
          queryFrontend: scaled(2),
          queryScheduler: scaled(2),
          indexGateway: scaled(2),
          // Like the ingester, the compactor's volume comes from `claims` (its flat size/storageClass are ignored).
          compactor: {
            replicas: 1,
            persistence: { enabled: true, claims: [claim] },
            ...resources,
          },
        }
      : {}),
    gateway: {
      enabled: true,
      replicas: ha ? 2 : 1,
      // The chart's nginx also proxies deletion, flush, config, ring and ruler-write endpoints to anyone who reaches
      // the gateway. Each location refuses every path but the push and read API (and "/" for the probes).
      nginxConfig: { locationSnippet: `if ($uri !~ "${LOKI_GATEWAY_PATHS}") { return 403; }` },
    },
    // Memcached caches only pay off with object storage; the chart's 8 GiB default leaves small clusters Pending.
    chunksCache: distributed ? { enabled: true, allocatedMemory: 2048 } : { enabled: false },
    resultsCache: distributed ? { enabled: true, allocatedMemory: 512 } : { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
    monitoring: { serviceMonitor: { enabled: true } },
  };
}

/** Loki from the grafana-community chart: Monolithic on a volume for small setups, Distributed on object storage. */
export class Loki extends Construct {
  readonly release: Release;
  /** Push and query URL (the gateway). */
  readonly url: string;
  /** Loki's push endpoint for agents. */
  readonly pushUrl: string;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id);
    const rules = lokiRulesConfigMaps(props.rules ?? {}).map(
      ({ name, data }, i) =>
        new (configMapModule().ConfigMapV1)(this, i === 0 ? "rules" : `rules-${i + 1}`, {
          metadata: { name, namespace: props.namespace, labels: { "app.kubernetes.io/part-of": "loki" } },
          data,
          dependsOn: props.dependsOn,
        }),
    );
    this.release = chartRelease(this, "release", {
      chart: CHARTS.loki,
      name: props.releaseName ?? "loki",
      namespace: props.namespace,
      values: [lokiValues(props)],
      timeoutSeconds: 900,
      dependsOn: [...(props.dependsOn ?? []), ...rules],
    });
    this.url = lokiGatewayUrl(props.namespace);
    this.pushUrl = `${this.url}/loki/api/v1/push`;
  }
}
