import type { AlarmIntent, Symptom } from "../catalog/alarm-intents";
import type { RunbookFacts } from "../catalog/runbooks/types";
import { runbookUrl } from "../catalog/runbooks/url";
import type { SignalUnit } from "../catalog/signals";
import { type AlarmNameParts, plainAlarmName } from "../model/naming";
import { PLATFORM_OWNER } from "../model/owner";
import type { Duration } from "../spec/duration";
import type { Severity } from "../spec/primitives";
import type { ServiceSpec } from "../spec/services";
import type { ThresholdOverrides } from "../spec/thresholds";
import { flat } from "../util/flat-text";
import { resolveTiers, tiers } from "./tiers";

/**
 * The cloud-neutral half of alarm rendering, shared by every backend (CloudWatch, Cloud Monitoring, Azure Monitor):
 * thresholds with overrides applied, warning and critical tiers, names, descriptions and runbook links. The planner
 * of each cloud (`aws-alarms.ts`, `gcp-alarms.ts`, `azure-alarms.ts`) makes one {@link CloudAlarm} per alarm; the
 * backends translate each into their own resource (metric alarm, alert policy, metric alert) and the docs and
 * runbooks read the same entries.
 */

/** What planning needs from the environment; plain data, so rendering stays a pure function. */
export interface PlanContext {
  readonly env: string;
  readonly services: readonly ServiceSpec[];
  /** Environment-wide overrides (`thresholds`). */
  readonly thresholds: ThresholdOverrides;
  readonly runbookBaseUrl?: string;
}

/** The fields every watched resource has, on every cloud. */
export interface WatchedResource {
  readonly name: string;
  readonly service?: string;
  readonly thresholds: ThresholdOverrides;
}

/** The part of a backend preset planning looks at. */
export interface PresetShape<R> {
  readonly id: string;
  readonly intent: AlarmIntent;
  /** Converts a threshold from the signal's unit to the metric's. @default - identity */
  readonly convert?: (value: number, resource: R) => number;
  /** Unit of the converted threshold, for descriptions. @default - the signal's unit */
  readonly metricUnit?: string;
  /** Whether the preset applies to a resource. @default - always */
  readonly appliesTo?: (resource: R) => boolean;
}

/** One alarm to create: a tier of a preset on a resource, whatever the cloud. */
export interface AlarmPlan {
  readonly name: string;
  readonly severity: Severity;
  /** Threshold in the signal's unit (threshold model). */
  readonly value: number;
  /** Threshold in the metric's unit (after the preset's conversion). */
  readonly threshold: number;
  /** Unit of `value` (the signal's). */
  readonly unit: SignalUnit;
  readonly direction: "above" | "below";
  readonly for: Duration;
  /** What fires, in words, without the runbook link (docs and alarm tables show it). */
  readonly condition: string;
  /** The condition and the runbook link: the alarm's description on every cloud. */
  readonly description: string;
  readonly runbookSlug: string;
  readonly runbookUrl: string;
  readonly title: string;
  /** Owning service, or PLATFORM_OWNER. */
  readonly service: string;
  readonly resource: string;
  readonly preset: string;
  readonly symptom?: Symptom;
}

export const UNIT_LABEL: Record<SignalUnit, string> = {
  percent: " %",
  milliseconds: " ms",
  seconds: " s",
  hours: " h",
  count: "",
  gibibytes: " GiB",
  mebibytes: " MiB",
};

/** The alarms (one per tier) of one preset on one resource; none when the preset does not apply to it. */
export function planPreset<R extends WatchedResource>(
  ctx: PlanContext,
  preset: PresetShape<R>,
  resource: R,
  runbookSlug: string,
  name: (parts: AlarmNameParts) => string = plainAlarmName,
): AlarmPlan[] {
  if (preset.appliesTo && !preset.appliesTo(resource)) return [];
  const threshold = resolveTiers(preset.intent.signal, ctx, resource);
  const { definition } = threshold;
  const owner = resource.service ?? PLATFORM_OWNER;
  const url = runbookUrl(ctx.runbookBaseUrl, runbookSlug);
  return tiers(threshold).map(({ severity, value }) => {
    const converted = preset.convert ? preset.convert(value, resource) : value;
    const shown = `${value}${UNIT_LABEL[definition.unit]}${converted !== value ? ` (${converted} ${preset.metricUnit ?? ""})`.replace(" )", ")") : ""}`;
    const condition = flat`${preset.intent.title} ${definition.direction} ${shown} for ${threshold.for} on ${resource.name} (${owner}, ${severity}).`;
    return {
      name: name({ env: ctx.env, service: resource.service, resource: resource.name, signal: preset.id, severity }),
      severity,
      value,
      threshold: converted,
      unit: definition.unit,
      direction: definition.direction,
      for: threshold.for,
      condition,
      description: flat`${condition} Runbook: ${url}`,
      runbookSlug,
      runbookUrl: url,
      title: preset.intent.title,
      service: owner,
      resource: resource.name,
      preset: preset.id,
      symptom: preset.intent.symptom,
    };
  });
}

