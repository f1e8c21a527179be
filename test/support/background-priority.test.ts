import { getPriority } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("the shared test processes", () => {
  it("run below the e2e suites' CPU priority (niceness 10 or more)", () => {
    expect(getPriority()).toBeGreaterThanOrEqual(10);
  });

  it("still load TypeScript through Node's require (the root setup file is kept beside the project's)", () => {
    const { ROOT } = require(join(__dirname, "run.ts")) as { ROOT: string };
    expect(ROOT).toBe(join(__dirname, "..", ".."));
  });
});
