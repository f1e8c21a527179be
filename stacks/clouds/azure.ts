import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { AzureAgent } from "../../modules/azure-agent";
import { AzureAlerting } from "../../modules/azure-alerting";
import { AzureContainerInsights, AzureLogs } from "../../modules/azure-logs";
import { resourceGroupId } from "../../src/catalog/azure-monitor/arm-ids";
import { renderActionGroups, renderAzureMonitoring } from "../../src/render/azure/monitoring";
import type { AzureCloudSpec } from "../../src/spec/clouds/azure";
import { providerModule } from "../../src/util/provider-module";
import { azureKubernetesCapabilities } from "./azure-kubernetes";
import type { CloudBackend, CloudContext } from "./types";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const bindings = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () => require("@cdktf/provider-azurerm/lib/provider") as typeof import("@cdktf/provider-azurerm/lib/provider"),
  );

/**
 * Azure: provider, one action group per severity with the spec's channels as receivers (credentials by reference), a
 * Log Analytics workspace with the environment's retention, metric alerts per preset (dynamic thresholds for
 * anomalies), log search alerts, and the Azure Monitor Agent with a data collection rule on every VM of the watched
 * resource groups (Azure Policy). Rendering is in src/render/azure.
 */
export const azureBackend: CloudBackend<AzureCloudSpec> = {
  provider: "azure",
  // In-cluster stack: AKS access, Entra Workload ID, Blob storage for Loki, Azure Monitor for Grafana (azure-kubernetes.ts).
  kubernetes: azureKubernetesCapabilities,
  attach(scope: Construct, { spec, cloud, secrets }: CloudContext<AzureCloudSpec>): void {
    new (bindings().AzurermProvider)(scope, "azurerm", {
      features: [{}],
      subscriptionId: cloud.subscriptionId,
      // The stack's storage accounts disable shared keys: the provider must reach their data plane with Entra ID, or
      // reading the account back fails with "Key based authentication is not permitted".
      storageUseAzuread: true,
    });
    const tags = { ...cloud.tags, "monitoring-environment": spec.name, "managed-by": "cdktf-monitoring-stack" };
    const prefix = `${spec.name}-monitoring`;
    const artifacts = renderAzureMonitoring(spec, cloud);
    const logs = new AzureLogs(scope, "logs", {
      name: prefix,
      resourceGroupName: cloud.resourceGroup,
      location: cloud.location,
      retentionDays: artifacts.workspaceRetentionDays,
      tags,
    });
    const collection: ITerraformDependable[] = [];
    // Log alerts on Container Insights tables: the cluster's container data must reach this workspace (validate makes
    // sure such environments connect to AKS).
    const connection = spec.kubernetes?.connection;
    if (artifacts.containerInsightsStreams.length > 0 && connection?.type === "aks") {
      collection.push(
        ...new AzureContainerInsights(scope, "container-insights", {
          name: `${spec.name}-container-insights`, // at most 59 characters: a rule name takes 64
          resourceGroupName: cloud.resourceGroup,
          location: cloud.location,
          workspaceId: logs.workspace.id,
          clusterId: `/subscriptions/${cloud.subscriptionId}/resourceGroups/${connection.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${connection.clusterName}`,
          streams: artifacts.containerInsightsStreams,
          tags,
        }).collection,
      );
    }
    if (artifacts.agentResourceGroups.length > 0) {
      const agent = new AzureAgent(scope, "agent", {
        namePrefix: prefix,
        resourceGroupName: cloud.resourceGroup,
        location: cloud.location,
        workspaceId: logs.workspace.id,
        resourceGroupIds: artifacts.agentResourceGroups.map((rg) => resourceGroupId(cloud.subscriptionId, rg)),
        tags,
      });
      collection.push(agent.rule);
    }
    new AzureAlerting(scope, "alerting", {
      resourceGroupName: cloud.resourceGroup,
      location: cloud.location,
      actionGroups: renderActionGroups(spec.name, spec.channels, (ref, purpose) => secrets.expression(ref, purpose)),
      metricAlerts: artifacts.metricAlerts,
      logAlerts: artifacts.logAlerts,
      workspaceId: logs.workspace.id,
      // The tables the log alerts query come from these (Terraform cannot see that from the query text).
      logAlertsDependOn: collection,
      tags,
      namePrefix: prefix,
    });
  },
};
