import { describe, expect, it } from "vitest";

describe("TypeScript through Node's require in the test workers", () => {
  it("is registered once per process however often the setup file runs (a shared worker runs it before every file)", async () => {
    // Each evaluation of an unguarded setup chained one more resolve hook; at a few dozen a missing module's lookup hung.
    for (let i = 0; i < 12; i++) await import(/* @vite-ignore */ `${__dirname}/require-ts.ts?again=${i}`);
    const started = Date.now();
    expect(() => require("./no-such-module")).toThrow(/Cannot find module/);
    expect(Date.now() - started).toBeLessThan(2_000);
  }, 20_000);
});
