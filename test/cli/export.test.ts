import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { environmentDoc } from "../../src/cli/docs";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { runCli } from "../support/run";

function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe("monitoring-stack export", () => {
  it("writes exactly the artifacts the stack renders", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "export-")), "dev");
    const result = await runCli(["export", "--env", "dev", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.dev);
    const expected = { ...renderArtifacts(spec).files, "docs/MONITORING.md": environmentDoc(spec, "../runbooks") };
    expect(tree(out)).toEqual(Object.keys(expected).sort());
    for (const [path, content] of Object.entries(expected)) expect(readFileSync(join(out, path), "utf8"), path).toBe(content);
    for (const dir of ["prometheus/rules", "loki/rules", "alertmanager", "runbooks", "docs"])
      expect(tree(out).some((p) => p.startsWith(dir))).toBe(true);
    // The page's runbook links open the exported runbooks (dev sets no runbookBaseUrl).
    const links = [...readFileSync(join(out, "docs/MONITORING.md"), "utf8").matchAll(/\[runbook\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((link) => !existsSync(join(out, "docs", link)))).toEqual([]);
  });

  it("compresses time for drills only when asked", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "export-")), "drill");
    expect((await runCli(["export", "--env", "dev", "--out", out, "--time-scale", "0.01"])).status).toBe(0);
    const hosts = readFileSync(join(out, "prometheus/rules/hosts.yaml"), "utf8");
    expect(hosts).toContain("[3s]");
    expect(readFileSync(join(out, "alertmanager/alertmanager.yml"), "utf8")).toContain("group_wait: 1s");
  });

  it("refuses bad options and writes nothing", async () => {
    const parent = mkdtempSync(join(tmpdir(), "export-"));
    const out = join(parent, "x");
    expect((await runCli(["export", "--env", "nope", "--out", out])).status).toBe(2);
    expect((await runCli(["export", "--env", "dev", "--out", out, "--time-scale", "3"])).status).toBe(2);
    expect((await runCli(["export", "--env", "dev"])).status).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });
});
