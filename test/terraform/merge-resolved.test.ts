import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeResolved } from "../../src/terraform/merge-resolved";
import { jsonLike } from "../support/json-like";

const { mergeFragments } = require("../../bin/bundle.js") as { mergeFragments: (source: string) => string | undefined };

const stackFile = require.resolve("cdktf/lib/terraform-stack.js");
const deepMerge = createRequire(stackFile)("./util.js").deepMerge as (target: unknown, ...sources: unknown[]) => unknown;

/** What cdktf's resolve returns for plain data: fresh objects and arrays, undefined members and items left out. */
function resolvedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(resolvedCopy);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    // Assigned as resolve assigns it (a "__proto__" key sets the prototype there too).
    if (member !== undefined) out[key] = resolvedCopy(member);
  }
  return out;
}

// Few keys, so fragments meet at every level as resources of one type do ("resource" > type > name).
const fragment = jsonLike({
  leaves: [fc.string()],
  keys: fc.constantFrom("resource", "data", "terraform", "a", "b", "c", "__proto__"),
}).filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v));

/** The stack's JSON after merging `fragments` with `merge` (each a fresh resolved copy), or the error. */
function merged(fragments: readonly unknown[], merge: (tf: Record<string, unknown>, fragment: Record<string, unknown>) => void): string {
  const tf: Record<string, unknown> = { "//": { metadata: { version: "0.21.0" } } };
  try {
    for (const item of fragments) merge(tf, resolvedCopy(item) as Record<string, unknown>);
    return `ok ${JSON.stringify(tf)}`;
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

describe("mergeResolved: cdktf's deepMerge of resolved fragments without copying them (the bundle's stack toTerraform)", () => {
  it("gives the stack's JSON deepMerge gives, key order included, for any sequence of resolved fragments", () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 6 }), (fragments) => {
        expect(merged(fragments, (tf, f) => mergeResolved(tf, f, deepMerge))).toBe(merged(fragments, (tf, f) => deepMerge(tf, f)));
      }),
      { numRuns: 500 },
    );
  });

  it("takes a fragment's object over where the stack has none, and merges into it after", () => {
    const tf: Record<string, unknown> = {};
    const first = { resource: { aws_x: { a: { n: 1 } } } };
    mergeResolved(tf, first, deepMerge);
    expect(tf.resource).toBe(first.resource);
    mergeResolved(tf, { resource: { aws_x: { b: { n: 2 } }, aws_y: { c: { list: [1] } } } }, deepMerge);
    expect(tf).toEqual({ resource: { aws_x: { a: { n: 1 }, b: { n: 2 } }, aws_y: { c: { list: [1] } } } });
  });

  it("applies to the installed cdktf, once, in TerraformStack.toTerraform (the HCL path is left as it is)", () => {
    const source = readFileSync(stackFile, "utf8");
    const patched = mergeFragments(source);
    expect(patched, "bin/bundle.js no longer matches cdktf's terraform-stack.js: update MERGE_COPIES").toBeDefined();
    expect((patched ?? "").split(".mergeResolved(tf, (0, _tokens_1.resolve)(this, e.toTerraform()), util_1.deepMerge)").length - 1).toBe(1);
    expect((patched ?? "").split("e.toHclTerraform()").length).toBe(source.split("e.toHclTerraform()").length);
    expect(mergeFragments("const fragments = [];")).toBeUndefined();
  });
});
