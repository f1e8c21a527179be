import type { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import type { ResourceGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-group-policy-assignment";
import { Fn, TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { fitName } from "../../src/render/fit-name";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const dataAzurermPolicySetDefinitionModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/data-azurerm-policy-set-definition") as typeof import("@cdktf/provider-azurerm/lib/data-azurerm-policy-set-definition"),
  );
const monitorDataCollectionRuleModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/monitor-data-collection-rule") as typeof import("@cdktf/provider-azurerm/lib/monitor-data-collection-rule"),
  );
const resourceGroupPolicyAssignmentModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/resource-group-policy-assignment") as typeof import("@cdktf/provider-azurerm/lib/resource-group-policy-assignment"),
  );
const resourceGroupPolicyRemediationModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/resource-group-policy-remediation") as typeof import("@cdktf/provider-azurerm/lib/resource-group-policy-remediation"),
  );
const roleAssignmentModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () => require("@cdktf/provider-azurerm/lib/role-assignment") as typeof import("@cdktf/provider-azurerm/lib/role-assignment"),
  );

export interface AzureAgentProps {
  /** Name prefix of the rule and the assignments. */
  readonly namePrefix: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Log Analytics workspace receiving performance counters and syslog. */
  readonly workspaceId: string;
  /** ARM ids of the resource groups whose VMs and scale sets get the agent and the rule. */
  readonly resourceGroupIds: readonly string[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Built-in initiative that installs the Azure Monitor Agent on Linux VMs and scale sets and associates a data collection rule. */
export const AMA_LINUX_INITIATIVE = "Configure Linux machines to run Azure Monitor Agent and associate them to a Data Collection Rule";
/** Roles the initiative's DeployIfNotExists effects need on the assignment's identity. */
export const AMA_REMEDIATION_ROLES = ["Virtual Machine Contributor", "Log Analytics Contributor", "Monitoring Contributor"] as const;

/** Performance counters the agent collects (Linux), to the workspace's Perf table and to Azure Monitor Metrics. */
export const AMA_COUNTERS = [
  "Processor(*)\\% Processor Time",
  "Memory(*)\\% Used Memory",
  "Memory(*)\\% Available Memory",
  "Logical Disk(*)\\% Used Space",
  "Logical Disk(*)\\Free Megabytes",
  "Network(*)\\Total Bytes Transmitted",
  "Network(*)\\Total Bytes Received",
] as const;

/**
 * The Azure Monitor Agent on every Linux VM and scale set of the given resource groups: a data collection rule
 * (performance counters and syslog to the workspace, counters to Azure Monitor Metrics) and, per resource group, an
 * assignment of the built-in initiative that installs the agent and associates the rule on every machine, including
 * machines created later (DeployIfNotExists), with a remediation per member policy for the machines that exist today.
 */
export class AzureAgent extends Construct {
  readonly rule: MonitorDataCollectionRule;
  readonly assignments: readonly ResourceGroupPolicyAssignment[];

  constructor(scope: Construct, id: string, props: AzureAgentProps) {
    super(scope, id);
    const tags = props.tags ? { ...props.tags } : undefined;
    this.rule = new (monitorDataCollectionRuleModule().MonitorDataCollectionRule)(this, "rule", {
      name: `${props.namePrefix}-vm-agent`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kind: "Linux",
      description: "Performance counters and syslog of monitored VMs (managed by cdktf-monitoring-stack)",
      dataSources: {
        performanceCounter: [
          { name: "perf-logs", streams: ["Microsoft-Perf"], samplingFrequencyInSeconds: 60, counterSpecifiers: [...AMA_COUNTERS] },
          {
            name: "perf-metrics",
            streams: ["Microsoft-InsightsMetrics"],
            samplingFrequencyInSeconds: 60,
            counterSpecifiers: [...AMA_COUNTERS],
          },
        ],
        syslog: [
          {
            name: "syslog",
            streams: ["Microsoft-Syslog"],
            facilityNames: ["*"],
            logLevels: ["Warning", "Error", "Critical", "Alert", "Emergency"],
          },
        ],
      },
      destinations: {
        logAnalytics: [{ name: "workspace", workspaceResourceId: props.workspaceId }],
        azureMonitorMetrics: { name: "metrics" },
      },
      dataFlow: [
        { streams: ["Microsoft-Perf", "Microsoft-Syslog"], destinations: ["workspace"] },
        { streams: ["Microsoft-InsightsMetrics"], destinations: ["metrics"] },
      ],
      tags,
    });

    const initiative = new (dataAzurermPolicySetDefinitionModule().DataAzurermPolicySetDefinition)(this, "initiative", {
      displayName: AMA_LINUX_INITIATIVE,
    });
    this.assignments = props.resourceGroupIds.map((resourceGroupId, i) => {
      const assignment = new (resourceGroupPolicyAssignmentModule().ResourceGroupPolicyAssignment)(this, `assignment-${i}`, {
        name: fitName(`${props.namePrefix}-ama-${i}`, 64),
        displayName: `Azure Monitor Agent and data collection rule ${props.namePrefix}`,
        resourceGroupId,
        policyDefinitionId: initiative.id,
        location: props.location,
        identity: { type: "SystemAssigned" },
        parameters: Fn.jsonencode({ dcrResourceId: { value: this.rule.id } }),
      });
      const principalId = assignment.identity.principalId;
      const grants = AMA_REMEDIATION_ROLES.map(
        (role) =>
          new (roleAssignmentModule().RoleAssignment)(this, `assignment-${i}-${role.replace(/\W+/g, "-").toLowerCase()}`, {
            scope: resourceGroupId,
            roleDefinitionName: role,
            principalId,
            principalType: "ServicePrincipal",
          }),
      );
      // Machines that exist today: one remediation per member policy of the initiative. A remediation runs as the
      // assignment's identity, so it must start after its roles are granted (Terraform sees no reference between them).
      const members = TerraformIterator.fromComplexList(initiative.policyDefinitionReference, "reference_id");
      new (resourceGroupPolicyRemediationModule().ResourceGroupPolicyRemediation)(this, `remediation-${i}`, {
        forEach: members,
        name: `${props.namePrefix}-ama-${i}-${members.getString("reference_id")}`,
        resourceGroupId,
        policyAssignmentId: assignment.id,
        policyDefinitionReferenceId: members.getString("reference_id"),
        resourceDiscoveryMode: "ReEvaluateCompliance",
        dependsOn: grants,
      });
      return assignment;
    });
  }
}
