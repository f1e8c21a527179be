import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCached, runCachedAsync } from "./run-cache";

const saved = process.env.MONITORING_TEST_RUN_CACHE;
afterEach(() => {
  process.env.MONITORING_TEST_RUN_CACHE = saved;
});

describe("results shared by the test processes of one run", () => {
  it("computes a result once per run and key, and again for another key", async () => {
    process.env.MONITORING_TEST_RUN_CACHE = join(mkdtempSync(join(tmpdir(), "run-cache-")), "cache");
    let calls = 0;
    const compute = () => `result ${++calls}`;
    expect(runCached("k", "a", compute)).toBe("result 1");
    expect(runCached("k", "a", compute)).toBe("result 1");
    expect(runCached("k", "b", compute)).toBe("result 2");
    expect(await runCachedAsync("k", "a", async () => compute())).toBe("result 1");
    expect(calls).toBe(2);
  });

  it("a failed computation is not stored", () => {
    process.env.MONITORING_TEST_RUN_CACHE = join(mkdtempSync(join(tmpdir(), "run-cache-")), "cache");
    expect(() =>
      runCached("k", "a", () => {
        throw new Error("refused");
      }),
    ).toThrow("refused");
    expect(runCached("k", "a", () => "ok")).toBe("ok");
  });

  it("outside a vitest run (no run folder) nothing is shared", () => {
    delete process.env.MONITORING_TEST_RUN_CACHE;
    let calls = 0;
    runCached("k", "a", () => `${++calls}`);
    runCached("k", "a", () => `${++calls}`);
    expect(calls).toBe(2);
  });
});
