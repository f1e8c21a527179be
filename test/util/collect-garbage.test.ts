import { randomBytes } from "node:crypto";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import { runInNewContext, Script } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { resolveEnvironments } from "../../src/spec";
import { collectBetweenPhases, collectGarbageAfterPhase, fullCollection } from "../../src/util/collect-garbage";
import { bundled, synthUncached } from "../support/synth";

/** About `mb` MB of strings on V8's heap (64 KB each, flat, one byte a character). */
function allocate(mb: number): string[] {
  return Array.from({ length: mb * 16 }, () => randomBytes(32768).toString("hex"));
}

// A large synth collects its garbage between phases (src/util/collect-garbage.ts); smaller ones never do.
describe("collectGarbageAfterPhase", () => {
  // The collections are this process's: the test turns them off again (the shared test workers run other files).
  afterEach(() => collectBetweenPhases(false));

  it("takes V8's full collection without leaving its flag set: no gc in new contexts, code cached before still accepted", () => {
    const source = "(function twice(x) { return x * 2; })(21)";
    const cached = new Script(source);
    cached.runInThisContext();
    const data = cached.createCachedData();
    expect(runInNewContext("typeof gc"), "the test process runs without --expose-gc").toBe("undefined");
    const collect = fullCollection();
    expect(typeof collect).toBe("function");
    collect();
    expect(runInNewContext("typeof gc")).toBe("undefined");
    // V8 refuses a code cache made under other flags: the app's cache (bin/code-cache.js) would be rebuilt every run.
    expect(new Script(source, { cachedData: data }).cachedDataRejected).toBe(false);
  });

  it("collects nothing until the program turns the collections on: a stack imported into another app never does", async () => {
    // A fresh instance of the module: the state of a process that has not turned anything on.
    const fresh = (await import(/* @vite-ignore */ `${__dirname}/../../src/util/collect-garbage.ts?fresh`)) as {
      collectBetweenPhases: typeof collectBetweenPhases;
      collectGarbageAfterPhase: typeof collectGarbageAfterPhase;
    };
    expect(fresh.collectGarbageAfterPhase(), "off in a process that did not turn it on").toBe(false);
    fresh.collectBetweenPhases({ floor: 0, growth: 0 });
    expect(fresh.collectGarbageAfterPhase()).toBe(true);
    fresh.collectBetweenPhases(false);
    expect(fresh.collectGarbageAfterPhase()).toBe(false);
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

  it("a stack collects after validation, after it is built and after it is resolved, once its program turned that on", async () => {
    const forced: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const { flags } = (entry as unknown as { detail: { flags: number } }).detail;
        if (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forced.push(entry.startTime);
      }
    });
    const [spec] = resolveEnvironments([{ source: "dev", input: bundled("dev") }]);
    observer.observe({ entryTypes: ["gc"] });
    try {
      synthUncached([spec]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(forced, "off: no forced collection").toHaveLength(0);
      collectBetweenPhases({ floor: 0, growth: 0 });
      synthUncached([spec]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      observer.disconnect();
    }
    expect(forced.length, "the start and the end of the constructor, and the resolve").toBeGreaterThanOrEqual(3);
  });
});
