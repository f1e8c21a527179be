import type { EnvironmentSpec } from "../../spec/environment";
import { type Prerequisite, prerequisites } from "../prerequisites";

const cell = (text: string) => text.replaceAll("|", "\\|");

function label(p: Prerequisite): string {
  const name = p.name ? `\`${p.namespace ? `${p.namespace}/` : ""}${p.name}\`` : "the cluster's default";
  return `${p.kind} ${name}${p.keys?.length ? ` (keys ${p.keys.map((k) => `\`${k}\``).join(", ")})` : ""}`;
}

/** The "Prerequisites" section: what must exist in the cluster before apply, and the command that checks each. */
export function prerequisitesSection(spec: EnvironmentSpec): string[] {
  const list = prerequisites(spec);
  if (list.length === 0) return [];
  return [
    "## Prerequisites",
    "",
    "The stack refers to these but does not create them; pods that need a missing one wait and the release times out. Create them before `terraform apply`; each command exits non-zero when its object is missing.",
    "",
    "| needs | why | check |",
    "| --- | --- | --- |",
    ...list.map((p) => `| ${cell(label(p))} | ${cell(p.why)} | \`${cell(p.check)}\` |`),
    "",
  ];
}
