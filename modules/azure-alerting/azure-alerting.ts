import type { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { AzureMetric } from "../../src/catalog/azure-monitor/types";
import type { Severity } from "../../src/model/severity";
import {
  AZURE_SEVERITY,
  type AzureActionGroupDefinition,
  type AzureLogAlertDefinition,
  type AzureMetricAlertDefinition,
} from "../../src/render/azure/monitoring";
import { fitName } from "../../src/render/fit-name";
import { providerModule } from "../../src/util/provider-module";
import { AzureSlackRelay } from "./slack-relay";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const monitorActionGroupModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () => require("@cdktf/provider-azurerm/lib/monitor-action-group") as typeof import("@cdktf/provider-azurerm/lib/monitor-action-group"),
  );
const monitorMetricAlertModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () => require("@cdktf/provider-azurerm/lib/monitor-metric-alert") as typeof import("@cdktf/provider-azurerm/lib/monitor-metric-alert"),
  );
const monitorScheduledQueryRulesAlertV2Module = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2") as typeof import("@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2"),
  );

export interface AzureAlertingProps {
  readonly resourceGroupName: string;
  /** Region of the log search alerts (metric alerts are global). */
  readonly location: string;
  readonly actionGroups: readonly AzureActionGroupDefinition[];
  /** @default [] */
  readonly metricAlerts?: readonly AzureMetricAlertDefinition[];
  /** @default [] */
  readonly logAlerts?: readonly AzureLogAlertDefinition[];
  /** Log Analytics workspace the log alerts query. Required with `logAlerts`. */
  readonly workspaceId?: string;
  /**
   * What sends the log alerts' tables to the workspace (data collection rules and their associations): the alerts are
   * created after it. @default []
   */
  readonly logAlertsDependOn?: readonly ITerraformDependable[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** Prefix of the Slack relay Logic Apps (`<prefix>-slack-<channel>`). @default "monitoring" */
  readonly namePrefix?: string;
}

const dimensions = (metric: AzureMetric) =>
  Object.entries(metric.dimensions ?? {}).map(([name, values]) => ({ name, operator: "Include", values: [...values] }));

/**
 * Azure Monitor action groups (one per severity: email, SMS and webhook receivers with the common alert schema, Slack
 * through a Logic App relay),
 * metric alerts (fixed thresholds on one resource or every resource of a type in a resource group, dynamic thresholds
 * for anomalies) and log search alerts (scheduled query rules v2 with failing periods), each acting on its
 * severity's group.
 */
export class AzureAlerting extends Construct {
  readonly actionGroups: Readonly<Partial<Record<Severity, MonitorActionGroup>>>;

