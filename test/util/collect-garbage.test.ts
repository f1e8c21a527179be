import { randomBytes } from "node:crypto";
import { getHeapStatistics } from "node:v8";
import { runInNewContext, Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { collectGarbageAfterPhase } from "../../src/util/collect-garbage";

/** About `mb` MB of strings on V8's heap (64 KB each, flat, one byte a character). */
function allocate(mb: number): string[] {
  return Array.from({ length: mb * 16 }, () => randomBytes(32768).toString("hex"));
}

// A large synth collects its garbage between phases (src/util/collect-garbage.ts); smaller ones never do.
describe("collectGarbageAfterPhase", () => {
  // First: the module's first collection is the one that sets V8's flag and unsets it.
  it("leaves V8's flags as they were: no gc in new contexts, and code cached before still accepted", () => {
    const source = "(function twice(x) { return x * 2; })(21)";
    const cached = new Script(source);
    cached.runInThisContext();
    const data = cached.createCachedData();
    const hadGc = runInNewContext("typeof gc");
    expect(collectGarbageAfterPhase({ floor: 0, growth: 0 })).toBe(true);
    expect(runInNewContext("typeof gc")).toBe(hadGc);
    // V8 refuses a code cache made under other flags: the app's cache (bin/code-cache.js) would be rebuilt every run.
    expect(new Script(source, { cachedData: data }).cachedDataRejected).toBe(false);
  });
  it("collects nothing while the heap in use is under the floor", () => {
    expect(collectGarbageAfterPhase({ floor: Number.MAX_SAFE_INTEGER, growth: 0 })).toBe(false);
  });

  it("frees the garbage once the heap has passed the floor, then waits until it has grown again", () => {
    let held: string[] | undefined = allocate(32);
    const before = getHeapStatistics().used_heap_size;
    expect(held).toHaveLength(512);
    held = undefined;
    expect(collectGarbageAfterPhase({ floor: 0, growth: 0 })).toBe(true);
    expect(getHeapStatistics().used_heap_size).toBeLessThan(before - 16 * 2 ** 20);
    // Right after a collection the heap has not grown 1.5 times: no second collection.
    expect(collectGarbageAfterPhase({ floor: 0, growth: 1.5 })).toBe(false);
  });
});
