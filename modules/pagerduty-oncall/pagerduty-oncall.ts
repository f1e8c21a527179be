import type { ServiceIncidentUrgencyRule } from "@cdktf/provider-pagerduty/lib/service";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { ROTATION_EPOCH } from "../../src/catalog/pagerduty/rotation";
import { pagerdutyIds } from "../../src/model/naming";
import { zonedRfc3339 } from "../../src/render/oncall/rfc3339";
import { providerModule } from "../../src/util/provider-module";

/** Optional peer dependency, loaded on first use (see providerModule). */
const userModule = () =>
  providerModule(
    "@cdktf/provider-pagerduty",
    () =>
      require("@cdktf/provider-pagerduty/lib/data-pagerduty-user") as typeof import("@cdktf/provider-pagerduty/lib/data-pagerduty-user"),
  );
const vendorModule = () =>
  providerModule(
    "@cdktf/provider-pagerduty",
    () =>
      require("@cdktf/provider-pagerduty/lib/data-pagerduty-vendor") as typeof import("@cdktf/provider-pagerduty/lib/data-pagerduty-vendor"),
  );
const escalationPolicyModule = () =>
  providerModule(
    "@cdktf/provider-pagerduty",
    () => require("@cdktf/provider-pagerduty/lib/escalation-policy") as typeof import("@cdktf/provider-pagerduty/lib/escalation-policy"),
  );
const scheduleModule = () =>
  providerModule(
    "@cdktf/provider-pagerduty",
    () => require("@cdktf/provider-pagerduty/lib/schedule") as typeof import("@cdktf/provider-pagerduty/lib/schedule"),
  );
const serviceModule = () =>
  providerModule(
    "@cdktf/provider-pagerduty",
    () => require("@cdktf/provider-pagerduty/lib/service") as typeof import("@cdktf/provider-pagerduty/lib/service"),
  );
const serviceIntegrationModule = () =>
  providerModule(
    "@cdktf/provider-pagerduty",
    () =>
      require("@cdktf/provider-pagerduty/lib/service-integration") as typeof import("@cdktf/provider-pagerduty/lib/service-integration"),
  );

export interface OncallMember {
  readonly name: string;
  /** PagerDuty login; users are looked up, not created (they come from PagerDuty or SSO). */
  readonly email: string;
}

export interface OncallRotation {
  readonly name: string;
  readonly type: "weekly" | "daily";
  /** "HH:MM" in `timeZone`. */
  readonly handoff: string;
  /** One of the IANA zones PagerDuty accepts (`PAGERDUTY_TIME_ZONES`; its provider refuses others at plan, this at synth). */
  readonly timeZone: string;
  /** Member names in turn order. */
  readonly members: readonly string[];
}

export interface OncallTeam {
  readonly name: string;
  readonly members: readonly OncallMember[];
  readonly rotations: readonly OncallRotation[];
  /** Levels in order: rotation or member names paged, and minutes before the next level. */
  readonly escalation: ReadonlyArray<{ readonly escalateAfterMinutes: number; readonly notify: readonly string[] }>;
  /** @default - no support hours: urgency follows the alert's severity at all times */
  readonly supportHours?: { readonly timeZone: string; readonly days: readonly number[]; readonly start: string; readonly end: string };
}

export interface PagerdutyOncallProps {
  /** Prefix of every PagerDuty object's name, e.g. "prod". */
  readonly namePrefix: string;
  readonly teams: readonly OncallTeam[];
  /** PagerDuty services to create, each escalating to its team. */
  readonly services: ReadonlyArray<{ readonly name: string; readonly team: string; readonly description: string }>;
  /** Also create an Amazon CloudWatch integration per service (for SNS subscriptions). @default false */
  readonly cloudWatchIntegrations?: boolean;
}

/**
 * On-call as code in PagerDuty: a schedule per rotation, an escalation policy per team, a service per monitored
 * service with an Events API v2 integration (Alertmanager) and optionally an Amazon CloudWatch integration (SNS).
 * Incident urgency follows the event's severity: critical pages (high urgency), warning does not (low urgency);
 * with support hours, warnings page during them too.
 */
