import { describe, expect, it } from "vitest";
import { type RuleFileSpec, ruleReleaseShards, ruleReleaseValues } from "../../../src/render/prometheus/rule-releases";

/** A rule file of about `bytes` bytes (JSON) with `groups` groups. */
const file = (bytes: number, groups = 1): RuleFileSpec => ({
  groups: Array.from({ length: groups }, (_, i) => ({
    name: `g${i}`,
    rules: [{ record: "x", expr: "y".repeat(Math.floor(bytes / groups)) }],
  })),
});
const size = (files: Record<string, RuleFileSpec>) => Object.values(files).reduce((n, f) => n + JSON.stringify(f).length, 0);
const files = (count: number, bytes: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`slo-svc-${i}`, file(bytes)]));

describe("rule files spread over Helm releases", () => {
  it("a small environment has one release with every file", () => {
    const input = files(5, 1000);
    expect(ruleReleaseShards(input)).toEqual([input]);
    expect(ruleReleaseShards({})).toEqual([{}]);
  });

  it("every release holds at most the budget, and every file is in exactly one", () => {
    const input = files(400, 3000);
    const shards = ruleReleaseShards(input, 100_000);
    expect(shards.length).toBeGreaterThan(8);
    for (const shard of shards) expect(size(shard)).toBeLessThanOrEqual(100_000);
    expect(shards.flatMap((s) => Object.keys(s)).sort()).toEqual(Object.keys(input).sort());
  });

  it("adding files moves no other file, or moves it only from release k to k + count when the count doubles", () => {
    const before = ruleReleaseShards(files(200, 3000), 100_000);
    const after = ruleReleaseShards(files(260, 3000), 100_000);
    const where = (shards: Record<string, RuleFileSpec>[], name: string) => shards.findIndex((s) => name in s);
    for (const name of Object.keys(files(200, 3000))) {
      const [was, is] = [where(before, name), where(after, name)];
      expect(is % before.length, name).toBe(was);
    }
  });

  it("a file over the budget is split by its groups; a single group over it gets a release to itself", () => {
    const shards = ruleReleaseShards({ big: file(250_000, 5), huge: file(150_000, 1), small: file(100) }, 100_000);
    const all = Object.assign({}, ...shards) as Record<string, RuleFileSpec>;
    expect(Object.keys(all).sort()).toEqual(["big", "big-part-2", "big-part-3", "big-part-4", "big-part-5", "huge", "small"].sort());
    expect(shards.find((s) => "huge" in s)).toEqual({ huge: all.huge });
    for (const shard of shards.filter((s) => !("huge" in s))) expect(size(shard)).toBeLessThanOrEqual(100_000);
  });

  it("PrometheusRule names carry the release (a file moving between releases never collides with itself) within 63 characters", () => {
    const values = ruleReleaseValues("prometheus-rules-3", { "slo-checkout": file(10), [`slo-${"s".repeat(80)}`]: file(10) });
    const names = Object.keys(values.rules);
    expect(names[0]).toBe("prometheus-rules-3-slo-checkout");
    expect(names[1]).toMatch(/^prometheus-rules-3-slo-s+-[0-9a-f]{8}$/);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
  });
});
