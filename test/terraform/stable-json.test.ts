import fc from "fast-check";
import { describe, expect, it } from "vitest";
import stableStringify, { EMPTY_MARKER, stableText } from "../../src/terraform/stable-json";
import { cdktfStableStringify as original, cdktfJsonValue as value } from "../support/json-like";

describe("the stable JSON text of the bundled app (src/terraform/stable-json.ts)", () => {
  it("is byte for byte what json-stable-stringify writes, with cdktf's two-space indent and without options", () => {
    // The reference is the package itself, not the writer the tests' setup gives cdktf (this one).
    expect(original).not.toBe(stableStringify);
    expect(original.toString()).not.toContain("stable JSON");
    fc.assert(
      fc.property(value, (v) => {
        expect(stableStringify(v, { space: 2 })).toBe(original(v, { space: 2 }));
        expect(stableStringify(v)).toBe(original(v));
      }),
      { numRuns: 500 },
    );
  });

  it("indents the text of a value that stands levels deep as the whole text indents it there", () => {
    fc.assert(
      fc.property(value, fc.nat(6), (v, level) => {
        const whole = original(v, { space: 2 });
        const indented = whole?.replaceAll("\n", `\n${"  ".repeat(level)}`);
        expect(stableText(v, "  ", level)).toBe(indented);
        expect(stableText(v, "", level)).toBe(original(v));
      }),
      { numRuns: 500 },
    );
    expect(stableText({ a: [], b: { 10: 1, 9: [{}] } }, "  ", 3)).toBe(
      '{\n        "a": [\n        ],\n        "b": {\n          "10": 1,\n          "9": [\n            {\n            }\n          ]\n        }\n      }',
    );
  });

  it("keeps the package's layout of empty containers and of undefined members and items", () => {
    const v = { b: [], a: {}, c: [undefined, () => 1, [[]], {}], d: undefined, e: new Date(0), f: { g: undefined } };
    expect(stableStringify(v, { space: 2 })).toBe(original(v, { space: 2 }));
    expect(stableStringify(v, { space: 2 })).toContain('"a": {\n  }');
    for (const top of [[], {}, "x", undefined]) expect(stableStringify(top, { space: 2 })).toBe(original(top, { space: 2 }));
  });

  it("writes strings that look like its own placeholder for empty containers as they are", () => {
    const v = { a: [], b: "stable-json-empty-", c: ['"stable-json-empty-x-[]"', "[]", "{}"] };
    expect(stableStringify(v, { space: 2 })).toBe(original(v, { space: 2 }));
    // The placeholder itself (one per process) in the data, beside empty containers and instead of them.
    for (const held of [
      { a: [], b: `${EMPTY_MARKER}-[]`, c: [{}, `${EMPTY_MARKER}-{}`] },
      { b: `${EMPTY_MARKER}-[]` },
      { a: [[]], b: [`${EMPTY_MARKER}-{}`, `${EMPTY_MARKER}-[]`, `${EMPTY_MARKER}-x`] },
    ]) {
      expect(stableStringify(held, { space: 2 })).toBe(original(held, { space: 2 }));
      expect(stableText(held, "  ", 3)).toBe(original(held, { space: 2 })?.replaceAll("\n", "\n      "));
    }
  });

  it("refuses a cycle and the options cdktf does not pass, instead of writing different text", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic)).toThrow(TypeError);
    expect(() => stableStringify({}, { cmp: () => 0 } as never)).toThrow(/only the "space" option/);
  });
});
