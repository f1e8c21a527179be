import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { localStatePath } from "../../stacks/monitoring-stack";
import { entryCommand, projectFile, ROOT, runCli, runTs } from "../support/run";

const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const cli = (...args: string[]) => runCli(args);

/** Runs the command in a project folder of its own (a user's repository with environments/*.yaml). */
function inProject(cwd: string, ...args: string[]) {
  return runCli(args, { cwd, env: { MONITORING_ENVIRONMENTS_DIR: join(cwd, "environments") } });
}

/** The same as a real process, started by the package's bin as a user's shell would. */
function inProjectProcess(cwd: string, ...args: string[]) {
  const [command, prefix] = entryCommand("src/cli/main.ts");
  const result = spawnSync(command, [...prefix, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", MONITORING_ENVIRONMENTS_DIR: join(cwd, "environments") },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(specs: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "cli-project-"));
  mkdirSync(join(dir, "environments"));
  for (const [name, spec] of Object.entries(specs)) writeFileSync(join(dir, "environments", `${name}.yaml`), stringify(spec));
  return dir;
}

const channel = { type: "email", name: "team", addresses: ["team@example.com"], severities: ["critical", "warning"] };
const shop = (databases: string[]) => ({
  name: "shop",
  cloud: {
    provider: "aws",
    region: "eu-west-1",
    watch: { rds: databases.map((d) => ({ name: d, identifier: `shop-${d}`, maxConnections: 100 })) },
  },
  channels: [channel],
  runbookBaseUrl: "https://runbooks.example.com/shop",
});

describe("monitoring-stack conventions", { timeout: 180_000 }, () => {
  it("prints its version and per-command help", async () => {
    // A real process through the bin (the compiled build after npm test's build step), as a user runs it.
    const version = runTs("src/cli/main.ts", ["--version"]);
    expect(version.stdout).toBe(`${PKG.version}\n`);
    expect(version.status).toBe(0);
    for (const command of ["validate", "synth", "init", "schema", "export", "drill", "diff", "docs", "cost"]) {
      const help = await cli(command, "--help");
      expect(help.status, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`^Usage: monitoring-stack ${command} `));
    }
    const wrong = await cli("cost", "--env", "prod", "--bogus");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("--bogus");
    expect(wrong.stderr).toContain("Usage: monitoring-stack cost");
  });

  // validate is not in this list: it builds each stack in memory (cdktf and the providers it uses), so that whatever
  // it accepts is known to synthesize.
  it("loads neither cdktf nor provider bindings for --version, help and diff", async () => {
    // The compiled CLI the bin runs when the build is current (a third of the CPU tsx takes to start), else its source.
    const entry = projectFile("src/cli/main.ts");
    const probe = `const main = require(${JSON.stringify(entry)});
(async () => {
  for (const args of [["--version"], ["diff", "--help"], ["validate", "--help"], ["diff", process.argv[1], process.argv[1]]]) await main.run(args);
  const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/.test(f));
  process.stderr.write("LOADED " + JSON.stringify(loaded.length) + "\\n");
})();`;
    const out = mkdtempSync(join(tmpdir(), "cli-lazy-"));
    mkdirSync(join(out, "stacks", "monitoring-x"), { recursive: true });
    writeFileSync(join(out, "stacks", "monitoring-x", "cdk.tf.json"), "{}");
    const result = spawnSync(process.execPath, [...(entry.endsWith(".js") ? [] : ["--require", "tsx/cjs"]), "-e", probe, out], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toContain("LOADED 0");
  });

  it("synthesizes one environment into a folder cdktf deploy --skip-synth reads, with the state in the project root", async () => {
    const dir = project({ shop: shop(["orders"]), other: { ...shop([]), name: "other" } });
    // A real process: the command writes into the folder it runs in and prints paths relative to it.
    const result = inProjectProcess(dir, "synth", "--env", "shop", "--output", "out");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("cdktf deploy monitoring-shop --skip-synth --output out");
    expect(readdirSync(join(dir, "out", "stacks"))).toEqual(["monitoring-shop"]);
    const manifest = JSON.parse(readFileSync(join(dir, "out", "manifest.json"), "utf8"));
    expect(manifest.stacks["monitoring-shop"].synthesizedStackPath).toBe("stacks/monitoring-shop/cdk.tf.json");
    const stack = JSON.parse(readFileSync(join(dir, "out", "stacks", "monitoring-shop", "cdk.tf.json"), "utf8"));
    expect(stack.terraform.backend.local.path).toBe("../../../terraform.monitoring-shop.tfstate");
    expect((await inProject(dir, "synth", "--env", "nope")).stderr).toContain("known: other, shop");
  });

  it("diffs as JSON and with --exit-code for CI, thresholds in plain units", async () => {
    const base = project({ shop: shop(["orders"]) });
    const head = project({ shop: shop(["orders", "users"]) });
    expect((await inProject(base, "synth", "--env", "shop")).status).toBe(0);
    expect((await inProject(head, "synth", "--env", "shop")).status).toBe(0);
    const [b, h] = [join(base, "cdktf.out"), join(head, "cdktf.out")];

    const same = await cli("diff", b, b, "--exit-code");
    expect(same.stdout).toContain("no monitoring changes");
    expect(same.status).toBe(0);
    const changed = await cli("diff", b, h, "--exit-code");
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain("users-freeStorage-critical**: metric < 5 GiB in 3 of 3 x 300s");
    expect(changed.stdout).toContain("users-freeMemory-critical**: metric < 256 MiB in");
    expect(changed.stdout).not.toMatch(/< \d{7,}/);
    expect((await cli("diff", b, h)).status).toBe(0);

    const json = await cli("diff", b, h, "--json");
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.changed).toBe(true);
    expect(report.stacks.map((s: { stack: string }) => s.stack)).toEqual(["monitoring-shop"]);
    const added = report.stacks[0].alarms.added.map((a: { key: string }) => a.key);
    expect(added.some((k: string) => k.includes("users"))).toBe(true);
    expect(JSON.parse((await cli("diff", b, b, "--json")).stdout)).toEqual({
      changed: false,
      addedStacks: [],
      removedStacks: [],
      stacks: [],
    });
  });

  it("prices CloudWatch as JSON, and says what it does not estimate for Google Cloud instead of $0.00", async () => {
    const gcp = await cli("cost", "--env", "gcp");
    expect(gcp.status).toBe(0);
    expect(gcp.stdout).not.toContain("$0.00");
    expect(gcp.stdout).toContain("Not estimated:");
    expect(gcp.stdout).toContain("Cloud Monitoring alerting");
    const staging = JSON.parse((await cli("cost", "--env", "staging", "--json")).stdout);
    expect(staging.environment).toBe("staging");
    expect(staging.monthlyUsd).toBeGreaterThan(0);
    expect(staging.lines.length).toBeGreaterThan(0);
    expect(staging.notEstimated).toEqual([expect.stringContaining("in-cluster stack")]);
  });
});

describe("the local state path", () => {
  it("is the project's terraform.<stack>.tfstate, relative to the folder Terraform runs in, for any output folder", () => {
    expect(localStatePath("cdktf.out", "monitoring-dev", "/repo")).toBe("../../../terraform.monitoring-dev.tfstate");
    expect(localStatePath("/repo/cdktf.out", "monitoring-dev", "/repo")).toBe("../../../terraform.monitoring-dev.tfstate");
    expect(localStatePath("/tmp/head", "monitoring-dev", "/repo")).toBe("../../../../repo/terraform.monitoring-dev.tfstate");
  });
});
