import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { GcpObjectStorageBucket } from "../../modules/gcp-object-storage";
import { GcpWorkloadIdentity, GkeCluster } from "../../modules/gcp-workload-identity";
import type { GrafanaDataSource } from "../../modules/kube-prometheus";
import type { ClusterAccess } from "../../modules/kubernetes-providers";
import { fitName } from "../../src/render/fit-name";
import type { GcpCloudSpec } from "../../src/spec/clouds/gcp";
import type { KubernetesCloudCapabilities, KubernetesCloudContext } from "./kubernetes-capabilities";

/** Google Cloud Monitoring (and Cloud Logging) in Grafana, authenticated as the pod's Google service account. */
export function cloudMonitoringDataSource(project: string): GrafanaDataSource {
  return {
    name: "Google Cloud Monitoring",
    uid: "cloud-monitoring",
    type: "stackdriver",
    editable: false,
    // "gce" = Application Default Credentials from the metadata server, which GKE Workload Identity answers.
    jsonData: { authenticationType: "gce", defaultProject: project },
  };
}

/**
 * Google Cloud answers for the in-cluster stack: GKE access through `gke-gcloud-auth-plugin`, Google service accounts
 * bound to one Kubernetes service account each (GKE Workload Identity), GCS for Loki, Cloud Monitoring for Grafana.
 * Managed Prometheus and trace stores are not offered (the spec rejects them on GCP).
 */
export function gcpKubernetesCapabilities(scope: Construct, context: KubernetesCloudContext<GcpCloudSpec>): KubernetesCloudCapabilities {
  const { spec, cloud, kubernetes } = context;
  const connection = kubernetes.connection;
  let gke: GkeCluster | undefined;
  const cluster = (purpose: string): GkeCluster => {
    if (connection.type !== "gke") {
      throw new Error(
        `${purpose} on Google Cloud uses GKE Workload Identity, which needs a "gke" connection; environment "${spec.name}" connects through "${connection.type}"`,
      );
    }
    gke ??= new GkeCluster(scope, "gke", { project: cloud.project, clusterName: connection.clusterName, location: connection.location });
    return gke;
  };
  // Service account ids: 6-30 characters.
  const accountId = (suffix: string) => fitName(`${spec.name}-${suffix}`, 30);

  return {
    clusterAccess(): ClusterAccess | undefined {
      if (connection.type !== "gke") return undefined;
      const c = cluster("cluster access").cluster;
      return {
        type: "exec",
        host: `https://${c.endpoint}`,
        clusterCaCertificate: Fn.base64decode(c.masterAuth.get(0).clusterCaCertificate),
        // Short-lived tokens from the gcloud credentials of whoever runs Terraform; nothing in state.
        exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", args: [] },
      };
    },
    logObjectStorage({ serviceAccount, expiry }) {
      cluster("Loki on object storage");
      const bucket = new GcpObjectStorageBucket(scope, "loki-bucket", {
        project: cloud.project,
        name: fitName(`${cloud.project}-${spec.name}-loki`, 63),
        location: cloud.region,
        expirationDays: expiry.days,
        expirationPrefix: expiry.prefix,
        labels: cloud.labels,
      });
      const identity = new GcpWorkloadIdentity(scope, "loki-identity", {
        project: cloud.project,
        accountId: accountId("loki"),
        description: `Loki of ${spec.name} reads and writes its bucket`,
        serviceAccounts: [serviceAccount],
      });
      const access = bucket.grantReadWrite("loki-bucket-access", identity.member);
      return {
        value: { type: "gcs", bucket: bucket.bucket.name },
        serviceAccountAnnotations: identity.serviceAccountAnnotations,
        dependsOn: [...identity.grants, access],
      };
    },
    managedPrometheus() {
      throw new Error(
        `environment "${spec.name}": remote write to a managed Prometheus is not offered on Google Cloud (checked by the spec)`,
      );
    },
    traceStore() {
      return undefined;
    },
    grafanaDataSources({ serviceAccount }) {
      if (connection.type !== "gke") return undefined;
      cluster("Grafana's Cloud Monitoring data source");
      const identity = new GcpWorkloadIdentity(scope, "grafana-identity", {
        project: cloud.project,
        accountId: accountId("grafana"),
        description: `Grafana of ${spec.name} reads Cloud Monitoring and Cloud Logging`,
        serviceAccounts: [serviceAccount],
        projectRoles: ["roles/monitoring.viewer", "roles/logging.viewer"],
      });
      return {
        value: [cloudMonitoringDataSource(cloud.project)],
        serviceAccountAnnotations: identity.serviceAccountAnnotations,
        dependsOn: identity.grants,
      };
    },
  };
}
