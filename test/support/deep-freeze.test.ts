import { describe, expect, it } from "vitest";
import { bundledStacks, renderBundled } from "../charts/bundled";
import { partComposites } from "../render/aws/part-composites";
import { deepFreeze } from "./deep-freeze";
import { helmAvailability } from "./helm";
import { bundledSpec } from "./synth";

/** Paths (at most `limit`) of objects reachable from `value` through data properties that are not frozen. */
function unfrozen(value: unknown, limit = 5): string[] {
  const found: string[] = [];
  const seen = new WeakSet<object>();
  const walk = (item: unknown, path: string) => {
    if (found.length >= limit || item === null || typeof item !== "object" || seen.has(item) || ArrayBuffer.isView(item)) return;
    seen.add(item);
    if (!Object.isFrozen(item)) found.push(path || "(root)");
    for (const key of Reflect.ownKeys(item)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(item, key);
      if (descriptor && "value" in descriptor) walk(descriptor.value, `${path}.${String(key)}`);
    }
  };
  walk(value, "");
  return found;
}

describe("deepFreeze", () => {
  it("freezes every nested object and array, so a change throws where it is made", () => {
    const shared = { name: "x" };
    const value = deepFreeze({ a: { b: [1, { c: 2 }] }, one: shared, two: shared, buffer: Buffer.from("ab") });
    expect(unfrozen(value)).toEqual([]);
    expect(() => {
      (value.a.b[1] as { c: number }).c = 3;
    }).toThrow(TypeError);
    expect(() => (value.a.b as unknown[]).push(3)).toThrow(TypeError);
    // Buffers cannot be frozen; they stay writable rather than fail the freeze.
    value.buffer[0] = 0x41;
    expect(value.buffer.toString()).toBe("Ab");
  });

  it("walks cycles once, leaves classes' prototypes alone, and does not walk what is frozen already (nor read its getters)", () => {
    class Box {
      constructor(readonly inner: { n: number }) {}
    }
    const cyclic: { self?: unknown; box: Box } = { box: new Box({ n: 1 }) };
    cyclic.self = cyclic;
    let reads = 0;
    const lazy = Object.freeze({
      get computed() {
        reads++;
        return { fresh: true };
      },
    });
    deepFreeze({ cyclic, lazy });
    expect(unfrozen(cyclic)).toEqual([]);
    expect(Object.isFrozen(Box.prototype)).toBe(false);
    expect(reads).toBe(0);
  });
});

const helm = helmAvailability();

describe("the caches the test files of a worker share hand out frozen objects (a change by one test would reach the others)", () => {
  it("bundledSpec and bundledStacks", () => {
    expect(unfrozen(bundledSpec("dev"))).toEqual([]);
    expect(unfrozen(bundledStacks())).toEqual([]);
    expect(() => {
      (bundledStacks().dev.terraform as Record<string, unknown>).backend = {};
    }).toThrow(TypeError);
  });

  it("partComposites", () => {
    expect(unfrozen(partComposites())).toEqual([]);
  });

  it.skipIf(helm.skip)(
    "renderBundled and renderRelease: the releases, their inputs and their parsed objects",
    async () => {
      const rendered = await renderBundled();
      expect(unfrozen(rendered)).toEqual([]);
      const exporter = rendered.dev.find((r) => r.release.chart === "prometheus-mysql-exporter");
      expect(exporter?.objects.length).toBeGreaterThan(0);
      expect(unfrozen(exporter?.objects)).toEqual([]);
    },
    240_000,
  );
});
