import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import setup from "./global-temp-dir";

describe("the test run's temporary folder", () => {
  const base = mkdtempSync(join(tmpdir(), "global-temp-dir-"));
  afterEach(() => {
    // Restored now, not before the next test (vitest's unstubEnvs): in a shared worker the next file is collected
    // first, and code at its top level (cdktf's Testing.app() makes a folder under TMPDIR) would see the removed folder.
    vi.unstubAllEnvs();
    rmSync(base, { recursive: true, force: true });
  });

  it("is made once however many projects run the global setup, so paths under it stay short", () => {
    vi.stubEnv("MONITORING_TEST_TMPDIR", undefined);
    vi.stubEnv("MONITORING_TEST_RUN_CACHE", undefined);
    vi.stubEnv("TMPDIR", base);
    const teardownRoot = setup();
    const dir = process.env.TMPDIR ?? "";
    expect(dirname(dir)).toBe(base);
    // The two projects (shared, isolated) run it again in the same process.
    const teardowns = [setup(), setup()];
    expect(process.env.TMPDIR).toBe(dir);
    expect(process.env.MONITORING_TEST_RUN_CACHE).toBe(join(dir, "run-cache"));
    for (const teardown of teardowns) teardown();
    expect(existsSync(dir)).toBe(true);
    teardownRoot();
    expect(existsSync(dir)).toBe(false);
  });
});
