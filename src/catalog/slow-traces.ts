import type { EnvironmentSpec } from "../spec/environment";

/** What counts as slow when no service has a latency objective: one second. */
const DEFAULT_SLOW_TRACE_MS = 1000;

/**
 * What a slow trace is in this environment, in milliseconds, in one place: the tail-sampling latency policy keeps every
 * trace slower than this, and the traces dashboard's "Slow traces" table searches for them, so the table finds what
 * sampling kept. An explicit `tracing.sampling.slowerThanMs` wins; otherwise the tightest p99 latency objective of the
 * environment's services (a trace over it spends the objective's budget).
 */
export function slowTraceThresholdMs(spec: EnvironmentSpec): number {
  const sampling = spec.kubernetes?.tracing.sampling;
  if (sampling?.type === "tail" && sampling.slowerThanMs !== undefined) return sampling.slowerThanMs;
  const objectives = spec.services.flatMap((s) => (s.slo?.latencyP99Ms !== undefined ? [s.slo.latencyP99Ms] : []));
  return objectives.length > 0 ? Math.min(...objectives) : DEFAULT_SLOW_TRACE_MS;
}
