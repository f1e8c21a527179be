/**
 * cdktf 0.21's TerraformStack.toTerraform resolves every element's fragment, keeps all of them, then deep-merges each
 * into the stack's JSON: a third copy of every object of the stack (the element's own, the resolved one, the merged
 * one) alive at once, the largest part of synth's memory at 10,000 watched resources (#19). A resolved fragment is
 * fresh data that nothing else holds (resolve copies every object and array it returns), so the app's bundle
 * (bin/bundle.js) has toTerraform merge each fragment as soon as it is resolved, with this merge: where the stack has
 * no object yet, the fragment's object itself is taken instead of a copy; everything else is merged as cdktf's
 * deepMerge merges it. The result is the same data in the same key order (a property test compares the two).
 */

/** cdktf's deepMerge (util.js), for what is not taken over. */
export type DeepMerge = (target: unknown, ...sources: unknown[]) => unknown;

/** Merges the resolved fragment `source` into `target` as `deepMerge(target, source)` does, taking over its objects. */
export function mergeResolved(target: Record<string, unknown>, source: Record<string, unknown>, deepMerge: DeepMerge): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const current = target[key];
    if (!isPlainMember(value) || (typeof current === "object" && (current === null || Array.isArray(current)))) {
      // Lists, scalars, undefined, and the odd cases (an object over a list or null): cdktf's own merge of this member.
      deepMerge(target, { [key]: value });
    } else if (typeof current === "object") {
      mergeResolved(current as Record<string, unknown>, value, deepMerge);
    } else {
      // deepMerge would put a new object here and copy the fragment's members into it, in their order.
      target[key] = value;
    }
  }
}

/** An object deepMerge walks into: not a list, not a token (resolved data holds none, but cdktf checks). */
function isPlainMember(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { resolve?: unknown }).resolve !== "function"
  );
}
