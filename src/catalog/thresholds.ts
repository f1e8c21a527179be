import type { Duration } from "../spec/duration";
import type { ThresholdOverrides } from "../spec/thresholds";
import { SIGNALS, type SignalDefinition, type SignalName } from "./signals";

/** A signal's thresholds after the spec's overrides are applied. */
export interface ResolvedThreshold {
  readonly signal: SignalName;
  readonly definition: SignalDefinition;
  readonly warning?: number;
  readonly critical: number;
  readonly for: Duration;
}

/**
 * Applies override layers to a signal's catalog defaults, most general first, e.g.
 * `resolveThreshold("cpuUtilization", env.thresholds, service.thresholds, resource.thresholds)`.
 * Each field is taken from the last layer that sets it.
 */
export function resolveThreshold(signal: SignalName, ...layers: ReadonlyArray<ThresholdOverrides | undefined>): ResolvedThreshold {
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
