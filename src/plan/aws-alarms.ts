import type { Symptom } from "../catalog/alarm-intents";
import {
  ANOMALY_BAND_STANDARD_DEVIATIONS,
  ANOMALY_EVALUATION_PERIODS,
  AUDIT_FILTERS,
  type AwsWatchKindDefinition,
  type CloudWatchAnomalyPreset,
  cloudWatchRunbookSlug,
  type WatchKindRegistry,
} from "../catalog/cloudwatch";
import { ANOMALY_DETECTION } from "../catalog/prometheus/anomaly-detection";
import type { RunbookFacts } from "../catalog/runbooks/types";
import { runbookUrl } from "../catalog/runbooks/url";
import { alarmName, logMetricNamespace, monitoringGroup } from "../model/naming";
import { PLATFORM_OWNER } from "../model/owner";
import type { AwsCloudSpec } from "../spec/clouds/aws";
import type { Severity } from "../spec/primitives";
import { type CloudAlarm, type PlanContext, planPreset, presetAlarm, type WatchedResource } from "./cloud-alarm";

/** The part of a watch kind the AWS planner reads (a registry entry, or a test's catalog). */
export type AwsPlannedKind<R> = Pick<AwsWatchKindDefinition<never, R>, "service" | "presets" | "anomalies"> &
  Partial<Pick<AwsWatchKindDefinition<never, R>, "runbookFacts" | "label">>;

/** Resource part of audit alarm names. */
export const AUDIT_RESOURCE = "audit-trail";

/** Runbook slug of the per-service composite alarm. */
export const COMPOSITE_RUNBOOK_SLUG = cloudWatchRunbookSlug("composite", "errorsWithLatency");

/**
 * Each kind's resources as its presets receive them: the spec entry, plus what the stack derives from spec names
 * (the agent's monitoring group, the log metric namespace). Attributes only Terraform knows (an ALB's ARN suffix) are
 * added by the renderer; no preset's tiers, conditions or runbook facts read them.
 */
export function awsWatchedResources(env: string, watch: AwsCloudSpec["watch"]): Readonly<Record<string, readonly WatchedResource[]>> {
  return {
    ...(watch as unknown as Readonly<Record<string, readonly WatchedResource[]>>),
    ec2: watch.ec2.map((r) => ({ ...r, monitoringGroup: monitoringGroup(env, r.name) })),
    logGroups: watch.logGroups.map((r) => ({ ...r, metricNamespace: logMetricNamespace(env) })),
  };
}

