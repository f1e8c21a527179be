import type { EnvironmentSpec } from "../../spec/environment";
import { deployPrerequisites, type Prerequisite } from "../prerequisites";

const cell = (text: string) => text.replaceAll("|", "\\|");

function label(p: Prerequisite): string {
  const name = p.name ? `\`${p.namespace ? `${p.namespace}/` : ""}${p.name}\`` : "the cluster's default";
  return `${p.kind} ${name}${p.keys?.length ? ` (keys ${p.keys.map((k) => `\`${k}\``).join(", ")})` : ""}`;
}

/** The "Prerequisites" section: what must exist before the first deploy, and the command that checks each. */
export function prerequisitesSection(spec: EnvironmentSpec): string[] {
  const list = deployPrerequisites(spec);
  if (list.length === 0) return [];
  return [
    "## Prerequisites",
    "",
    `The stack relies on these but does not create them: a missing state backend fails \`terraform init\`, a missing Secret or class leaves pods waiting until the release times out, a missing cloud secret or cluster identity provider fails the plan or the apply, a foreign CRD install fails the apply, a missing account setting leaves alarms without data or their Slack delivery uncreatable. Run \`monitoring-stack preflight --env ${spec.name}\` before \`cdktf deploy\`: it runs these commands where kubectl and the cloud CLI reach the cluster and account; each exits non-zero when its prerequisite is missing.`,
    "",
    "| needs | why | check |",
    "| --- | --- | --- |",
    ...list.map((p) => `| ${cell(label(p))} | ${cell(p.why)} | \`${cell(p.check)}\` |`),
    "",
  ];
}
