import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { helmAvailability, helmBinary, helmTarget } from "./helm";
import { ROOT } from "./run";

describe.skipIf(helmAvailability().skip)("the helm binary the chart tests run", () => {
  it("is extracted once and kept between runs: in node_modules/.cache, not in the run's temporary folder", async () => {
    const binary = await helmBinary();
    expect(binary).toBe(helmTarget());
    expect(binary.startsWith(join(ROOT, "node_modules", ".cache") + sep)).toBe(true);
    // Each run has a temporary folder of its own (test/support/global-temp-dir.ts), removed when it ends.
    expect(binary.startsWith(tmpdir() + sep)).toBe(false);
  });
});
