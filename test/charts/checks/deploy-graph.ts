import type { Prerequisite } from "../../../src/render/prerequisites";
import type { RenderedRelease } from "../../support/helm";
import { createdBy, DEFAULT_CLASS, type KubeReference, referenceKey, stackReferences, terraformReferences } from "../../support/helm-graph";
import type { TerraformJson } from "../../support/synth";
import type { Finding } from "./finding";

/**
 * Every object a rendered workload refers to is created by the stack (rendered, or a `kubernetes_*` resource) or is
 * a listed prerequisite, with the key it reads; every namespace a release installs into exists; and every listed
 * prerequisite is used (the list stays exact).
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
  for (const message of namespaceFindings(stack, rendered)) messages.add(message);
  for (const [key, p] of listed) {
    if (!used.has(key) && !created.has(key))
      messages.add(
        `prerequisite ${p.kind} ${p.namespace ? `${p.namespace}/` : ""}${p.name ?? DEFAULT_CLASS} is listed but nothing refers to it`,
      );
  }
  return [...messages].sort().map((message) => ({ env, check: "deploy-graph", message }));
}

/** Namespaces every cluster has. */
const BUILT_IN_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/** Kinds that live outside namespaces (helm leaves them without one). */
const CLUSTER_SCOPED_KINDS = new Set([
  "APIService",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "IngressClass",
  "MutatingWebhookConfiguration",
  "Namespace",
  "PersistentVolume",
  "PriorityClass",
  "RuntimeClass",
  "StorageClass",
  "ValidatingWebhookConfiguration",
]);

/**
 * Every namespace a release installs objects into exists: the cluster's own, a `kubernetes_namespace_v1` of the stack
 * or one a helm_release creates (`create_namespace`). Otherwise the release fails on its first object.
 */
function namespaceFindings(stack: TerraformJson, rendered: readonly RenderedRelease[]): string[] {
  const created = new Set(BUILT_IN_NAMESPACES);
  for (const ns of Object.values<TerraformJson>(stack.resource?.kubernetes_namespace_v1 ?? {})) created.add(ns.metadata?.name);
  for (const release of Object.values<TerraformJson>(stack.resource?.helm_release ?? {}))
    if (release.create_namespace === true) created.add(release.namespace);
  const out: string[] = [];
  for (const r of rendered) {
    const missing = new Set<string>();
    for (const o of r.objects) {
      if (CLUSTER_SCOPED_KINDS.has(o.kind)) continue;
      const ns = o.metadata.namespace ?? r.release.namespace;
      if (!created.has(ns)) missing.add(ns);
    }
    for (const ns of missing)
      out.push(`Namespace ${ns} (release ${r.release.name} installs into it) is neither created by the stack nor a cluster's own`);
  }
  return out;
}
