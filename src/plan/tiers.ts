import { SIGNALS, type SignalDefinition, type SignalName } from "../catalog/signals";
import type { ResolvedThreshold } from "../catalog/thresholds";
import type { Severity } from "../spec/primitives";
import type { ServiceSpec } from "../spec/services";
import type { ThresholdOverrides } from "../spec/thresholds";

/**
 * The one resolution of a signal's warning and critical tiers, read by every backend (Prometheus rules, CloudWatch,
 * Cloud Monitoring, Azure Monitor), the dashboards' tier lines, the docs and validation. Nothing else merges override
 * layers or derives tiers from an objective, so the backends cannot disagree.
 */

/**
 * Applies override layers to a signal's catalog defaults, most general first, e.g.
 * `resolveThreshold("cpuUtilization", env.thresholds, service.thresholds, resource.thresholds)`. Private: callers
 * go through resolveTiers, so every reader applies the same layers.
 * Each field is taken from the last layer that sets it.
 */
function resolveThreshold(signal: SignalName, ...layers: ReadonlyArray<ThresholdOverrides | undefined>): ResolvedThreshold {
  const definition: SignalDefinition = SIGNALS[signal];
  let warning = definition.warning;
  let critical = definition.critical;
  let forDuration = definition.for;
  for (const layer of layers) {
    const override = layer?.[signal];
    if (!override) continue;
    if (override.warning !== undefined) warning = override.warning;
    if (override.critical !== undefined) critical = override.critical;
    if (override.for !== undefined) forDuration = override.for;
  }
  return { signal, definition, warning, critical, for: forDuration };
}

/** What resolution needs from the environment. */
export interface TierScope {
  /** Environment-wide overrides (`thresholds`). */
  readonly thresholds: ThresholdOverrides;
  readonly services: readonly ServiceSpec[];
}

/** Who the tiers are for: a spec service (Prometheus) or a watched cloud resource, with its own overrides. */
export interface TierSubject {
  /** Owning spec service. @default - none: the environment's overrides only */
  readonly service?: string;
  /** The resource's own overrides (cloud `watch` entries). @default - none */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * The rule for SLO-derived tiers: a service's latency objective (`slo.latencyP99Ms`) is the warning tier of
 * `latencyP99` and twice it the critical tier, on every backend. Exceeding the objective is worth a look; missing it
 * by a factor of two is an outage of the promise. Both tiers come from the objective, so an objective above the
 * catalog's or environment's critical tier can never leave warning above critical.
 */
export const SLO_LATENCY_CRITICAL_FACTOR = 2;

function sloLayer(service: ServiceSpec | undefined): ThresholdOverrides | undefined {
  const objective = service?.slo?.latencyP99Ms;
  if (objective === undefined) return undefined;
  return { latencyP99: { warning: objective, critical: objective * SLO_LATENCY_CRITICAL_FACTOR } } as ThresholdOverrides;
}

/**
 * A signal's thresholds for a subject, layers most general first: catalog default, environment, the owning service's
 * SLO, the service's own overrides, the resource's overrides. Each field comes from the last layer that sets it.
 */
export function resolveTiers(signal: ResolvedThreshold["signal"], scope: TierScope, subject: TierSubject = {}): ResolvedThreshold {
  const service = subject.service === undefined ? undefined : serviceNamed(scope, subject.service);
  return resolveThreshold(signal, scope.thresholds, sloLayer(service), service?.thresholds, subject.thresholds);
}

/** Services by name, built once per (immutable) services list: every alarm looks up its owner. */
const servicesByName = new WeakMap<readonly ServiceSpec[], ReadonlyMap<string, ServiceSpec>>();

/**
 * The spec service of a name (the first, as `find` would), in constant time: resolution runs for every alarm of every
 * resource, and a scan of the services each time made large environments quadratic.
 */
export function serviceNamed(scope: Pick<TierScope, "services">, name: string): ServiceSpec | undefined {
  let byName = servicesByName.get(scope.services);
  if (!byName) {
    const map = new Map<string, ServiceSpec>();
    for (const service of scope.services) if (!map.has(service.name)) map.set(service.name, service);
    byName = map;
    servicesByName.set(scope.services, byName);
  }
  return byName.get(name);
}

/** One alerting tier: a severity and its threshold in the signal's unit. */
export interface Tier {
  readonly severity: Severity;
  readonly value: number;
}

/**
 * Warning and critical tiers of a resolved threshold, the only list any backend alerts on. A warning tier at or beyond
 * the critical one is dropped on every backend alike; validation (checkResolvedTiers) rejects a spec that resolves so.
 */
export function tiers(threshold: ResolvedThreshold): Tier[] {
  const above = threshold.definition.direction === "above";
  const w = threshold.warning;
  const ordered = w !== undefined && (above ? w < threshold.critical : w > threshold.critical);
  return [...(ordered ? [{ severity: "warning" as const, value: w }] : []), { severity: "critical", value: threshold.critical }];
}

/** Whether a resolved threshold keeps its warning tier (no warning tier at all counts as ordered). */
export function tiersOrdered(threshold: ResolvedThreshold): boolean {
  return threshold.warning === undefined || tiers(threshold).length === 2;
}
