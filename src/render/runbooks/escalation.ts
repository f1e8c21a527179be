import type { EnvironmentSpec } from "../../spec/environment";
import { escalationChain } from "../oncall/chain";

/**
 * The escalation block of a runbook: the owning teams' real PagerDuty chains (rotations, members, minutes), or the
 * plain fact that the spec defines none, and the incident channel where the incident is run.
 */
export function runbookEscalation(spec: EnvironmentSpec, teams: readonly string[]): string {
  const lines: string[] = [];
  const oncall = spec.oncall;
  if (oncall) {
    for (const name of teams.length ? teams : [oncall.defaultTeam]) {
      const team = oncall.teams.find((t) => t.name === name);
      if (!team) continue;
      lines.push(
        `PagerDuty escalation policy of team ${name} (an unacknowledged page moves on by itself; reassign it to the next level to get help sooner):`,
        "",
        ...escalationChain(team),
        "",
      );
    }
  } else {
    lines.push(
      `No on-call rotation is defined in this environment (\`oncall\`): no escalation policy moves an unacknowledged alert on; escalate by hand to ${
        teams.length ? teams.map((t) => `team ${t}`).join(" and ") : "the platform's owners"
      } through the channels under Notifications.`,
      "",
    );
  }
  lines.push(
    spec.incident
      ? `Run the incident in ${spec.incident.channel}: initial report when it is declared, a status update every ${spec.incident.statusUpdateEvery.toPrometheus()}, and the resolution.`
      : "No incident channel is defined in this environment (`incident`): coordinate in the channel the notification arrived in.",
  );
  return lines.join("\n");
}
