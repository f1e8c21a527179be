import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { toYaml } from "../../src/render/artifacts";
import { BLOCK_YAML_OPTIONS, blockYaml } from "../../src/terraform/block-yaml";
import { jsonLike } from "../support/json-like";

/** Strings made of what decides YAML's scalar styles: indicators, blanks, line breaks, document markers, lookalikes. */
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."aZ0 9-?:#,[]{}&*!|>'\"%@`\t\n\r\\.~+e_/$x\u00e9\u0085\u2028\ufeff\u0007") }),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    ...["", " ", "-", "?", "- a", "a: b", "a #b", "a:", "true", "False", "NULL", "~", "null", "yes", "0x1F", "0o17", "1e3"],
    ...["-1.5", ".5", ".inf", "-.Inf", ".nan", "5m", "30s", "128Mi", "---", "--- a", "...", "%x", "a\n---\nb", " a\n b"],
    ...['{{ template "x" . }}', "it's", "a\n\nb\n", "\n", "x\n ", "${TfToken[TOKEN.1]}", "a".repeat(1100)],
  ),
);

/** JSON-like values as Helm values hold them, and the corners: undefined members and items, empty containers, numbers. */
const value = jsonLike({ leaves: [text], keys: fc.oneof(text, fc.nat(20).map(String)) });

/** The text written, or the error's message: what the package refuses, this refuses the same way. */
function outcome(write: () => string): string {
  try {
    return write();
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

describe("the YAML of Helm values (src/terraform/block-yaml.ts)", () => {
  it("is byte for byte what the yaml package writes with the same options", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(blockYaml(v)).toBe(stringify(v, BLOCK_YAML_OPTIONS));
      }),
      { numRuns: 2000 },
    );
  });

  it("is toYaml's text (rule files, export): the package's with no folding, whatever minContentWidth says", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(toYaml(v)).toBe(stringify(v, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false }));
      }),
      { numRuns: 200 },
    );
  });

  it("hands the package what is not JSON-like data, and repeats a shared object instead of an alias", () => {
    const shared = { a: 1 };
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    class Point {
      x = 1;
    }
    const values = [{ m: new Map([["a", 1]]) }, { d: new Date(0) }, [new Set([1])], { p: new Point() }, { f: () => 1 }];
    for (const v of [...values, { n: 10n }, { "1": "integer-like key" }, { shared, again: shared }, [shared, shared], new Date(0)]) {
      expect(outcome(() => blockYaml(v))).toBe(outcome(() => stringify(v, BLOCK_YAML_OPTIONS)));
    }
    expect(blockYaml({ shared, again: shared })).not.toContain("*");
    // The package cannot write a cycle without aliases (it overflows the stack): neither can this.
    expect(() => blockYaml(cyclic)).toThrow();
  });
});
