import { ANOMALY_BAND_STANDARD_DEVIATIONS, type CloudWatchSource } from "../../catalog/cloudwatch";
import { runbookUrl } from "../../catalog/runbooks/url";
import { type AwsPlannedKind, planAwsAnomalies, planAwsComposites, planAwsPresets } from "../../plan/aws-alarms";
import { type PlannedAnomalyComposite, type PlannedCompositeRule, planAwsCompositeRules } from "../../plan/aws-composites";
import type { CloudAlarm, PlanContext, WatchedResource } from "../../plan/cloud-alarm";
import type { Severity } from "../../spec/primitives";
import type { AlarmSource, ComparisonOperator, CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";

/** What alarm rendering needs from the environment; plain data, so rendering stays a pure function. */
export interface AlarmRenderContext extends PlanContext {
  /**
   * Alarm and OK actions of a severity for an owning service ("platform" for resources without one): the severity's
   * SNS topic, plus the service's on-call topic when the environment has PagerDuty on-call.
   */
  readonly actions: (severity: Severity, service: string) => readonly string[];
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

/** Fixed-threshold alarms (warning and critical tiers) of one catalog service on its resources, planned then translated. */
export function renderPresetAlarms<R extends WatchedResource>(
  ctx: AlarmRenderContext,
  catalog: AwsPlannedKind<R>,
  resources: readonly R[],
): MetricAlarmDefinition[] {
  const byName = new Map(resources.map((r) => [r.name, r]));
  return planAwsPresets(ctx, catalog.service, catalog, resources).map((alarm) =>
    metricAlarmDefinition(ctx, alarm, catalog, byName.get(alarm.resource) as R),
  );
}

/** Anomaly band and floor alarms of one catalog service on its resources that set `anomalyDetection`. */
export function renderAnomalyAlarms<R extends WatchedResource & { readonly anomalyDetection?: boolean }>(
  ctx: AlarmRenderContext,
  catalog: AwsPlannedKind<R>,
  resources: readonly R[],
): MetricAlarmDefinition[] {
  const byName = new Map(resources.map((r) => [r.name, r]));
  return planAwsAnomalies(ctx, catalog.service, catalog, resources).map((alarm) =>
    metricAlarmDefinition(ctx, alarm, catalog, byName.get(alarm.resource) as R),
  );
}

const OPERATORS: Record<"above" | "below" | "atLeast", ComparisonOperator> = {
  above: "GreaterThanThreshold",
  below: "LessThanThreshold",
  atLeast: "GreaterThanOrEqualToThreshold",
};

function awsEvaluation(alarm: CloudAlarm) {
  if (alarm.evaluation.cloud !== "aws") throw new Error(`alarm "${alarm.name}" is not planned for CloudWatch`);
  return alarm.evaluation;
}

/**
 * A planned preset or anomaly alarm as a CloudWatch metric alarm: the plan gives name, description, threshold and
 * evaluation; this adds what only CloudWatch has (metric or queries, missing-data treatment, SNS actions).
 */
export function metricAlarmDefinition<R>(
  ctx: AlarmRenderContext,
  alarm: CloudAlarm,
  kind: Pick<AwsPlannedKind<R>, "presets" | "anomalies">,
  resource: R,
): MetricAlarmDefinition {
  const { periodSeconds, evaluationPeriods, datapointsToAlarm } = awsEvaluation(alarm);
  const meta = {
    service: alarm.service,
    resource: alarm.resource,
    preset: alarm.preset,
    severity: alarm.severity,
    runbookSlug: alarm.runbookSlug,
  } as const;
  const common = { name: alarm.name, description: alarm.description, evaluationPeriods, datapointsToAlarm };
  const { comparison } = alarm;
  if (alarm.origin === "preset") {
    const preset = kind.presets.find((p) => p.id === alarm.preset);
    if (!preset || (comparison.kind !== "above" && comparison.kind !== "below"))
      throw new Error(`no CloudWatch preset for "${alarm.name}"`);
    // Written out, not spread: a spread object keeps its added members outside itself, in a larger store (#19).
    return {
      name: common.name,
      description: common.description,
      evaluationPeriods,
      datapointsToAlarm,
      comparisonOperator: OPERATORS[comparison.kind],
      threshold: comparison.value,
      treatMissingData: preset.treatMissingData,
      source: presetSource(preset, resource, periodSeconds),
      alarmActions: ctx.actions(alarm.severity, alarm.service),
      okActions: ctx.actions(alarm.severity, alarm.service),
      meta: {
        service: meta.service,
        resource: meta.resource,
        preset: meta.preset,
        severity: meta.severity,
        runbookSlug: meta.runbookSlug,
        symptom: alarm.symptom,
      },
    };
  }
  const preset = kind.anomalies.find((p) => p.id === alarm.preset);
  if (!preset) throw new Error(`no CloudWatch anomaly preset for "${alarm.name}"`);
  if (alarm.origin === "anomaly") {
    return {
      ...common,
      comparisonOperator: preset.band === "both" ? "LessThanLowerOrGreaterThanUpperThreshold" : "GreaterThanUpperThreshold",
      thresholdMetricId: "ad1",
      // A quiet period without traffic publishes nothing: it neither alarms nor clears.
      treatMissingData: "missing",
      source: {
        kind: "queries",
        queries: [
          { id: "m1", metric: { ...preset.metric(resource), periodSeconds }, returnData: true },
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
      meta: { ...meta, symptom: alarm.symptom, anomaly: "band" },
    };
  }
  if (comparison.kind !== "atLeast") throw new Error(`anomaly floor "${alarm.name}" has no floor`);
  return {
    ...common,
    comparisonOperator: OPERATORS.atLeast,
    threshold: comparison.value,
    // No datapoint is no request: below the floor.
    treatMissingData: "notBreaching",
    source: { kind: "metric", metric: preset.requests(resource), periodSeconds },
    alarmActions: [],
    okActions: [],
    meta: { ...meta, anomaly: "floor" },
  };
}

/** Alarm sources already made, by resource object and preset: the tiers of a preset share one (read-only data). */
const presetSources = new WeakMap<object, Map<object, { readonly periodSeconds: number; readonly source: AlarmSource }>>();

/**
 * The alarm source of a preset on a resource: made once for its tiers (warning and critical are two alarms of the
 * same source), which at 10,000 resources kept 76,000 copies of sources alive from validation to synth (#19).
 */
function presetSource<R>(preset: { readonly source: (resource: R) => CloudWatchSource }, resource: R, periodSeconds: number): AlarmSource {
  if (typeof resource !== "object" || resource === null) return alarmSource(preset.source(resource), periodSeconds);
  let byPreset = presetSources.get(resource);
  if (byPreset === undefined) {
    byPreset = new Map();
    presetSources.set(resource, byPreset);
  }
  const made = byPreset.get(preset);
  if (made?.periodSeconds === periodSeconds) return made.source;
  const source = alarmSource(preset.source(resource), periodSeconds);
  byPreset.set(preset, { periodSeconds, source });
  return source;
}

/**
 * One composite per anomaly band alarm: ALARM when the band alarm and its floor alarm both are, with the actions of
 * the owning service's warning tier.
 */
export function renderAnomalyComposites(ctx: AlarmRenderContext, planned: readonly PlannedAnomalyComposite[]): CompositeAlarmDefinition[] {
  return planned.map(({ name, band, floor }) => ({
    name,
    description: `${band.name} while ${floor.name} (anomaly band left with enough traffic; ${band.service}, ${band.severity}). Runbook: ${runbookUrl(ctx.runbookBaseUrl, band.runbookSlug)}`,
    rule: `ALARM("${band.name}") AND ALARM("${floor.name}")`,
    alarmNames: [band.name, floor.name],
    alarmActions: ctx.actions(band.severity, band.service),
    okActions: ctx.actions(band.severity, band.service),
  }));
}

/**
 * Composite alarms of metric alarms (by their meta): planned by `planAwsComposites` and `planAwsCompositeRules`, translated by
 * {@link compositeAlarmDefinitions}.
 */
export function renderCompositeAlarms(ctx: AlarmRenderContext, alarms: readonly MetricAlarmDefinition[]): CompositeAlarmDefinition[] {
  const candidates = alarms.flatMap((a) =>
    a.meta
      ? [{ name: a.name, service: a.meta.service, severity: a.meta.severity, symptom: a.meta.symptom, anomaly: Boolean(a.meta.anomaly) }]
      : [],
  );
  return compositeAlarmDefinitions(ctx, planAwsCompositeRules(ctx.env, planAwsComposites(ctx, candidates)));
}

/**
 * The planned composite rules (a service's errors AND latency, with its part composites: `planAwsCompositeRules`) as
 * CloudWatch composite alarms: the service composite notifies its service's channels, its parts notify nobody.
 */
export function compositeAlarmDefinitions(ctx: AlarmRenderContext, rules: readonly PlannedCompositeRule[]): CompositeAlarmDefinition[] {
  return rules.map(({ name, description, rule, alarmNames, composite, part }): CompositeAlarmDefinition => {
    const { service, severity } = composite;
    const actions = part ? [] : ctx.actions(severity, service);
    return {
      name,
      description,
      rule,
      alarmNames,
      alarmActions: actions,
      okActions: [...actions],
      ...(part ? {} : { meta: { service, severity, runbookSlug: composite.runbookSlug } }),
    };
  });
}