export class PagerdutyOncall extends Construct {
  private readonly eventsKeys = new Map<string, string>();
  private readonly cloudWatchKeys = new Map<string, string>();
  readonly escalationPolicyIds: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: PagerdutyOncallProps) {
    super(scope, id);
    const users = new Map<string, string>();
    const userId = (email: string): string => {
      let found = users.get(email);
      if (!found) {
        found = new (userModule().DataPagerdutyUser)(this, `user-${users.size}`, { email }).id;
        users.set(email, found);
      }
      return found;
    };

    const policies = new Map<string, string>();
    const teams = new Map(props.teams.map((t) => [t.name, t]));
    for (const team of props.teams) {
      const memberId = (name: string) => {
        const member = team.members.find((m) => m.name === name);
        if (!member) throw new Error(`team ${team.name} has no member "${name}"`);
        return userId(member.email);
      };
      const schedules = new Map(
        team.rotations.map((rotation) => {
          // RFC 3339 with the zone's offset: the provider rejects a time without one.
          const start = zonedRfc3339(ROTATION_EPOCH, rotation.handoff, rotation.timeZone);
          const schedule = new (scheduleModule().Schedule)(this, pagerdutyIds.schedule(team.name, rotation.name), {
            name: `${props.namePrefix} ${team.name} ${rotation.name}`,
            timeZone: rotation.timeZone,
            description: `${rotation.type} rotation of team ${team.name}, hand-off at ${rotation.handoff} ${rotation.timeZone}. Managed by cdktf-monitoring-stack.`,
            layer: [
              {
                name: rotation.name,
                start,
                rotationVirtualStart: start,
                rotationTurnLengthSeconds: rotation.type === "weekly" ? 7 * 86_400 : 86_400,
                users: rotation.members.map(memberId),
              },
            ],
          });
          return [rotation.name, schedule.id] as const;
        }),
      );
      const policy = new (escalationPolicyModule().EscalationPolicy)(this, pagerdutyIds.escalationPolicy(team.name), {
        name: `${props.namePrefix} ${team.name}`,
        description: `Escalation of team ${team.name}. Managed by cdktf-monitoring-stack.`,
        numLoops: 2,
        rule: team.escalation.map((level) => ({
          escalationDelayInMinutes: level.escalateAfterMinutes,
          target: level.notify.map((name) => {
            const schedule = schedules.get(name);
            return schedule ? { type: "schedule_reference", id: schedule } : { type: "user_reference", id: memberId(name) };
          }),
        })),
      });
      policies.set(team.name, policy.id);
    }
    this.escalationPolicyIds = policies;

    const cloudWatch = props.cloudWatchIntegrations
      ? new (vendorModule().DataPagerdutyVendor)(this, "cloudwatch-vendor", { name: "Amazon CloudWatch" })
      : undefined;
    for (const service of props.services) {
      const team = teams.get(service.team);
      const policy = policies.get(service.team);
      if (!team || !policy) throw new Error(`service ${service.name} is owned by "${service.team}", which is not a team`);
      const pd = new (serviceModule().Service)(this, `service-${service.name}`, {
        name: `${props.namePrefix} ${service.name}`,
        description: `${service.description}. Owned by team ${service.team}. Managed by cdktf-monitoring-stack.`,
        escalationPolicy: policy,
        alertCreation: "create_alerts_and_incidents",
        autoResolveTimeout: "null",
        acknowledgementTimeout: "1800",
        incidentUrgencyRule: urgencyRule(team),
        ...(team.supportHours
          ? {
              supportHours: {
                type: "fixed_time_per_day",
                timeZone: team.supportHours.timeZone,
                daysOfWeek: [...team.supportHours.days],
                startTime: `${team.supportHours.start}:00`,
                endTime: `${team.supportHours.end}:00`,
              },
            }
          : {}),
      });
      this.eventsKeys.set(
        service.name,
        new (serviceIntegrationModule().ServiceIntegration)(this, `service-${service.name}-events`, {
          name: "Alertmanager (Events API v2)",
          service: pd.id,
          type: "events_api_v2_inbound_integration",
        }).integrationKey,
      );
      if (cloudWatch) {
        this.cloudWatchKeys.set(
          service.name,
          new (serviceIntegrationModule().ServiceIntegration)(this, `service-${service.name}-cloudwatch`, {
            name: "Amazon CloudWatch (SNS)",
            service: pd.id,
            vendor: cloudWatch.id,
          }).integrationKey,
        );
      }
    }
  }

  /**
   * Events API v2 routing key of a service (a reference to state; never a literal), marked sensitive: the provider
   * does not mark `integration_key` so, and plans would print it (the pull-request comment among them).
   */
  eventsRoutingKey(service: string): string {
    const key = this.eventsKeys.get(service);
    if (!key) throw new Error(`no PagerDuty service "${service}"`);
    return Fn.sensitive(key);
  }

  /** Integration key of a service's Amazon CloudWatch integration, marked sensitive (see eventsRoutingKey). */
  cloudWatchIntegrationKey(service: string): string {
    const key = this.cloudWatchKeys.get(service);
    if (!key) throw new Error(`no CloudWatch integration for PagerDuty service "${service}" (cloudWatchIntegrations is off)`);
    return Fn.sensitive(key);
  }
}

/** Critical pages at any time; warnings page only during support hours (when the team has them). */
function urgencyRule(team: OncallTeam): ServiceIncidentUrgencyRule {
  if (!team.supportHours) return { type: "constant", urgency: "severity_based" };
  return {
    type: "use_support_hours",
    duringSupportHours: { type: "constant", urgency: "high" },
    outsideSupportHours: { type: "constant", urgency: "severity_based" },
  };
}
