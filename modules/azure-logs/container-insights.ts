import type { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const monitorDataCollectionRuleModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/monitor-data-collection-rule") as typeof import("@cdktf/provider-azurerm/lib/monitor-data-collection-rule"),
  );
const monitorDataCollectionRuleAssociationModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association") as typeof import("@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association"),
  );

export interface AzureContainerInsightsProps {
  /** Name of the data collection rule. */
  readonly name: string;
  readonly resourceGroupName: string;
  /** Region of the rule: the workspace's. */
  readonly location: string;
  /** Log Analytics workspace the container data goes to. */
  readonly workspaceId: string;
  /** Resource id of the AKS cluster (`/subscriptions/…/managedClusters/<name>`). */
  readonly clusterId: string;
  /** Container Insights streams, e.g. ["Microsoft-ContainerLogV2"]. */
  readonly streams: readonly string[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Container Insights' data collection for an AKS cluster: a data collection rule with the `ContainerInsights`
 * extension sending the given streams to the workspace, associated with the cluster (as `ContainerInsightsExtension`,
 * the name Microsoft's onboarding uses). The agent (ama-logs) is part of the cluster: its monitoring add-on must be on
 * with managed-identity auth (`oms_agent { msi_auth_for_monitoring_enabled = true }` where the cluster is defined).
 */
export class AzureContainerInsights extends Construct {
  readonly rule: MonitorDataCollectionRule;
  /** The rule and its association with the cluster: what must exist before anything relies on the tables they fill. */
  readonly collection: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AzureContainerInsightsProps) {
    super(scope, id);
    if (props.streams.length === 0) throw new Error("'streams' must name at least one Container Insights stream");
    const streams = [...props.streams];
    this.rule = new (monitorDataCollectionRuleModule().MonitorDataCollectionRule)(this, "rule", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      description: "Container Insights of the cluster into the monitoring workspace. Managed by cdktf-monitoring-stack.",
      dataSources: {
        extension: [
          {
            name: "container-insights",
            extensionName: "ContainerInsights",
            streams,
            extensionJson: JSON.stringify({
              dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true },
            }),
          },
        ],
      },
      destinations: { logAnalytics: [{ name: "workspace", workspaceResourceId: props.workspaceId }] },
      dataFlow: [{ streams, destinations: ["workspace"] }],
      tags: props.tags ? { ...props.tags } : undefined,
    });
    const association = new (monitorDataCollectionRuleAssociationModule().MonitorDataCollectionRuleAssociation)(this, "cluster", {
      name: "ContainerInsightsExtension",
      targetResourceId: props.clusterId,
      dataCollectionRuleId: this.rule.id,
      description: "Container Insights data collection of the monitoring stack",
    });
    this.collection = [this.rule, association];
  }
}
