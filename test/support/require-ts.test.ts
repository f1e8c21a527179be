import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILT_FOLDERS, builtFile } from "./require-ts";

const ROOT = join(__dirname, "..", "..");

describe("TypeScript through Node's require in the test workers", () => {
  it("is registered once per process however often the setup file runs (a shared worker runs it before every file)", async () => {
    // Each evaluation of an unguarded setup chained one more resolve hook; at a few dozen a missing module's lookup hung.
    for (let i = 0; i < 12; i++) await import(/* @vite-ignore */ `${__dirname}/require-ts.ts?again=${i}`);
    const started = Date.now();
    expect(() => require("./no-such-module")).toThrow(/Cannot find module/);
    expect(Date.now() - started).toBeLessThan(2_000);
  }, 20_000);

  it("maps exactly the folders the build compiles to their build in dist/", () => {
    const { include } = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")) as { include: string[] };
    expect([...BUILT_FOLDERS].sort()).toEqual([...include].sort());
    expect(builtFile(join(ROOT, "stacks", "environments.ts"))).toBe(join(ROOT, "dist", "stacks", "environments.js"));
    expect(builtFile(join(ROOT, "test", "support", "run.ts"))).toBeUndefined();
  });

  it("loads a project module and a test support file through require, whichever way each is loaded", () => {
    const environments = require(join(ROOT, "environments")) as { BUNDLED_ENVIRONMENTS: Record<string, unknown> };
    expect(Object.keys(environments.BUNDLED_ENVIRONMENTS).length).toBeGreaterThan(0);
    const { ROOT: root } = require(join(__dirname, "run.ts")) as { ROOT: string };
    expect(root).toBe(ROOT);
  });
});
