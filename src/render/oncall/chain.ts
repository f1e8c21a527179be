import type { TeamSpec } from "../../spec/oncall";

/**
 * A team's PagerDuty escalation policy as people read it, one line per level: who is paged (a rotation with its
 * members in turn order, or a member) and after how many minutes an unacknowledged incident moves on.
 */
export function escalationChain(team: TeamSpec): string[] {
  return team.escalation.map((level, i) => {
    const who = level.notify
      .map((name) => {
        const rotation = team.rotations.find((r) => r.name === name);
        return rotation
          ? `rotation ${name} (${rotation.members.join(" → ")}, ${rotation.type}, hand-off ${rotation.handoff} ${rotation.timeZone})`
          : name;
      })
      .join(" and ");
    return `${i + 1}. ${who}, escalating after ${level.escalateAfterMinutes} min`;
  });
}
