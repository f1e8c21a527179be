import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flat } from "../../src/util/flat-text";

// Alarm names and descriptions are built with flat`…` (a flat string, not V8's tree of pieces): same text as a template.
describe("flat", () => {
  it("gives the text the template gives, for any values", () => {
    const value = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
      fc.constant(null),
    );
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expect(flat`${a} on ${b} (${c}).`).toBe(`${a} on ${b} (${c}).`);
        expect(flat`${a}${b}${c}`).toBe(`${a}${b}${c}`);
      }),
    );
    const duration = { toString: () => "5m" };
    expect(flat`for ${duration}`).toBe("for 5m");
    expect(flat`plain`).toBe("plain");
  });
});
