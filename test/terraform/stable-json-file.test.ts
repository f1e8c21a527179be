import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { writeStableJson } from "../../src/terraform/stable-json-file";
import { cdktfStableStringify as original, cdktfJsonValue as value } from "../support/json-like";

// Where the writer stops writing member by member and hands a subtree to the whole-text writer: every split.
const outer = fc.record({ depth: fc.nat(6), entries: fc.nat(6) });

const dir = mkdtempSync(join(tmpdir(), "stable-json-file-"));
const file = join(dir, "cdk.tf.json");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the stack file written in chunks (src/terraform/stable-json-file.ts)", () => {
  it("holds byte for byte what json-stable-stringify writes, wherever the outer levels end", () => {
    fc.assert(
      fc.property(value, outer, (v, levels) => {
        const expected = original(v, { space: 2 });
        if (typeof expected !== "string") return;
        writeStableJson(file, v, { space: 2 }, levels);
        expect(readFileSync(file, "utf8")).toBe(expected);
        writeStableJson(file, v, undefined, levels);
        expect(readFileSync(file, "utf8")).toBe(original(v));
      }),
      { numRuns: 500 },
    );
  });

  it("writes a stack larger than one chunk, with deep subtrees, empty containers and undefined members", () => {
    const alarms = Object.fromEntries(
      Array.from({ length: 20_000 }, (_, i) => [
        `alarm-${i}`,
        { threshold: i, dimensions: { b: [], a: {}, c: [undefined, { z: "é\n\u2028", y: new Date(i) }] }, skip: undefined },
      ]),
    );
    const stack = { resource: { aws_cloudwatch_metric_alarm: { all: { for_each: alarms, alarm_name: "${each.key}" } } }, z: [] };
    writeStableJson(file, stack, { space: 2 });
    const text = readFileSync(file, "utf8");
    expect(text.length).toBeGreaterThan(2 << 20);
    expect(text).toBe(original(stack, { space: 2 }));
  });

  it("writes long strings and texts longer than its buffer whole: escapes, lone surrogates, characters of every UTF-8 length across the ends of its pieces", () => {
    // 4-byte characters (surrogate pairs), 3-, 2- and 1-byte ones; the offsets move where each piece of the text ends.
    const mixed = `${"a😀é€".repeat(40_000)}"\\\n\u0001\ud800x\udc00${"\ud83d".repeat(20_000)}😀`;
    for (const offset of [0, 1, 2, 3, 4, 5]) {
      const stack = { locals: { long: `${"x".repeat(offset)}${mixed}`, short: "😀" }, z: [mixed.slice(offset)] };
      writeStableJson(file, stack, { space: 2 });
      expect(readFileSync(file, "utf8")).toBe(original(stack, { space: 2 }));
    }
  });

  it("refuses a cycle at any level, as json-stable-stringify does", () => {
    const cyclic: Record<string, unknown> = { a: { b: {} } };
    (cyclic.a as { b: Record<string, unknown> }).b.self = cyclic;
    for (const depth of [0, 1, 5]) expect(() => writeStableJson(file, cyclic, { space: 2 }, { depth, entries: 64 })).toThrow(TypeError);
  });
});
