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
import { ANOMALY_DETECTION } from "../../catalog/prometheus/anomaly-detection";
import { runbookUrl } from "../../catalog/runbooks/url";
import { PLATFORM_OWNER } from "../../model/owner";
import type { Severity } from "../../spec/primitives";
import { type PlanContext, planPreset, type WatchedResource } from "../alarm-plan";
import type { AlarmSource, CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";
import { MAX_ALARMS_PER_COMPOSITE_RULE, MAX_COMPOSITE_RULE_LENGTH } from "./limits";
import { alarmName } from "./naming";

/** What alarm rendering needs from the environment; plain data, so rendering stays a pure function. */
export interface AlarmRenderContext extends PlanContext {
  /**
   * Alarm and OK actions of a severity for an owning service ("platform" for resources without one): the severity's
   * SNS topic, plus the service's on-call topic when the environment has PagerDuty on-call.
   */
  readonly actions: (severity: Severity, service: string) => readonly string[];
}

/** The alarm source of a catalog source, with the preset's period on every metric. */
function alarmSource(source: CloudWatchSource, periodSeconds: number): AlarmSource {
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
      condition: plan.condition,
    },
  }));
}

/**
 * Anomaly-detection alarms for the resources whose spec entry sets `anomalyDetection`: per preset, the band alarm
 * and a traffic-floor alarm, both without actions; `renderAnomalyComposites` pages when both are in ALARM.
 *
 * CloudWatch's ANOMALY_DETECTION_BAND has no floor, and an alarm on a band compares one series with it (it cannot
 * also require a threshold), so the floor is a second alarm and the AND a composite, as the in-cluster detector's
 * `and … >= floor` (same floors, from `ANOMALY_DETECTION`):
 * - traffic (surge or drop): the request count reached the traffic floor in at least one period of the last
 *   `dropRecentWindow` (busy now for a surge, busy a moment ago for a drop, which itself falls under the floor);
 * - latency: at least `latencyMinRequests` in each period the band alarm evaluates (a p99 over a few requests is noise).
 */
export function renderAnomalyAlarms<R extends WatchedResource & { readonly anomalyDetection?: boolean }>(
  ctx: AlarmRenderContext,
  catalog: AwsServiceCatalog<R>,
  resources: readonly R[],
): MetricAlarmDefinition[] {
  return resources
    .filter((r) => r.anomalyDetection)
    .flatMap((resource) => catalog.anomalies.flatMap((preset) => renderAnomaly(ctx, catalog.service, preset, resource)));
}

/** The traffic floor of an anomaly preset, in requests per period, and the periods it looks at. */
function anomalyFloor(preset: Pick<CloudWatchAnomalyPreset<unknown>, "band" | "periodSeconds">): {
  readonly perPeriod: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
} {
  const A = ANOMALY_DETECTION;
  if (preset.band === "both") {
    const periods = Math.max(1, Math.ceil(A.dropRecentWindow.toSeconds() / preset.periodSeconds));
    return { perPeriod: A.trafficFloor * preset.periodSeconds, evaluationPeriods: periods, datapointsToAlarm: 1 };
  }
  return {
    perPeriod: A.latencyMinRequests * preset.periodSeconds,
    evaluationPeriods: ANOMALY_EVALUATION_PERIODS,
    datapointsToAlarm: ANOMALY_EVALUATION_PERIODS,
  };
}

