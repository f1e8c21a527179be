import { createHash } from "node:crypto";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { AzureObjectStorage } from "../../modules/azure-object-storage";
import { AksCluster, AzureWorkloadIdentity } from "../../modules/azure-workload-identity";
import type { GrafanaDataSource } from "../../modules/kube-prometheus";
import type { ClusterAccess } from "../../modules/kubernetes-providers";
import type { AzureCloudSpec } from "../../src/spec/clouds/azure";
import type { KubernetesCloudCapabilities, KubernetesCloudContext } from "./kubernetes-capabilities";

/** Application id of the AKS AAD server, the audience `kubelogin` requests tokens for (the same in every tenant). */
export const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Azure Monitor (metrics, logs, Resource Graph) in Grafana, authenticated through Entra Workload ID. */
export function azureMonitorDataSource(subscriptionId: string): GrafanaDataSource {
  return {
    name: "Azure Monitor",
    uid: "azure-monitor",
    type: "grafana-azure-monitor-datasource",
    editable: false,
    jsonData: { azureAuthType: "workloadidentity", subscriptionId },
  };
}

/** Default storage account name for Loki: "<env>mon" + a hash of subscription and environment (3-24 lower-case alphanumerics). */
export function defaultStorageAccountName(env: string, subscriptionId: string): string {
  const hash = createHash("sha256").update(`${subscriptionId}/${env}`).digest("hex");
  const base = `${env.replace(/[^a-z0-9]/g, "").slice(0, 11)}mon`;
  return `${base}${hash}`.slice(0, 24);
}

/**
 * Azure answers for the in-cluster stack: AKS access through `kubelogin` (Azure CLI login), user-assigned identities
 * federated with one Kubernetes service account each (Entra Workload ID; the cluster needs the OIDC issuer and the
 * workload identity add-on), Blob storage for Loki, Azure Monitor for Grafana. Managed Prometheus and trace stores are
 * not offered (the spec rejects them on Azure).
 */
export function azureKubernetesCapabilities(
  scope: Construct,
  context: KubernetesCloudContext<AzureCloudSpec>,
): KubernetesCloudCapabilities {
  const { spec, cloud, kubernetes } = context;
  const connection = kubernetes.connection;
  let aks: AksCluster | undefined;
  const cluster = (purpose: string): AksCluster => {
    if (connection.type !== "aks") {
      throw new Error(
        `${purpose} on Azure uses Entra Workload ID, which needs an "aks" connection; environment "${spec.name}" connects through "${connection.type}"`,
      );
    }
    aks ??= new AksCluster(scope, "aks", { clusterName: connection.clusterName, resourceGroupName: connection.resourceGroup });
    return aks;
  };
  const tags = { ...cloud.tags, "monitoring-environment": spec.name };

  return {
    clusterAccess(): ClusterAccess | undefined {
      if (connection.type !== "aks") return undefined;
      const config = cluster("cluster access").cluster.kubeConfig.get(0);
      return {
        type: "exec",
        host: config.host,
        clusterCaCertificate: Fn.base64decode(config.clusterCaCertificate),
        // Entra ID token from the Azure CLI login of whoever runs Terraform; no client key or token in the providers.
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "kubelogin",
          args: ["get-token", "--login", "azurecli", "--server-id", AKS_AAD_SERVER_ID],
        },
      };
    },
    logObjectStorage({ serviceAccount, expiry }) {
      const oidc = cluster("Loki on object storage").cluster.oidcIssuerUrl;
      const storage = new AzureObjectStorage(scope, "loki-storage", {
        accountName: cloud.storageAccountName ?? defaultStorageAccountName(spec.name, cloud.subscriptionId),
        containerName: "loki",
        resourceGroupName: cloud.resourceGroup,
        location: cloud.location,
        expirationDays: expiry.days,
        expirationPrefix: expiry.prefix,
        tags,
      });
      const identity = new AzureWorkloadIdentity(scope, "loki-identity", {
        name: `${spec.name}-monitoring-loki`,
        resourceGroupName: cloud.resourceGroup,
        location: cloud.location,
        oidcIssuerUrl: oidc,
        serviceAccounts: [serviceAccount],
        roles: [{ role: "Storage Blob Data Contributor", scope: storage.account.id }],
        tags,
      });
      return {
        value: { type: "azure", accountName: storage.account.name, container: storage.container.name },
        serviceAccountAnnotations: identity.serviceAccountAnnotations,
        podLabels: identity.podLabels,
        dependsOn: identity.grants,
      };
    },
    managedPrometheus() {
      throw new Error(`environment "${spec.name}": remote write to a managed Prometheus is not offered on Azure (checked by the spec)`);
    },
    traceStore() {
      return undefined;
    },
    grafanaDataSources({ serviceAccount }) {
      if (connection.type !== "aks") return undefined;
      const identity = new AzureWorkloadIdentity(scope, "grafana-identity", {
        name: `${spec.name}-monitoring-grafana`,
        resourceGroupName: cloud.resourceGroup,
        location: cloud.location,
        oidcIssuerUrl: cluster("Grafana's Azure Monitor data source").cluster.oidcIssuerUrl,
        serviceAccounts: [serviceAccount],
        roles: [{ role: "Monitoring Reader", scope: `/subscriptions/${cloud.subscriptionId}` }],
        tags,
      });
      return {
        value: [azureMonitorDataSource(cloud.subscriptionId)],
        serviceAccountAnnotations: identity.serviceAccountAnnotations,
        dependsOn: identity.grants,
        podLabels: identity.podLabels,
        grafanaIni: { azure: { workload_identity_enabled: true } },
      };
    },
  };
}
