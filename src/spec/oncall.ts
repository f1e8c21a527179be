import { z } from "zod";
import { PAGERDUTY_TIME_ZONES } from "../catalog/pagerduty/time-zones";
import { pagerdutyIds } from "../model/naming";
import type { EnvironmentSpec } from "./environment";
import { formatPath } from "./errors";
import { dnsLabelSchema } from "./primitives";
import { secretRefSchema } from "./secret-ref";

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as "09:00"');
/** PagerDuty accepts a fixed subset of IANA names (not "UTC", which it spells "Etc/UTC"). */
const timeZone = z.string().refine((tz) => PAGERDUTY_TIME_ZONES.has(tz), {
  error: (issue) => `expected a time zone PagerDuty accepts, such as "Europe/Berlin" or "Etc/UTC", received "${String(issue.input)}"`,
});

export const memberSchema = z.strictObject({
  /** Short name used in rotations and escalation levels. */
  name: dnsLabelSchema,
  /** The person's PagerDuty login; the user is looked up by it (users are managed in PagerDuty or by SSO). */
  email: z.email("expected the member's PagerDuty login email"),
});

export const rotationSchema = z.strictObject({
  name: dnsLabelSchema,
  /** @default "weekly" */
  type: z.enum(["weekly", "daily"]).default("weekly"),
  /** When the shift changes hands, in `timeZone`. @default "09:00" */
  handoff: timeOfDay.default("09:00"),
  /** @default "Etc/UTC" */
  timeZone: timeZone.default("Etc/UTC"),
  /** Members in turn order. */
  members: z.array(dnsLabelSchema).min(1),
});

export const escalationLevelSchema = z.strictObject({
  /** Minutes an unacknowledged incident waits at this level before the next level is paged. @default 15 */
  escalateAfterMinutes: z.number().int().min(1).max(1440).default(15),
  /** Who is paged: rotation names (the person on call) or member names. */
  notify: z.array(dnsLabelSchema).min(1),
});

export const teamSchema = z.strictObject({
  name: dnsLabelSchema,
  members: z.array(memberSchema).min(1),
  rotations: z.array(rotationSchema).min(1),
  /** Escalation levels, first paged first. */
  escalation: z.array(escalationLevelSchema).min(1).max(20),
  /** Times when warning-level incidents are worth a page; outside them they wait. @default - warnings are always low urgency */
  supportHours: z
    .strictObject({
      timeZone,
      /** ISO weekdays, 1 = Monday. @default [1, 2, 3, 4, 5] */
      days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
      start: timeOfDay,
      end: timeOfDay,
    })
    .optional(),
});

/** On-call escalation as code: teams, rotations and escalation policies in PagerDuty, wired to the alert routing. */
export const oncallSchema = z
  .strictObject({
    /** PagerDuty API token. @default - the PAGERDUTY_TOKEN environment variable of whoever runs Terraform */
    token: secretRefSchema.optional(),
    teams: z.array(teamSchema).min(1),
    /** Team paged for services without an owner and for alerts about the platform itself. */
    defaultTeam: dnsLabelSchema,
    /** Reject services that name no owning team. @default false - they fall back to defaultTeam */
    requireOwnership: z.boolean().default(false),
  })
  .superRefine((oncall, ctx) => {
    const teams = new Set(oncall.teams.map((t) => t.name));
    if (!teams.has(oncall.defaultTeam)) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultTeam"],
        message: `expected one of the teams (${[...teams].join(", ")}), received "${oncall.defaultTeam}"`,
      });
    }
    uniqueNames(ctx, oncall.teams, (team) => team.name, ["teams"], "team");
    // PagerDuty schedules and policies are named `<team>-<rotation>` and `<team>-escalation`: distinct inputs must
    // not produce the same name ("a-b" + "c" and "a" + "b-c").
    const generated = new Map<string, { where: string; inputs: string }>();
    oncall.teams.forEach((team, t) => {
      const made: Array<[string, string, string]> = [
        [pagerdutyIds.escalationPolicy(team.name), `teams[${t}].name`, team.name],
        ...team.rotations.map((r, i): [string, string, string] => [
          pagerdutyIds.schedule(team.name, r.name),
          `teams[${t}].rotations[${i}].name`,
          `${team.name}/${r.name}`,
        ]),
      ];
      for (const [name, where, inputs] of made) {
        const other = generated.get(name);
        // The same inputs twice are a duplicate name, reported as such below.
        if (other && other.inputs !== inputs) {
          ctx.addIssue({
            code: "custom",
            path: pathOf(where),
            message: `generates the PagerDuty schedule or policy name "${name}" that oncall.${other.where} also generates (names are <team>-<rotation> and <team>-escalation); rename one of them`,
          });
        } else if (!other) generated.set(name, { where, inputs });
      }
    });
    oncall.teams.forEach((team, t) => {
      uniqueNames(ctx, team.members, (m) => m.name, ["teams", t, "members"], "member");
      uniqueNames(ctx, team.members, (m) => m.email.toLowerCase(), ["teams", t, "members"], "member email", "email");
      uniqueNames(ctx, team.rotations, (r) => r.name, ["teams", t, "rotations"], "rotation");
      const members = new Set(team.members.map((m) => m.name));
      const rotations = new Set(team.rotations.map((r) => r.name));
      for (const [r, rotation] of team.rotations.entries()) {
        for (const [m, member] of rotation.members.entries()) {
          if (!members.has(member)) {
            ctx.addIssue({
              code: "custom",
              path: ["teams", t, "rotations", r, "members", m],
              message: `"${member}" is not a member of team ${team.name} (${[...members].join(", ")})`,
            });
          }
        }
      }
      for (const [l, level] of team.escalation.entries()) {
        for (const [n, target] of level.notify.entries()) {
          if (!rotations.has(target) && !members.has(target)) {
            ctx.addIssue({
              code: "custom",
              path: ["teams", t, "escalation", l, "notify", n],
              message: `expected a rotation (${[...rotations].join(", ")}) or member (${[...members].join(", ")}) of team ${team.name}, received "${target}"`,
            });
          }
        }
      }
    });
  });

function uniqueNames<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  key: (item: T) => string,
  path: Array<string | number>,
  what: string,
  field = "name",
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else
      ctx.addIssue({
        code: "custom",
        path: [...path, i, field],
        message: `duplicate ${what} "${k}" (also at oncall.${formatPath([...path, first])})`,
      });
  });
}

/** `teams[0].rotations[1].name` back to a path array. */
function pathOf(text: string): Array<string | number> {
  return text
    .split(/\.|\[|\]/)
    .filter((part) => part !== "")
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export type TeamSpec = z.output<typeof teamSchema>;

/** Every service's owner is a known team; with `requireOwnership`, every service names one. */
export function checkOwnership(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const oncall = env.oncall;
  if (!oncall) return;
  const teams = new Set(oncall.teams.map((t) => t.name));
  const unowned: string[] = [];
  env.services.forEach((service, i) => {
    if (service.team && !teams.has(service.team)) {
      ctx.addIssue({
        code: "custom",
        path: ["services", i, "team"],
        message: `expected one of the on-call teams (${[...teams].join(", ")}), received "${service.team}"`,
      });
    }
    if (!service.team) unowned.push(service.name);
  });
  if (oncall.requireOwnership && unowned.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["oncall", "requireOwnership"],
      message: `every service needs an owning team (services[].team), but these have none: ${unowned.join(", ")}`,
    });
  }
}
