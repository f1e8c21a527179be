import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/run";

const validate = (...args: string[]) => runCli(["validate", "--json", ...args]);

// Each validate builds the stacks it checks: seconds of CPU, a minute or more on a loaded machine.
describe("monitoring-stack validate --json", { timeout: 180_000 }, () => {
  it("reports valid environments as data", async () => {
    const result = await validate("--env", "staging");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, environments: ["staging"], problems: [] });
    // No lock file is committed for staging yet: a warning, not a problem.
    expect(JSON.parse(result.stdout).warnings).toEqual([
      expect.stringMatching(/^warning: no committed provider lock file for monitoring-staging /),
    ]);
  });

  it("reports every problem with its source and path, and exits 1", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "validate-json-")), "bad.yaml");
    writeFileSync(file, "name: qa\nprofile: tiny\nchannels: []\n");
    const result = await validate("--spec", file);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems.map((p: { path: string }) => p.path).sort()).toEqual(["channels", "profile"]);
    expect(report.problems[0].source).toContain("bad.yaml");
  });
});