function renderAnomaly<R extends WatchedResource>(
  ctx: AlarmRenderContext,
  service: string,
  preset: CloudWatchAnomalyPreset<R>,
  resource: R,
): MetricAlarmDefinition[] {
  const slug = cloudWatchRunbookSlug(service, preset.id);
  const owner = resource.service ?? PLATFORM_OWNER;
  const severity: Severity = "warning";
  const minutes = (ANOMALY_EVALUATION_PERIODS * preset.periodSeconds) / 60;
  const name = (signal: string) => alarmName({ env: ctx.env, service: resource.service, resource: resource.name, signal, severity });
  const composite = anomalyCompositeName(name(preset.id));
  const meta = { service: owner, resource: resource.name, preset: preset.id, severity, runbookSlug: slug } as const;
  const floor = anomalyFloor(preset);
  const floorMinutes = (floor.evaluationPeriods * preset.periodSeconds) / 60;
  const perSecond = floor.perPeriod / preset.periodSeconds;
  const url = runbookUrl(ctx.runbookBaseUrl, slug);
  const bandCondition = `${preset.intent.title} (band of ${ANOMALY_BAND_STANDARD_DEVIATIONS} standard deviations) for ${minutes}m on ${resource.name} (${owner}, ${severity}); notifies through ${composite} while traffic is above its floor.`;
  const floorCondition = `Traffic floor of ${name(preset.id)}: at least ${perSecond} request/s (${floor.perPeriod} per ${preset.periodSeconds} s) in ${floor.datapointsToAlarm === 1 ? "one period" : "every period"} of the last ${floorMinutes}m on ${resource.name}; notifies through ${composite}.`;
  return [
    {
      name: name(preset.id),
      description: `${bandCondition} Runbook: ${url}`,
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
      alarmActions: [],
      okActions: [],
      meta: { ...meta, symptom: preset.intent.symptom, anomaly: "band", condition: bandCondition },
    },
    {
      name: name(`${preset.id}Floor`),
      description: `${floorCondition} Runbook: ${url}`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: floor.perPeriod,
      evaluationPeriods: floor.evaluationPeriods,
      datapointsToAlarm: floor.datapointsToAlarm,
      // No datapoint is no request: below the floor.
      treatMissingData: "notBreaching",
      source: { kind: "metric", metric: preset.requests(resource), periodSeconds: preset.periodSeconds },
      alarmActions: [],
      okActions: [],
      meta: { ...meta, anomaly: "floor", condition: floorCondition },
    },
  ];
}

/** Name of the composite that pages for an anomaly band alarm: the band's name with `AboveFloor` after the signal. */
function anomalyCompositeName(bandName: string): string {
  return bandName.replace(/-warning$/, "AboveFloor-warning");
}

/**
 * One composite per anomaly band alarm: ALARM when the band alarm and its floor alarm both are, with the actions of
 * the owning service's warning tier.
 */
export function renderAnomalyComposites(ctx: AlarmRenderContext, alarms: readonly MetricAlarmDefinition[]): CompositeAlarmDefinition[] {
  const floors = new Map(
    alarms.filter((a) => a.meta?.anomaly === "floor").map((a) => [`${a.meta?.resource}/${a.meta?.preset}/${a.meta?.service}`, a]),
  );
  return alarms.flatMap((band) => {
    const meta = band.meta;
    if (meta?.anomaly !== "band") return [];
    const floor = floors.get(`${meta.resource}/${meta.preset}/${meta.service}`);
    if (!floor) throw new Error(`anomaly alarm "${band.name}" has no floor alarm`);
    return [
      {
        name: anomalyCompositeName(band.name),
        description: `${band.name} while ${floor.name} (anomaly band left with enough traffic; ${meta.service}, ${meta.severity}). Runbook: ${runbookUrl(ctx.runbookBaseUrl, meta.runbookSlug)}`,
        rule: `ALARM("${band.name}") AND ALARM("${floor.name}")`,
        alarmNames: [band.name, floor.name],
        alarmActions: ctx.actions(meta.severity, meta.service),
        okActions: ctx.actions(meta.severity, meta.service),
      },
    ];
  });
}

/** Runbook slug of the per-service composite alarm. */
const COMPOSITE_RUNBOOK_SLUG = cloudWatchRunbookSlug("composite", "errorsWithLatency");

const alarmTerm = (name: string) => `ALARM("${name}")`;
const anyOf = (names: readonly string[]) => `(${names.map(alarmTerm).join(" OR ")})`;

