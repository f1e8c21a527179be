import type { ITerraformDependable } from "cdktf";
import type { JaegerStorage } from "../../modules/jaeger";
import type { GrafanaDataSource, RemoteWriteTarget } from "../../modules/kube-prometheus";
import type { ClusterAccess } from "../../modules/kubernetes-providers";
import type { LokiObjectStorage } from "../../modules/loki";
import type { EnvironmentSpec, KubernetesSpec, TraceStorageSpec } from "../../src/spec";
import type { CloudSpec } from "../../src/spec/clouds";

/** A Kubernetes service account, the unit cloud identities are granted to. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** Something a workload gets from the cloud, plus the service-account annotations that let it authenticate. */
export interface WithIdentity<T> {
  readonly value: T;
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /** Labels the pods need for the identity (Entra Workload ID's `azure.workload.identity/use`). @default {} */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * The identity's role, bindings and grants: the workload's release depends on them, or its pods start before they
   * may use the cloud (Terraform cannot infer that ordering from an annotation). @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * What a cloud contributes to the in-cluster stack. The Kubernetes composition asks for capabilities in cloud-neutral
 * terms (object storage for logs, a managed Prometheus, a trace store); each cloud answers with its own resources
 * (on AWS: S3 + IRSA, Amazon Managed Service for Prometheus, Amazon OpenSearch Service; on Google Cloud: GCS + GKE
 * Workload Identity, Cloud Monitoring for Grafana; on Azure: Blob storage + Entra Workload ID, Azure Monitor for Grafana).
 */
export interface KubernetesCloudCapabilities {
  /** How Terraform reaches a cluster this cloud manages (e.g. the "eks" connection); undefined when it does not manage it. */
  clusterAccess(): ClusterAccess | undefined;
  /**
   * A bucket for Loki's chunks and indexes, writable by `serviceAccount`, where objects under `expiry.prefix` expire
   * after `expiry.days` (a backstop behind Loki's own retention; the rest of the bucket is Loki's to delete).
   */
  logObjectStorage(request: {
    readonly serviceAccount: ServiceAccountRef;
    readonly expiry: { readonly prefix: string; readonly days: number };
  }): WithIdentity<LokiObjectStorage>;
  /** A managed Prometheus workspace that `serviceAccount` may remote-write to. */
  managedPrometheus(request: { readonly serviceAccount: ServiceAccountRef }): WithIdentity<RemoteWriteTarget>;
  /** A trace store the cloud creates for a cloud-specific storage spec (e.g. "aws-opensearch"). */
  traceStore(storage: TraceStorageSpec): JaegerStorage | undefined;
  /**
   * An identity that lets Alertmanager's `serviceAccount` send SMS through the cloud's notification service (Amazon
   * SNS). @default - not offered: SMS channels then need another route
   */
  smsDelivery?(request: { readonly serviceAccount: ServiceAccountRef }): WithIdentity<null> | undefined;
  /** Data sources for the cloud's own metrics and logs, readable by Grafana's `serviceAccount`. */
  grafanaDataSources(request: {
    readonly serviceAccount: ServiceAccountRef;
  }):
    | (WithIdentity<readonly GrafanaDataSource[]> & { readonly grafanaIni?: Readonly<Record<string, Readonly<Record<string, unknown>>>> })
    | undefined;
}

export interface KubernetesCloudContext<C extends CloudSpec> {
  readonly spec: EnvironmentSpec;
  readonly cloud: C;
  readonly kubernetes: KubernetesSpec;
}
