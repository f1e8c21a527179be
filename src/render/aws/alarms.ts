import type { Symptom } from "../../catalog/alarm-intents";
import {
  ANOMALY_BAND_STANDARD_DEVIATIONS,
  ANOMALY_EVALUATION_PERIODS,
  type AwsServiceCatalog,
  type CloudWatchAnomalyPreset,
  type CloudWatchPreset,
  type CloudWatchSource,
  cloudWatchRunbookSlug,
} from "../../catalog/cloudwatch";
import { runbookUrl } from "../../catalog/runbooks/url";
import type { Severity } from "../../spec/primitives";
import { type PlanContext, planPreset, type WatchedResource } from "../alarm-plan";
import type { AlarmSource, CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";
import { alarmName, DEFAULT_SERVICE } from "./naming";

/** What alarm rendering needs from the environment; plain data, so rendering stays a pure function. */
export interface AlarmRenderContext extends PlanContext {
  /**
   * Alarm and OK actions of a severity for an owning service ("platform" for resources without one): the severity's
   * SNS topic, plus the service's on-call topic when the environment has PagerDuty on-call.
   */
  readonly actions: (severity: Severity, service: string) => readonly string[];
}

export { resolvePresetThreshold, tiers, type WatchedResource } from "../alarm-plan";

/** The alarm source of a catalog source, with the preset's period on every metric. */
export function alarmSource(source: CloudWatchSource, periodSeconds: number): AlarmSource {
  switch (source.kind) {
    case "metric":
      return { kind: "metric", metric: source.metric, periodSeconds };
    case "math":
      return {
        kind: "queries",
        queries: [
          ...Object.entries(source.metrics).map(([id, metric]) => ({ id, metric: { ...metric, periodSeconds }, returnData: false })),
          { id: "e1", expression: source.expression, label: source.label, returnData: true },
        ],
      };
    case "insights":
      return { kind: "queries", queries: [{ id: "q1", expression: source.query, label: source.label, returnData: true, periodSeconds }] };
  }
}

/** Fixed-threshold alarms (warning and critical tiers) of one catalog service on its resources. */
export function renderPresetAlarms<R extends WatchedResource>(
  ctx: AlarmRenderContext,
  catalog: AwsServiceCatalog<R>,
  resources: readonly R[],
): MetricAlarmDefinition[] {
  const alarms: MetricAlarmDefinition[] = [];
  for (const resource of resources) {
    for (const preset of catalog.presets) {
      if (preset.appliesTo && !preset.appliesTo(resource)) continue;
      alarms.push(...renderPreset(ctx, catalog.service, preset, resource));
    }
  }
  return alarms;
}

function renderPreset<R extends WatchedResource>(
  ctx: AlarmRenderContext,
  service: string,
  preset: CloudWatchPreset<R>,
  resource: R,
): MetricAlarmDefinition[] {
  const plans = planPreset(ctx, preset, resource, cloudWatchRunbookSlug(service, preset.id), alarmName);
  if (plans.length === 0) return [];
  const evaluationPeriods = Math.max(1, Math.ceil(plans[0].for.toSeconds() / preset.periodSeconds));
  const source = alarmSource(preset.source(resource), preset.periodSeconds);
  return plans.map((plan) => ({
    name: plan.name,
    description: plan.description,
    comparisonOperator: plan.direction === "above" ? "GreaterThanThreshold" : "LessThanThreshold",
    threshold: plan.threshold,
    evaluationPeriods,
    datapointsToAlarm: evaluationPeriods,
    treatMissingData: preset.treatMissingData,
    source,
    alarmActions: ctx.actions(plan.severity, plan.service),
    okActions: ctx.actions(plan.severity, plan.service),
    meta: {
      service: plan.service,
      resource: plan.resource,
      preset: plan.preset,
      severity: plan.severity,
      symptom: plan.symptom,
      runbookSlug: plan.runbookSlug,
    },
  }));
}

/** Anomaly-detection alarms (warning tier) for the resources whose spec entry sets `anomalyDetection`. */
export function renderAnomalyAlarms<R extends WatchedResource & { readonly anomalyDetection?: boolean }>(
  ctx: AlarmRenderContext,
  catalog: AwsServiceCatalog<R>,
  resources: readonly R[],
): MetricAlarmDefinition[] {
  return resources
    .filter((r) => r.anomalyDetection)
    .flatMap((resource) => catalog.anomalies.map((preset) => renderAnomaly(ctx, catalog.service, preset, resource)));
}

function renderAnomaly<R extends WatchedResource>(
  ctx: AlarmRenderContext,
  service: string,
  preset: CloudWatchAnomalyPreset<R>,
  resource: R,
): MetricAlarmDefinition {
  const slug = cloudWatchRunbookSlug(service, preset.id);
  const owner = resource.service ?? DEFAULT_SERVICE;
  const severity: Severity = "warning";
  const minutes = (ANOMALY_EVALUATION_PERIODS * preset.periodSeconds) / 60;
  return {
    name: alarmName({ env: ctx.env, service: resource.service, resource: resource.name, signal: preset.id, severity }),
    description: `${preset.intent.title} (band of ${ANOMALY_BAND_STANDARD_DEVIATIONS} standard deviations) for ${minutes}m on ${resource.name} (${owner}, ${severity}). Runbook: ${runbookUrl(ctx.runbookBaseUrl, slug)}`,
    comparisonOperator: preset.band === "both" ? "LessThanLowerOrGreaterThanUpperThreshold" : "GreaterThanUpperThreshold",
    thresholdMetricId: "ad1",
    evaluationPeriods: ANOMALY_EVALUATION_PERIODS,
    datapointsToAlarm: ANOMALY_EVALUATION_PERIODS,
    // A quiet period without traffic publishes nothing: it neither alarms nor clears.
    treatMissingData: "missing",
    source: {
      kind: "queries",
      queries: [
        { id: "m1", metric: { ...preset.metric(resource), periodSeconds: preset.periodSeconds }, returnData: true },
        {
          id: "ad1",
          expression: `ANOMALY_DETECTION_BAND(m1, ${ANOMALY_BAND_STANDARD_DEVIATIONS})`,
          label: `${preset.intent.title} (expected band)`,
          returnData: true,
        },
      ],
    },
    alarmActions: ctx.actions(severity, owner),
    okActions: ctx.actions(severity, owner),
    meta: {
      service: owner,
      resource: resource.name,
      preset: preset.id,
      severity,
      symptom: preset.intent.symptom,
      runbookSlug: slug,
      anomaly: true,
    },
  };
}

/** Runbook slug of the per-service composite alarm. */
export const COMPOSITE_RUNBOOK_SLUG = cloudWatchRunbookSlug("composite", "errorsWithLatency");

/**
 * Composite alarms, one per service that has both an errors and a latency symptom: critical when any of its
 * warning-tier error alarms AND any of its warning-tier latency alarms are in ALARM together. The symptoms alone
 * only notify the warning channels; the combination pages.
 */
export function renderCompositeAlarms(ctx: AlarmRenderContext, alarms: readonly MetricAlarmDefinition[]): CompositeAlarmDefinition[] {
  const byService = new Map<string, Record<Symptom, string[]>>();
  for (const alarm of alarms) {
    const meta = alarm.meta;
    if (!meta?.symptom || meta.anomaly || meta.severity !== "warning") continue;
    const entry = byService.get(meta.service) ?? { errors: [], latency: [] };
    entry[meta.symptom].push(alarm.name);
    byService.set(meta.service, entry);
  }
  const composites: CompositeAlarmDefinition[] = [];
  for (const [service, { errors, latency }] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    if (errors.length === 0 || latency.length === 0) continue;
    const any = (names: string[]) => `(${names.map((n) => `ALARM("${n}")`).join(" OR ")})`;
    const severity: Severity = "critical";
    composites.push({
      name: alarmName({ env: ctx.env, service, resource: "composite", signal: "errorsWithLatency", severity }),
      description: `${service}: errors and latency above their warning tiers at the same time (${severity}). Runbook: ${runbookUrl(ctx.runbookBaseUrl, COMPOSITE_RUNBOOK_SLUG)}`,
      rule: `${any(errors)} AND ${any(latency)}`,
      alarmNames: [...errors, ...latency],
      alarmActions: ctx.actions(severity, service),
      okActions: ctx.actions(severity, service),
    });
  }
  return composites;
}
