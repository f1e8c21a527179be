import type { AlarmIntent, Symptom } from "../catalog/alarm-intents";
import { runbookUrl } from "../catalog/runbooks/url";
import type { SignalUnit } from "../catalog/signals";
import { type AlarmNameParts, plainAlarmName } from "../model/naming";
import { PLATFORM_OWNER } from "../model/owner";
import { resolveTiers, tiers } from "../plan/tiers";
import type { Duration } from "../spec/duration";
import type { Severity } from "../spec/primitives";
import type { ServiceSpec } from "../spec/services";
import type { ThresholdOverrides } from "../spec/thresholds";

/**
 * The cloud-neutral half of alarm rendering, shared by every backend (CloudWatch, Cloud Monitoring, Azure Monitor):
 * thresholds with overrides applied, warning and critical tiers, names, descriptions and runbook links. A backend
 * turns each {@link AlarmPlan} into its own resource (metric alarm, alert policy, metric alert).
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
interface PresetShape<R> {
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

const UNIT_LABEL: Record<SignalUnit, string> = {
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
    const condition = `${preset.intent.title} ${definition.direction} ${shown} for ${threshold.for} on ${resource.name} (${owner}, ${severity}).`;
    return {
      name: name({ env: ctx.env, service: resource.service, resource: resource.name, signal: preset.id, severity }),
      severity,
      value,
      threshold: converted,
      direction: definition.direction,
      for: threshold.for,
      condition,
      description: `${condition} Runbook: ${url}`,
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
