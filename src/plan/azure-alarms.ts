import { AZURE_CATALOG, type AzureAnomalyPreset, type AzurePreset, azureRunbookSlug } from "../catalog/azure-monitor";
import { armId, resourceGroupId } from "../catalog/azure-monitor/arm";
import { DYNAMIC_WINDOW_MINUTES, logWindows, metricWindowMinutes } from "../catalog/azure-monitor/windows";
import type { RunbookFacts } from "../catalog/runbooks/types";
import { runbookUrl } from "../catalog/runbooks/url";
import { plainAlarmName } from "../model/naming";
import { PLATFORM_OWNER } from "../model/owner";
import type { AzureCloudSpec } from "../spec/clouds/azure";
import type { Severity } from "../spec/primitives";
import {
  type AlarmComparison,
  type AlarmEvaluation,
  type AlarmPlan,
  type CloudAlarm,
  type PlanContext,
  planPreset,
  presetAlarm,
  type WatchedResource,
} from "./cloud-alarm";

/** Each kind's resources as its presets receive them: the spec entry, plus its ARM id (built from spec names). */
export function azureWatchedResources(cloud: AzureCloudSpec) {
  const w = cloud.watch;
  const id = (resourceGroup: string, type: string, name: string) => armId(cloud.subscriptionId, resourceGroup, type, name);
  return {
    vms: w.vms.map((r) => ({ ...r, resourceGroupId: resourceGroupId(cloud.subscriptionId, r.resourceGroup) })),
    databases: w.databases.map((r) => ({
      ...r,
      resourceId: id(
        r.resourceGroup,
        r.engine === "postgres" ? "Microsoft.DBforPostgreSQL/flexibleServers" : "Microsoft.DBforMySQL/flexibleServers",
        r.serverName,
      ),
    })),
    applicationGateways: w.applicationGateways.map((r) => ({
      ...r,
      resourceId: id(r.resourceGroup, "Microsoft.Network/applicationGateways", r.gatewayName),
    })),
    functionApps: w.functionApps.map((r) => ({ ...r, resourceId: id(r.resourceGroup, "Microsoft.Web/sites", r.appName) })),
    serviceBusQueues: w.serviceBusQueues.map((r) => ({
      ...r,
      resourceId: id(r.resourceGroup, "Microsoft.ServiceBus/namespaces", r.namespace),
    })),
    logs: w.logs,
  };
}

/**
 * How Azure Monitor compares one tier of a preset: a log alert compares per window (counts are per minute in the
 * threshold model), a metric alert a window's Minimum or Maximum (counts: its Total); a preset on the complement of
 * its signal (available memory for memory used) compares 100 - value the other way.
 */
function azureComparison<R>(preset: AzurePreset<R>, resource: R, tier: AlarmPlan): Pick<CloudAlarm, "comparison" | "evaluation"> {
  const source = preset.source(resource);
  if (source.kind === "logQuery") {
    const { windowMinutes, periods } = logWindows(tier.for.toSeconds());
    const value = source.aggregation === "Count" ? tier.threshold * windowMinutes : tier.threshold;
    return {
      comparison: { kind: tier.direction, value },
      evaluation: { cloud: "azure", rule: "log", windowMinutes, failingPeriods: periods },
    };
  }
  const windowMinutes = metricWindowMinutes(tier.for.toSeconds());
  const above = (tier.direction === "above") !== (preset.complement ?? false);
  const threshold = preset.complement ? 100 - tier.threshold : tier.threshold;
  const comparison: AlarmComparison = {
    kind: above ? "above" : "below",
    value: source.kind === "count" ? threshold * windowMinutes : threshold,
  };
  const evaluation: AlarmEvaluation = { cloud: "azure", rule: "metric", windowMinutes };
  return { comparison, evaluation };
}

/** Dynamic thresholds: 4 of the last 4 five-minute periods outside the learnt band (medium sensitivity). */
function planDynamic<R extends WatchedResource>(
  ctx: PlanContext,
  key: string,
  service: string,
  anomaly: AzureAnomalyPreset<R>,
  resource: R,
  facts: RunbookFacts,
): CloudAlarm {
  const slug = azureRunbookSlug(service, anomaly.id);
  const owner = resource.service ?? PLATFORM_OWNER;
  const severity: Severity = "warning";
  const url = runbookUrl(ctx.runbookBaseUrl, slug);
  const condition = `${anomaly.intent.title} (dynamic threshold, medium sensitivity) for 20m on ${resource.name} (${owner}, ${severity}).`;
  return {
    name: plainAlarmName({ env: ctx.env, service: resource.service, resource: resource.name, signal: anomaly.id, severity }),
    severity,
    origin: "anomaly",
    kind: key,
    resource: resource.name,
    service: owner,
    preset: anomaly.id,
    symptom: anomaly.intent.symptom,
    condition,
    description: `${condition} Runbook: ${url}`,
    runbookSlug: slug,
    runbookUrl: url,
    runbookFacts: facts,
    comparison: { kind: "band", band: anomaly.band },
    evaluation: { cloud: "azure", rule: "dynamic", windowMinutes: DYNAMIC_WINDOW_MINUTES },
  };
}

interface PlannedAzureKind<R> {
  readonly service: string;
  readonly presets: readonly AzurePreset<R>[];
  readonly anomalies?: readonly AzureAnomalyPreset<R>[];
  readonly runbookFacts: (resource: never, cloud: never) => RunbookFacts;
}

/** Per resource: its presets' tiers, then its dynamic-threshold alerts when it sets `anomalyDetection`. */
function planKind<R extends WatchedResource & { readonly anomalyDetection?: boolean }>(
  ctx: PlanContext,
  key: string,
  kind: PlannedAzureKind<R>,
  resources: readonly R[],
  cloud: AzureCloudSpec,
): CloudAlarm[] {
  return resources.flatMap((resource) => {
    // az commands name the environment's subscription: a responder's default subscription may be another.
    const facts = { subscription: cloud.subscriptionId, ...kind.runbookFacts(resource as never, cloud as never) };
    return [
      ...kind.presets.flatMap((preset) =>
        planPreset(ctx, preset, resource, azureRunbookSlug(kind.service, preset.id)).map((tier) =>
          presetAlarm(tier, key, facts, azureComparison(preset, resource, tier)),
        ),
      ),
      ...(resource.anomalyDetection ? (kind.anomalies ?? []).map((a) => planDynamic(ctx, key, kind.service, a, resource, facts)) : []),
    ];
  });
}

/** Every Azure Monitor alert of an environment, in deployment order (per kind and resource). */
export function planAzureAlarms(ctx: PlanContext, cloud: AzureCloudSpec): CloudAlarm[] {
  const w = azureWatchedResources(cloud);
  const c = AZURE_CATALOG;
  return [
    ...planKind(ctx, "vms", c.vms, w.vms, cloud),
    ...planKind(ctx, "databases", c.databases, w.databases, cloud),
    ...planKind(ctx, "applicationGateways", c.applicationGateways, w.applicationGateways, cloud),
    ...planKind(ctx, "functionApps", c.functionApps, w.functionApps, cloud),
    ...planKind(ctx, "serviceBusQueues", c.serviceBusQueues, w.serviceBusQueues, cloud),
    ...planKind(ctx, "logs", c.logs, w.logs, cloud),
  ];
}
