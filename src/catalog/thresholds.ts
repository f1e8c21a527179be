import type { Duration } from "../spec/duration";
import type { SignalDefinition, SignalName } from "./signals";

/** A signal's thresholds after the spec's overrides are applied. */
export interface ResolvedThreshold {
  readonly signal: SignalName;
  readonly definition: SignalDefinition;
  readonly warning?: number;
  readonly critical: number;
  readonly for: Duration;
}
