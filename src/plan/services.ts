import type { ResolvedThreshold } from "../catalog/thresholds";
import { PLATFORM_OWNER } from "../model/owner";
import type { EnvironmentSpec } from "../spec/environment";
import { resolveTiers, serviceNamed } from "./tiers";

/** The RED signals every spec service alerts on, in Prometheus and on the clouds' request metrics. */
export const SERVICE_SIGNALS = ["errorRatio", "latencyP99"] as const;
export type ServiceSignal = (typeof SERVICE_SIGNALS)[number];

/** One service's resolved tiers and owner. */
export interface ServicePlan {
  readonly name: string;
  /** The team that owns the service. @default - the platform owner */
  readonly owner: string;
  readonly tiers: Readonly<Record<ServiceSignal, ResolvedThreshold>>;
}

/**
 * Each service's resolved tiers and owner: cheap, so computed where needed (the Prometheus rule builders read it while
 * the full plan is being made).
 */
export function planServices(spec: EnvironmentSpec): ServicePlan[] {
  return spec.services.map((service) => planService(spec, service.name));
}

/**
 * One service's resolved tiers and owner, without planning the others: readers that need one service per call (each
 * service's rule group, dashboard row) stay linear in the number of services.
 */
export function planService(spec: EnvironmentSpec, name: string): ServicePlan {
  const service = serviceNamed(spec, name);
  if (!service) throw new Error(`environment ${spec.name} has no service "${name}"`);
  return {
    name: service.name,
    owner: service.team ?? PLATFORM_OWNER,
    tiers: Object.fromEntries(SERVICE_SIGNALS.map((signal) => [signal, resolveTiers(signal, spec, { service: service.name })])) as Record<
      ServiceSignal,
      ResolvedThreshold
    >,
  };
}

/** A service's plan; an unknown name is a programming error (names come from the validated spec). */
export function servicePlan(plan: { readonly env: string; readonly services: readonly ServicePlan[] }, name: string): ServicePlan {
  const found = plan.services.find((s) => s.name === name);
  if (!found) throw new Error(`environment ${plan.env} has no service "${name}"`);
  return found;
}

/**
 * The team that owns a service's alerts: the service's `team`, else the on-call default team (the platform's own
 * alerts and services without a team). @default - none when the spec names neither
 */
export function teamOf(spec: EnvironmentSpec, service: string | undefined): string | undefined {
  return (service === undefined ? undefined : serviceNamed(spec, service)?.team) ?? spec.oncall?.defaultTeam;
}
