import { PLATFORM_OWNER } from "../../model/owner";
import { serviceNamed } from "../../plan/tiers";
import type { EnvironmentSpec } from "../../spec/environment";

/** A PagerDuty service the stack creates: one per spec service, plus the platform's. */
interface OncallService {
  readonly name: string;
  readonly team: string;
  readonly description: string;
}

/** The team paged for a service: its own `team`, or the on-call default for unowned services and the platform. */
export function owningTeam(spec: EnvironmentSpec, service?: string): string | undefined {
  const oncall = spec.oncall;
  if (!oncall) return undefined;
  return (service === undefined ? undefined : serviceNamed(spec, service)?.team) ?? oncall.defaultTeam;
}

export function oncallServices(spec: EnvironmentSpec): OncallService[] {
  const oncall = spec.oncall;
  if (!oncall) return [];
  return [
    ...spec.services.map((s) => ({
      name: s.name,
      team: owningTeam(spec, s.name) ?? oncall.defaultTeam,
      description: `${s.name} in ${spec.name} (namespace ${s.namespace})`,
    })),
    { name: PLATFORM_OWNER, team: oncall.defaultTeam, description: `Hosts, cluster and monitoring of ${spec.name}` },
  ];
}

/** Alertmanager receiver of a PagerDuty service. */
export function pagerdutyReceiver(service: string): string {
  return `pagerduty-${service}`;
}
