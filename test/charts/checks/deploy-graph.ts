import type { Prerequisite } from "../../../src/render/prerequisites";
import type { RenderedRelease } from "../../support/helm";
import { createdBy, DEFAULT_CLASS, type KubeReference, referenceKey, stackReferences, terraformReferences } from "../../support/helm-graph";
import type { TerraformJson } from "../../support/synth";
import type { Finding } from "./finding";

/**
 * Every object a rendered workload refers to is created by the stack (rendered, or a `kubernetes_*` resource) or is
 * a listed prerequisite, with the key it reads; and every listed prerequisite is used (the list stays exact).
 */
export function deployGraphFindings(
  env: string,
  stack: TerraformJson,
  rendered: readonly RenderedRelease[],
  prereqs: readonly Prerequisite[],
): Finding[] {
  const created = createdBy(stack, rendered);
  const listed = new Map(prereqs.map((p) => [referenceKey(p.kind, p.name ?? DEFAULT_CLASS, p.namespace), p]));
  const used = new Set<string>();
  const messages = new Set<string>();
  const describe = (ref: KubeReference) =>
    `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}${ref.key ? ` key ${ref.key}` : ""} (${ref.via} of ${ref.from})`;
  for (const ref of [...stackReferences(rendered), ...terraformReferences(stack)]) {
    const key = referenceKey(ref.kind, ref.name, ref.namespace);
    if (created.has(key)) {
      const keys = created.get(key);
      if (ref.key && keys && !keys.has(ref.key))
        messages.add(`${describe(ref)}: the stack creates it without that key (has ${[...keys].sort().join(", ") || "none"})`);
      continue;
    }
    const prerequisite = listed.get(key);
    if (prerequisite) {
      used.add(key);
      if (ref.key && prerequisite.keys && !prerequisite.keys.includes(ref.key))
        messages.add(`${describe(ref)}: the prerequisite lists keys ${prerequisite.keys.join(", ")}`);
      continue;
    }
    messages.add(`${describe(ref)} is neither created by the stack nor a listed prerequisite`);
  }
  for (const [key, p] of listed) {
    if (!used.has(key) && !created.has(key))
      messages.add(
        `prerequisite ${p.kind} ${p.namespace ? `${p.namespace}/` : ""}${p.name ?? DEFAULT_CLASS} is listed but nothing refers to it`,
      );
  }
  return [...messages].sort().map((message) => ({ env, check: "deploy-graph", message }));
}