  constructor(scope: Construct, id: string, props: AzureAlertingProps) {
    super(scope, id);
    const tags = props.tags ? { ...props.tags } : undefined;
    const groups: Partial<Record<Severity, MonitorActionGroup>> = {};
    const groupIds = new Map<Severity, string>();
    // One relay per Slack channel, shared by every severity's group that notifies it.
    const relays = new Map<string, AzureSlackRelay>();
    const relay = (name: string, webhookUrl: string) => {
      let found = relays.get(name);
      if (!found) {
        found = new AzureSlackRelay(this, `slack-${name}`, {
          name: fitName(`${props.namePrefix ?? "monitoring"}-slack-${name}`, 80),
          resourceGroupName: props.resourceGroupName,
          location: props.location,
          webhookUrl,
          tags,
        });
        relays.set(name, found);
      }
      return found;
    };
    for (const group of props.actionGroups) {
      if (group.shortName.length > 12) throw new Error(`action group short name "${group.shortName}" is longer than 12 characters`);
      const resource = new (monitorActionGroupModule().MonitorActionGroup)(this, `action-group-${group.severity}`, {
        name: group.name,
        resourceGroupName: props.resourceGroupName,
        shortName: group.shortName,
        location: "global",
        emailReceiver: group.emailReceivers.map((r) => ({ ...r, useCommonAlertSchema: true })),
        smsReceiver: group.smsReceivers.map((r) => ({ ...r })),
        webhookReceiver: group.webhookReceivers.map((r) => ({ ...r, useCommonAlertSchema: true })),
        // The relay reads the common alert schema's essentials.
        logicAppReceiver: group.slackReceivers.map((r) => {
          const slack = relay(r.name, r.webhookUrl);
          return { name: r.name, resourceId: slack.workflow.id, callbackUrl: slack.callbackUrl, useCommonAlertSchema: true };
        }),
        tags,
      });
      groups[group.severity] = resource;
      groupIds.set(group.severity, resource.id);
    }
    this.actionGroups = groups;
    const actionsOf = (severity: Severity) => {
      const groupId = groupIds.get(severity);
      return groupId ? [{ actionGroupId: groupId }] : [];
    };

    for (const alert of props.metricAlerts ?? []) {
      const scope = alert.scope;
      new (monitorMetricAlertModule().MonitorMetricAlert)(this, alert.name, {
        name: alert.name,
        resourceGroupName: props.resourceGroupName,
        description: alert.description,
        severity: AZURE_SEVERITY[alert.severity],
        scopes: [scope.kind === "resource" ? scope.resourceId : scope.resourceGroupId],
        targetResourceType: scope.kind === "resourceGroup" ? scope.targetResourceType : undefined,
        targetResourceLocation: scope.kind === "resourceGroup" ? props.location : undefined,
        frequency: alert.frequency,
        windowSize: alert.windowSize,
        autoMitigate: true,
        criteria: alert.criteria
          ? [
              {
                metricNamespace: alert.criteria.metric.namespace,
                metricName: alert.criteria.metric.name,
                aggregation: alert.criteria.aggregation,
                operator: alert.criteria.operator,
                threshold: alert.criteria.threshold,
                dimension: dimensions(alert.criteria.metric),
              },
            ]
          : undefined,
        dynamicCriteria: alert.dynamicCriteria
          ? {
              metricNamespace: alert.dynamicCriteria.metric.namespace,
              metricName: alert.dynamicCriteria.metric.name,
              aggregation: alert.dynamicCriteria.aggregation,
              operator: alert.dynamicCriteria.operator,
              alertSensitivity: alert.dynamicCriteria.alertSensitivity,
              evaluationTotalCount: alert.dynamicCriteria.evaluationTotalCount,
              evaluationFailureCount: alert.dynamicCriteria.evaluationFailureCount,
              dimension: dimensions(alert.dynamicCriteria.metric),
            }
          : undefined,
        action: actionsOf(alert.severity),
        tags,
      });
    }

    if ((props.logAlerts ?? []).length > 0 && !props.workspaceId) throw new Error("'workspaceId' is required with 'logAlerts'");
    for (const alert of props.logAlerts ?? []) {
      const groupId = groupIds.get(alert.severity);
      new (monitorScheduledQueryRulesAlertV2Module().MonitorScheduledQueryRulesAlertV2)(this, alert.name, {
        name: alert.name,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        description: alert.description,
        severity: AZURE_SEVERITY[alert.severity],
        scopes: [props.workspaceId as string],
        windowDuration: alert.windowDuration,
        evaluationFrequency: alert.evaluationFrequency,
        autoMitigationEnabled: true,
        criteria: [
          {
            query: alert.query,
            timeAggregationMethod: alert.timeAggregationMethod,
            metricMeasureColumn: alert.metricMeasureColumn,
            resourceIdColumn: alert.resourceIdColumn,
            operator: alert.operator,
            threshold: alert.threshold,
            failingPeriods: {
              minimumFailingPeriodsToTriggerAlert: alert.failingPeriods.minimum,
              numberOfEvaluationPeriods: alert.failingPeriods.of,
            },
          },
        ],
        action: groupId ? { actionGroups: [groupId] } : undefined,
        // Azure resolves a query's tables when the rule is created, and a table exists only once data has reached the
        // workspace: on a new workspace (Perf from the agents, ContainerLogV2 from Container Insights, both set up by
        // the same apply) creation would fail with "Failed to resolve table or column expression". The queries are
        // rendered from the catalog, not typed by hand.
        skipQueryValidation: true,
        dependsOn: props.logAlertsDependOn?.length ? [...props.logAlertsDependOn] : undefined,
        tags,
      });
    }
  }
}
