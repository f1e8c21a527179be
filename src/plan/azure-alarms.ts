import {
  AZURE_WATCH_KINDS,
  type AzureAnomalyPreset,
  type AzureKindContext,
  type AzurePreset,
  type AzureWatchKindDefinition,
  type AzureWatchKindRegistry,
  azureRunbookSlug,
} from "../catalog/azure-monitor";
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

/** A watched resource as the presets of its kind receive it. */
export type AzureWatched = WatchedResource & { readonly anomalyDetection?: boolean };

/** Each kind of a registry with the resources its presets receive (`resource` of the kind applied to each spec entry). */
export function azureWatchedKinds(
  registry: AzureWatchKindRegistry,
  watch: AzureCloudSpec["watch"],
  context: AzureKindContext,
): Array<{
  readonly key: string;
  readonly kind: AzureWatchKindDefinition<never, AzureWatched>;
  readonly resources: readonly AzureWatched[];
}> {
  const listed = watch as unknown as Readonly<Record<string, readonly never[]>>;
  return Object.entries(registry).map(([key, kind]) => ({
    key,
    kind: kind as unknown as AzureWatchKindDefinition<never, AzureWatched>,
    resources: (listed[key] ?? []).map((entry) => kind.resource(entry, context) as AzureWatched),
  }));
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
      evaluation: { cloud: "azure", rule: "log", windowMinutes, failingPeriods: periods, query: source.query },
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

/** Per resource: its presets' tiers, then its dynamic-threshold alerts when it sets `anomalyDetection`. */
function planKind(
  ctx: PlanContext,
  key: string,
  kind: AzureWatchKindDefinition<never, AzureWatched>,
  resources: readonly AzureWatched[],
  context: AzureKindContext,
): CloudAlarm[] {
  return resources.flatMap((resource) => {
    // az commands name the environment's subscription: a responder's default subscription may be another.
    const facts = { subscription: context.subscriptionId, ...kind.runbookFacts(resource, context) };
    return [
      ...kind.presets.flatMap((preset) =>
        planPreset(ctx, preset, resource, azureRunbookSlug(kind.service, preset.id)).map((tier) =>
          presetAlarm(tier, key, facts, azureComparison(preset, resource, tier)),
        ),
      ),
      ...(resource.anomalyDetection ? kind.anomalies.map((a) => planDynamic(ctx, key, kind.service, a, resource, facts)) : []),
    ];
  });
}

/**
 * Every Azure Monitor alert of an environment, in deployment order (per kind of `registry`, the bundled one unless a
 * test passes its own, and per resource).
 */
export function planAzureAlarms(
  ctx: PlanContext,
  cloud: AzureCloudSpec,
  registry: AzureWatchKindRegistry = AZURE_WATCH_KINDS,
): CloudAlarm[] {
  const context: AzureKindContext = { subscriptionId: cloud.subscriptionId };
  return azureWatchedKinds(registry, cloud.watch, context).flatMap(({ key, kind, resources }) =>
    planKind(ctx, key, kind, resources, context),
  );
}