/**
 * Splits names into consecutive chunks whose `(ALARM("a") OR …)` expression stays within `maxLength` characters and
 * `maxAlarms` names.
 */
function chunkForRule(names: readonly string[], maxAlarms: number, maxLength: number): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let length = 2;
  for (const name of names) {
    const term = alarmTerm(name).length + (chunk.length > 0 ? 4 : 0);
    if (chunk.length > 0 && (chunk.length >= maxAlarms || length + term > maxLength)) {
      chunks.push(chunk);
      chunk = [];
      length = 2;
    }
    chunk.push(name);
    length += alarmTerm(name).length + (chunk.length > 1 ? 4 : 0);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Names whose "any of" fits in `maxAlarms` names and `maxLength` characters: when the names do not fit, each chunk
 * becomes a part composite (ALARM when any of its alarms is, no actions of its own) and the part names replace them,
 * level after level (so any number of alarms fits).
 */
function anyOfWithin(
  names: readonly string[],
  maxAlarms: number,
  maxLength: number,
  partName: (level: number, index: number) => string,
  partDescription: string,
  parts: CompositeAlarmDefinition[],
): string[] {
  let current = [...names];
  for (let level = 1; ; level++) {
    const chunks = chunkForRule(current, maxAlarms, maxLength);
    if (chunks.length === 1) return current;
    current = chunks.map((chunk, index) => {
      const name = partName(level, index + 1);
      parts.push({
        name,
        description: `${partDescription} (part ${index + 1} of ${chunks.length}, level ${level}); notifies through its parent composite`,
        rule: anyOf(chunk),
        alarmNames: chunk,
        alarmActions: [],
        okActions: [],
      });
      return name;
    });
  }
}

/**
 * Composite alarms, one per service that has both an errors and a latency symptom: critical when any of its
 * warning-tier error alarms AND any of its warning-tier latency alarms are in ALARM together. The symptoms alone
 * only notify the warning channels; the combination pages.
 *
 * A service with more alarms than one rule may name (100 alarms, 10,240 characters) gets part composites, one per
 * chunk of a symptom's alarms, under the service composite, which keeps its name and actions: alerts reach the same
 * channels at any size. Part composites come before the composites that name them.
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
    const severity: Severity = "critical";
    const name = alarmName({ env: ctx.env, service, resource: "composite", signal: "errorsWithLatency", severity });
    const parts: CompositeAlarmDefinition[] = [];
    // Each symptom gets half of the service rule's budget (" AND " and the parentheses aside).
    const half = (n: number) => Math.floor(n / 2);
    const side = (symptom: Symptom, names: string[]) =>
      anyOfWithin(
        names,
        half(MAX_ALARMS_PER_COMPOSITE_RULE),
        half(MAX_COMPOSITE_RULE_LENGTH - 5),
        (level, index) => alarmName({ env: ctx.env, service, resource: "composite", signal: `${symptom}-part${level}-${index}`, severity }),
        `${service}: any ${symptom} alarm`,
        parts,
      );
    const whole = `${anyOf(errors)} AND ${anyOf(latency)}`;
    const fits = errors.length + latency.length <= MAX_ALARMS_PER_COMPOSITE_RULE && whole.length <= MAX_COMPOSITE_RULE_LENGTH;
    const errorTerms = fits ? errors : side("errors", errors);
    const latencyTerms = fits ? latency : side("latency", latency);
    composites.push(...parts, {
      name,
      description: `${service}: errors and latency above their warning tiers at the same time (${severity}). Runbook: ${runbookUrl(ctx.runbookBaseUrl, COMPOSITE_RUNBOOK_SLUG)}`,
      rule: `${anyOf(errorTerms)} AND ${anyOf(latencyTerms)}`,
      alarmNames: [...errorTerms, ...latencyTerms],
      alarmActions: ctx.actions(severity, service),
      okActions: ctx.actions(severity, service),
      meta: { service, severity, runbookSlug: COMPOSITE_RUNBOOK_SLUG },
    });
  }
  return composites;
}
