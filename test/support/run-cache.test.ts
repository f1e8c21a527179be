import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

  /** A run folder where another live process holds the lock of (k, a) and stores `done` after `delayMs`. */
  function heldByAnother(delayMs: number): { cache: string; exited: Promise<void> } {
    const cache = join(mkdtempSync(join(tmpdir(), "run-cache-")), "cache");
    mkdirSync(cache);
    const file = join(cache, `k-${createHash("sha256").update("a").digest("hex")}`);
    // Stored as store() stores: written apart and renamed, so a reader never meets the file half-written (created
    // empty by the redirection, then filled: a loaded machine showed the waiting test that moment).
    const holder = spawn("sh", [
      "-c",
      `sleep ${delayMs / 1000}; printf done > "${file}.partial"; mv "${file}.partial" "${file}"; rm -f "${file}.lock"`,
    ]);
    writeFileSync(`${file}.lock`, String(holder.pid));
    return { cache, exited: new Promise((resolve) => holder.once("exit", () => resolve())) };
  }

  it("waits for a result another test process is computing instead of computing it again", async () => {
    const held = heldByAnother(500);
    process.env.MONITORING_TEST_RUN_CACHE = held.cache;
    let calls = 0;
    expect(runCached("k", "a", () => `${++calls}`)).toBe("done");
    await held.exited;
    const heldAsync = heldByAnother(500);
    process.env.MONITORING_TEST_RUN_CACHE = heldAsync.cache;
    expect(await runCachedAsync("k", "a", async () => `${++calls}`)).toBe("done");
    expect(calls).toBe(0);
    await heldAsync.exited;
  });

  it("does not wait for a lock whose process is gone: it computes the result itself", () => {
    const cache = join(mkdtempSync(join(tmpdir(), "run-cache-")), "cache");
    mkdirSync(cache);
    const gone = spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(join(cache, `k-${createHash("sha256").update("a").digest("hex")}.lock`), gone);
    process.env.MONITORING_TEST_RUN_CACHE = cache;
    const started = Date.now();
    expect(runCached("k", "a", () => "computed")).toBe("computed");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(runCached("k", "a", () => "again")).toBe("computed");
  });
});
