import type { z } from "zod";
import type { WatchKindBase } from "../../catalog/watch-kinds";

/**
 * The environment documentation's "collected" rows of a cloud's watch list: one per kind of the registry with
 * resources, `<label>: <resource> (<owner>), …`, and what is collected from them.
 */
export function collectedRows(
  registry: Readonly<Record<string, WatchKindBase<z.ZodType>>>,
  watch: unknown,
  /** What a kind without its own `collected` yields (the cloud's metrics). */
  defaultCollected: string,
): Array<readonly [string, string]> {
  const listed = watch as Readonly<Record<string, readonly never[]>>;
  return Object.entries(registry).flatMap(([key, kind]) => {
    const resources = listed[key] ?? [];
    if (resources.length === 0) return [];
    const names = resources.map((r) => (kind.owner(r) ? `${kind.identify(r)} (${kind.owner(r)})` : kind.identify(r)));
    return [[`${kind.label}: ${names.join(", ")}`, kind.collected ?? defaultCollected] as const];
  });
}
