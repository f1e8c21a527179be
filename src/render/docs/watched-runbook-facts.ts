import type { RunbookFacts } from "../../catalog/runbooks/types";

/** A cloud catalog entry as far as runbook facts go: its slug service and what fills its pages for one resource. */
interface FactsOfKind {
  readonly service: string;
  readonly runbookFacts: (resource: never, cloud: never) => RunbookFacts;
}

/**
 * Runbook facts of every watched resource of a Google or Azure watch list, looked up by an alarm's runbook slug
 * (`<cloud>-<service>-<preset>`) and resource name: pages of one service are filled from its resources only.
 */
export function watchedRunbookFacts(
  cloud: "gcp" | "azure",
  catalog: Readonly<Record<string, FactsOfKind>>,
  watch: Readonly<Record<string, readonly { readonly name: string }[]>>,
  /** Facts every resource of the cloud shares (its project), added to each resource's own. @default {} */
  shared: RunbookFacts = {},
  /** The cloud section, for kinds whose lookups name it. @default - none */
  cloudSection?: unknown,
): (runbookSlug: string, resource: string) => RunbookFacts | undefined {
  const byKey = new Map<string, RunbookFacts>();
  for (const [kind, entry] of Object.entries(catalog))
    for (const resource of watch[kind] ?? [])
      byKey.set(`${cloud}-${entry.service}-${resource.name}`, {
        ...shared,
        ...entry.runbookFacts(resource as never, cloudSection as never),
      });
  return (slug, resource) => {
    const [prefix, service] = slug.split("-");
    return byKey.get(`${prefix}-${service}-${resource}`);
  };
}