/**
 * How the cloud compares the alarm's value, as deployed: a threshold in the metric's unit (after the preset's
 * conversion and any cloud-specific translation: a complement, a per-window total), a learnt band, a query that holds
 * its own threshold (PromQL), or all of other alarms (a composite).
 */
export type AlarmComparison =
  | { readonly kind: "above" | "below" | "atLeast"; readonly value: number }
  | { readonly kind: "band"; readonly band: "both" | "upper" }
  | { readonly kind: "query" }
  | { readonly kind: "allOf" };

/** How long the condition must hold, in the cloud's own evaluation terms. */
export type AlarmEvaluation =
  | {
      readonly cloud: "aws";
      readonly periodSeconds: number;
      readonly evaluationPeriods: number;
      readonly datapointsToAlarm: number;
    }
  | { readonly cloud: "gcp"; readonly durationSeconds: number }
  | {
      readonly cloud: "azure";
      /** A metric alert (fixed threshold), a dynamic-threshold alert, or a log search alert. */
      readonly rule: "metric" | "dynamic" | "log";
      readonly windowMinutes: number;
      /** Log alerts: every one of this many windows must cross. @default - not a log alert */
      readonly failingPeriods?: number;
      /** Log alerts: the KQL query the rule runs. @default - not a log alert */
      readonly query?: string;
    }
  /** A composite: as long as the alarms it names. */
  | { readonly cloud: "composite" };

/** Where a cloud alarm comes from. */
export type CloudAlarmOrigin = "preset" | "anomaly" | "anomalyFloor" | "audit" | "composite" | "uptime";

/**
 * One alarm of the environment's cloud, cloud-neutral: what the backend deploys, the docs' alarm table shows and the
 * runbook pages list. Computed once by the planner; nothing reads it back from rendered definitions.
 */
export interface CloudAlarm {
  readonly name: string;
  readonly severity: Severity;
  readonly origin: CloudAlarmOrigin;
  /** Registry key of the watched kind (`loadBalancers`), or the origin for alarms on no watched resource. */
  readonly kind: string;
  /** The kind's label in the documentation ("Application load balancers"). @default - none */
  readonly kindLabel?: string;
  /** The watched resource's spec name (a composite: its service). */
  readonly resource: string;
  /** Owning service, or PLATFORM_OWNER. */
  readonly service: string;
  /** The owning team (the service's team, else the on-call default team). @default - none named in the spec */
  readonly owner?: string;
  /** Catalog id of the preset (stable: part of names and slugs). */
  readonly preset: string;
  readonly symptom?: Symptom;
  /** What fires, in words, without the runbook link. */
  readonly condition: string;
  /** The condition and the runbook link: the alarm's description on every cloud. */
  readonly description: string;
  readonly runbookSlug: string;
  readonly runbookUrl: string;
  /** What fills the placeholders of its runbook for this resource. @default - nothing: the page keeps them */
  readonly runbookFacts?: RunbookFacts;
  /** The resolved tier of a preset alarm (signal value, converted threshold, direction, duration). */
  readonly tier?: AlarmPlan;
  readonly comparison: AlarmComparison;
  readonly evaluation: AlarmEvaluation;
  /** A composite's alarms, by symptom. @default - not a composite */
  readonly members?: { readonly errors: readonly string[]; readonly latency: readonly string[] };
}

/** A preset tier as a cloud alarm; the caller adds how its cloud compares and evaluates it. */
export function presetAlarm(
  tier: AlarmPlan,
  kind: string,
  facts: RunbookFacts | undefined,
  how: Pick<CloudAlarm, "comparison" | "evaluation"> & { readonly kindLabel?: string },
): CloudAlarm {
  // Written out, not spread: members added after a spread live outside the object, in a larger store (#19). One shape
  // for every preset alarm: kindLabel is undefined where the kind has none (JSON and the readers leave it out).
  return {
    name: tier.name,
    severity: tier.severity,
    origin: "preset",
    kind,
    kindLabel: how.kindLabel,
    resource: tier.resource,
    service: tier.service,
    preset: tier.preset,
    symptom: tier.symptom,
    condition: tier.condition,
    description: tier.description,
    runbookSlug: tier.runbookSlug,
    runbookUrl: tier.runbookUrl,
    runbookFacts: facts,
    tier,
    comparison: how.comparison,
    evaluation: how.evaluation,
  };
}
