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
import type { SignalUnit } from "../../catalog/signals";
import { type ResolvedThreshold, resolveThreshold } from "../../catalog/thresholds";
import type { Severity } from "../../spec/primitives";
import type { ServiceSpec } from "../../spec/services";
import type { ThresholdOverrides } from "../../spec/thresholds";
import type { AlarmSource, CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";
import { alarmName, DEFAULT_SERVICE } from "./naming";

/** What alarm rendering needs from the environment; plain data, so rendering stays a pure function. */
export interface AlarmRenderContext {
  readonly env: string;
  readonly services: readonly ServiceSpec[];
  /** Environment-wide overrides (`thresholds`). */
  readonly thresholds: ThresholdOverrides;
  readonly runbookBaseUrl?: string;
  /** Alarm and OK actions of each severity (the SNS topic ARNs). */
  readonly actions: (severity: Severity) => readonly string[];
}

/** The fields every watched resource has (see src/spec/clouds/aws.ts). */
export interface WatchedResource {
  readonly name: string;
  readonly service?: string;
  readonly thresholds: ThresholdOverrides;
}

const UNIT_LABEL: Record<SignalUnit, string> = {
  percent: " %",
  milliseconds: " ms",
  seconds: " s",
  hours: " h",
  count: "",
  gibibytes: " GiB",
  mebibytes: " MiB",
};

/**
 * The service's latency objective as an override layer: "a service's SLO objective replaces the warning tier" of
 * latencyP99 (signals.ts). It sits above environment-wide overrides and below the service's own.
 */
function sloLayer(service: ServiceSpec | undefined, critical: number): ThresholdOverrides | undefined {
  const objective = service?.slo?.latencyP99Ms;
  return objective !== undefined && objective < critical ? ({ latencyP99: { warning: objective } } as ThresholdOverrides) : undefined;
}

/** Thresholds of one preset on one resource: catalog default, environment, SLO, service, resource. */
export function resolvePresetThreshold(
  signal: ResolvedThreshold["signal"],
  ctx: Pick<AlarmRenderContext, "thresholds" | "services">,
  resource: WatchedResource,
): ResolvedThreshold {
  const service = ctx.services.find((s) => s.name === resource.service);
  const base = resolveThreshold(signal, ctx.thresholds);
  return resolveThreshold(signal, ctx.thresholds, sloLayer(service, base.critical), service?.thresholds, resource.thresholds);
}

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

/** Warning and critical tiers of a resolved threshold; a warning tier beyond the critical one is dropped. */
export function tiers(threshold: ResolvedThreshold): Array<{ severity: Severity; value: number }> {
  const above = threshold.definition.direction === "above";
  const result: Array<{ severity: Severity; value: number }> = [];
  const w = threshold.warning;
  if (w !== undefined && (above ? w < threshold.critical : w > threshold.critical)) result.push({ severity: "warning", value: w });
  result.push({ severity: "critical", value: threshold.critical });
  return result;
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
  const threshold = resolvePresetThreshold(preset.intent.signal, ctx, resource);
  const { definition } = threshold;
  const evaluationPeriods = Math.max(1, Math.ceil(threshold.for.toSeconds() / preset.periodSeconds));
  const source = alarmSource(preset.source(resource), preset.periodSeconds);
  const slug = cloudWatchRunbookSlug(service, preset.id);
  const owner = resource.service ?? DEFAULT_SERVICE;
  return tiers(threshold).map(({ severity, value }) => {
    const converted = preset.convert ? preset.convert(value, resource) : value;
    const shown = `${value}${UNIT_LABEL[definition.unit]}${converted !== value ? ` (${converted} ${preset.metricUnit ?? ""})`.replace(" )", ")") : ""}`;
    return {
      name: alarmName({ env: ctx.env, service: resource.service, resource: resource.name, signal: preset.id, severity }),
      description: `${preset.intent.title} ${definition.direction} ${shown} for ${threshold.for} on ${resource.name} (${owner}, ${severity}). Runbook: ${runbookUrl(ctx.runbookBaseUrl, slug)}`,
      comparisonOperator: definition.direction === "above" ? "GreaterThanThreshold" : "LessThanThreshold",
      threshold: converted,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      treatMissingData: preset.treatMissingData,
      source,
      alarmActions: ctx.actions(severity),
      okActions: ctx.actions(severity),
      meta: { service: owner, resource: resource.name, preset: preset.id, severity, symptom: preset.intent.symptom, runbookSlug: slug },
    };
  });
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
    alarmActions: ctx.actions(severity),
    okActions: ctx.actions(severity),
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
      alarmActions: ctx.actions(severity),
      okActions: ctx.actions(severity),
    });
  }
  return composites;
}
