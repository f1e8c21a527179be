import { ROTATION_EPOCH } from "../../catalog/pagerduty/rotation";
import type { EnvironmentSpec } from "../../spec/environment";
import type { TeamSpec } from "../../spec/oncall";
import { owningTeam } from "../oncall/ownership";
import type { Roles } from "./run";

type Rotation = TeamSpec["rotations"][number];

/** Local calendar fields of an instant in a time zone. */
function localParts(at: Date, timeZone: string): { y: number; m: number; d: number; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * Who a rotation has on call at `at`: the schedule PagerDuty gets (modules/pagerduty-oncall) starts at ROTATION_EPOCH
 * at the handoff time in the rotation's zone and hands over daily or weekly, in local time (so DST does not shift it).
 */
export function onCallAt(rotation: Rotation, at: Date): string {
  const now = localParts(at, rotation.timeZone);
  const [ey, em, ed] = ROTATION_EPOCH.split("-").map(Number);
  const [hh, mm] = rotation.handoff.split(":").map(Number);
  let days = Math.round((Date.UTC(now.y, now.m - 1, now.d) - Date.UTC(ey, em - 1, ed)) / 86_400_000);
  if (now.minutes < hh * 60 + mm) days -= 1;
  const shift = Math.floor(days / (rotation.type === "weekly" ? 7 : 1));
  const n = rotation.members.length;
  return rotation.members[((shift % n) + n) % n];
}

/**
 * Incident roles at drill time: the incident commander is whoever the owning team's primary rotation (the first
 * rotation its escalation pages) has on call; the communications lead is the team's next rotation's on-call (or the
 * next member); the scribe another member. Flags override each.
 */
export function incidentRoles(
  spec: EnvironmentSpec,
  service: string | undefined,
  at: Date,
  overrides: { commander?: string; comms?: string; scribe?: string } = {},
): Roles {
  const teamName = owningTeam(spec, service);
  const team = spec.oncall?.teams.find((t) => t.name === teamName);
  if (!team) {
    return {
      incidentCommander: overrides.commander ?? "unassigned",
      communicationsLead: overrides.comms ?? "unassigned",
      scribe: overrides.scribe ?? "unassigned",
      source: "the environment has no on-call teams; roles come from --commander/--comms/--scribe only",
    };
  }
  const firstPaged = team.escalation[0]?.notify.find((n) => team.rotations.some((r) => r.name === n));
  const primary = team.rotations.find((r) => r.name === firstPaged) ?? team.rotations[0];
  const commander = onCallAt(primary, at);
  const other = team.rotations.find((r) => r !== primary);
  const names = team.members.map((m) => m.name);
  // A small team may have nobody left for a role: say so rather than give one person two roles.
  const next = (after: readonly string[]) =>
    names.find((n) => !after.includes(n)) ?? `unassigned (team ${team.name} has ${names.length} members; use a flag)`;
  const commsFromRotation = other ? onCallAt(other, at) : undefined;
  const comms = commsFromRotation && commsFromRotation !== commander ? commsFromRotation : next([commander]);
  const scribe = next([commander, comms]);
  return {
    incidentCommander: overrides.commander ?? commander,
    communicationsLead: overrides.comms ?? comms,
    scribe: overrides.scribe ?? scribe,
    source: `team ${team.name}: commander on call in rotation "${primary.name}" at ${at.toISOString()}${other ? `, communications lead from "${other.name}"` : ""}${Object.keys(overrides).some((k) => overrides[k as keyof typeof overrides]) ? "; overridden by flags" : ""}`,
  };
}