/** Fixed-threshold alarms (warning and critical tiers) of one kind on its resources. */
export function planAwsPresets<R extends WatchedResource>(
  ctx: PlanContext,
  key: string,
  kind: AwsPlannedKind<R>,
  resources: readonly R[],
): CloudAlarm[] {
  return resources.flatMap((resource) => {
    // The resource's facts, shared by the alarms of all its presets (read once a preset applies).
    let facts: RunbookFacts | undefined;
    let factsRead = false;
    return kind.presets.flatMap((preset) => {
      const tiers = planPreset(ctx, preset, resource, cloudWatchRunbookSlug(kind.service, preset.id), alarmName);
      if (tiers.length === 0) return [];
      const evaluationPeriods = Math.max(1, Math.ceil(tiers[0].for.toSeconds() / preset.periodSeconds));
      if (!factsRead) {
        facts = kind.runbookFacts?.(resource);
        factsRead = true;
      }
      return tiers.map((tier) =>
        presetAlarm(tier, key, facts, {
          kindLabel: kind.label,
          comparison: { kind: tier.direction, value: tier.threshold },
          evaluation: { cloud: "aws", periodSeconds: preset.periodSeconds, evaluationPeriods, datapointsToAlarm: evaluationPeriods },
        }),
      );
    });
  });
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

/** Name of the composite that pages for an anomaly band alarm: the band's name with `AboveFloor` after the signal. */
export function anomalyCompositeName(bandName: string): string {
  return bandName.replace(/-warning$/, "AboveFloor-warning");
}

/**
 * Anomaly-detection alarms for the resources whose spec entry sets `anomalyDetection`: per preset, the band alarm
 * and a traffic-floor alarm, both without actions; the renderer's composite pages when both are in ALARM.
 *
 * CloudWatch's ANOMALY_DETECTION_BAND has no floor, and an alarm on a band compares one series with it (it cannot
 * also require a threshold), so the floor is a second alarm and the AND a composite, as the in-cluster detector's
 * `and … >= floor` (same floors, from `ANOMALY_DETECTION`):
 * - traffic (surge or drop): the request count reached the traffic floor in at least one period of the last
 *   `dropRecentWindow` (busy now for a surge, busy a moment ago for a drop, which itself falls under the floor);
 * - latency: at least `latencyMinRequests` in each period the band alarm evaluates (a p99 over a few requests is noise).
 */
export function planAwsAnomalies<R extends WatchedResource & { readonly anomalyDetection?: boolean }>(
  ctx: PlanContext,
  key: string,
  kind: AwsPlannedKind<R>,
  resources: readonly R[],
): CloudAlarm[] {
  return resources
    .filter((r) => r.anomalyDetection)
    .flatMap((resource) => kind.anomalies.flatMap((preset) => planAnomaly(ctx, key, kind, preset, resource)));
}

function planAnomaly<R extends WatchedResource>(
  ctx: PlanContext,
  key: string,
  kind: AwsPlannedKind<R>,
  preset: CloudWatchAnomalyPreset<R>,
  resource: R,
): CloudAlarm[] {
  const slug = cloudWatchRunbookSlug(kind.service, preset.id);
  const owner = resource.service ?? PLATFORM_OWNER;
  const severity: Severity = "warning";
  const minutes = (ANOMALY_EVALUATION_PERIODS * preset.periodSeconds) / 60;
  const name = (signal: string) => alarmName({ env: ctx.env, service: resource.service, resource: resource.name, signal, severity });
  const composite = anomalyCompositeName(name(preset.id));
  const floor = anomalyFloor(preset);
  const floorMinutes = (floor.evaluationPeriods * preset.periodSeconds) / 60;
  const perSecond = floor.perPeriod / preset.periodSeconds;
  const url = runbookUrl(ctx.runbookBaseUrl, slug);
  const bandCondition = `${preset.intent.title} (band of ${ANOMALY_BAND_STANDARD_DEVIATIONS} standard deviations) for ${minutes}m on ${resource.name} (${owner}, ${severity}); notifies through ${composite} while traffic is above its floor.`;
  const floorCondition = `Traffic floor of ${name(preset.id)}: at least ${perSecond} request/s (${floor.perPeriod} per ${preset.periodSeconds} s) in ${floor.datapointsToAlarm === 1 ? "one period" : "every period"} of the last ${floorMinutes}m on ${resource.name}; notifies through ${composite}.`;
  const shared = {
    severity,
    kind: key,
    ...(kind.label ? { kindLabel: kind.label } : {}),
    resource: resource.name,
    service: owner,
    preset: preset.id,
    runbookSlug: slug,
    runbookUrl: url,
    runbookFacts: kind.runbookFacts?.(resource),
  };
  return [
    {
      ...shared,
      name: name(preset.id),
      origin: "anomaly",
      symptom: preset.intent.symptom,
      condition: bandCondition,
      description: `${bandCondition} Runbook: ${url}`,
      comparison: { kind: "band", band: preset.band },
      evaluation: {
        cloud: "aws",
        periodSeconds: preset.periodSeconds,
        evaluationPeriods: ANOMALY_EVALUATION_PERIODS,
        datapointsToAlarm: ANOMALY_EVALUATION_PERIODS,
      },
    },
    {
      ...shared,
      name: name(`${preset.id}Floor`),
      origin: "anomalyFloor",
      condition: floorCondition,
      description: `${floorCondition} Runbook: ${url}`,
      comparison: { kind: "atLeast", value: floor.perPeriod },
      evaluation: {
        cloud: "aws",
        periodSeconds: preset.periodSeconds,
        evaluationPeriods: floor.evaluationPeriods,
        datapointsToAlarm: floor.datapointsToAlarm,
      },
    },
  ];
}

/** Period of the audit trail's metric-filter alarms. */
export const AUDIT_PERIOD_SECONDS = 300;

/** The CIS alarms of the audit trail (one per metric filter), critical, owned by the platform. */
export function planAuditAlarms(ctx: Pick<PlanContext, "env" | "runbookBaseUrl">): CloudAlarm[] {
  const severity: Severity = "critical";
  return AUDIT_FILTERS.map((f): CloudAlarm => {
    const slug = cloudWatchRunbookSlug("audit", f.id);
    const condition = `${f.title} (${f.control}): at least ${f.threshold} event(s) in 5 minutes (${severity}).`;
    const url = runbookUrl(ctx.runbookBaseUrl, slug);
    return {
      name: alarmName({ env: ctx.env, resource: AUDIT_RESOURCE, signal: f.id, severity }),
      severity,
      origin: "audit",
      kind: "audit",
      resource: AUDIT_RESOURCE,
      service: PLATFORM_OWNER,
      preset: f.id,
      condition,
      description: `${condition} Runbook: ${url}`,
      runbookSlug: slug,
      runbookUrl: url,
      runbookFacts: { trail: `${ctx.env}-audit` },
      comparison: { kind: "atLeast", value: f.threshold },
      evaluation: { cloud: "aws", periodSeconds: AUDIT_PERIOD_SECONDS, evaluationPeriods: 1, datapointsToAlarm: 1 },
    };
  });
}

/** What composite planning reads of an alarm. */
export interface CompositeCandidate {
  readonly name: string;
  readonly service: string;
  readonly severity: Severity;
  readonly symptom?: Symptom;
  /** Part of an anomaly alarm (band or floor): never a composite member. @default false */
  readonly anomaly?: boolean;
}

/**
 * Composite alarms, one per service that has both an errors and a latency symptom: critical when any of its
 * warning-tier error alarms AND any of its warning-tier latency alarms are in ALARM together. The symptoms alone
 * only notify the warning channels; the combination pages. Sorted by service.
 */
export function planAwsComposites(ctx: Pick<PlanContext, "env" | "runbookBaseUrl">, alarms: readonly CompositeCandidate[]): CloudAlarm[] {
  const byService = new Map<string, Record<Symptom, string[]>>();
  for (const alarm of alarms) {
    if (!alarm.symptom || alarm.anomaly || alarm.severity !== "warning") continue;
    const entry = byService.get(alarm.service) ?? { errors: [], latency: [] };
    entry[alarm.symptom].push(alarm.name);
    byService.set(alarm.service, entry);
  }
  const url = runbookUrl(ctx.runbookBaseUrl, COMPOSITE_RUNBOOK_SLUG);
  return (
    [...byService]
      // Service names are DNS labels (and "platform"): for lower-case letters, digits and '-' the code-unit order is the
      // locale order, without initialising ICU's collator (a few tens of ms of every synth's start).
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([, { errors, latency }]) => errors.length > 0 && latency.length > 0)
      .map(([service, members]): CloudAlarm => {
        const severity: Severity = "critical";
        const name = alarmName({ env: ctx.env, service, resource: "composite", signal: "errorsWithLatency", severity });
        const condition = `${service}: errors and latency above their warning tiers at the same time (${severity}).`;
        return {
          name,
          severity,
          origin: "composite",
          kind: "composite",
          resource: service,
          service,
          preset: "errorsWithLatency",
          condition,
          description: `${condition} Runbook: ${url}`,
          runbookSlug: COMPOSITE_RUNBOOK_SLUG,
          runbookUrl: url,
          runbookFacts: { composite: name },
          comparison: { kind: "allOf" },
          evaluation: { cloud: "composite" },
          members,
        };
      })
  );
}

/**
 * Every CloudWatch alarm of an environment, in the order the stack deploys them: the kinds' preset alarms, their
 * anomaly alarms, the audit trail's, then the services' composites.
 */
export function planAwsAlarms(ctx: PlanContext, cloud: AwsCloudSpec, registry: WatchKindRegistry): CloudAlarm[] {
  const resources = awsWatchedResources(ctx.env, cloud.watch);
  const kinds = Object.entries(registry).map(([key, kind]) => ({
    key,
    kind: kind as unknown as AwsPlannedKind<WatchedResource & { readonly anomalyDetection?: boolean }>,
    resources: resources[key] ?? [],
  }));
  const presets = kinds.flatMap(({ key, kind, resources }) => planAwsPresets(ctx, key, kind, resources));
  return [
    ...presets,
    ...kinds.flatMap(({ key, kind, resources }) => planAwsAnomalies(ctx, key, kind, resources)),
    ...(cloud.auditTrail ? planAuditAlarms(ctx) : []),
    // Only preset alarms are composite members (anomaly bands and floors never are): passed as they are, not copied
    // with an `anomaly` flag (a copy of every alarm was 1.4 % of a 1,000-resource synth).
    ...planAwsComposites(ctx, presets),
  ];
}
