import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runTs } from "../support/run";

// Every module node loaded, added to a list when a process exits (preloaded into the app's processes: tsx runs the
// app in a child process of its own).
const RECORDER =
  'process.on("exit", () => require("node:fs").appendFileSync(process.env.LOADED_MODULES, Object.keys(require.cache).join("\\n") + "\\n"));\n';

describe("the cloud code the app loads (stacks/clouds, src/util/provider-module.ts)", () => {
  it("an AWS environment synthesizes without loading the Google Cloud or Azure provider bindings", () => {
    const root = mkdtempSync(join(tmpdir(), "lazy-clouds-"));
    const specs = join(root, "environments");
    mkdirSync(specs);
    const channel = { type: "email", name: "team", addresses: ["team@example.com"], severities: ["critical", "warning"] };
    const watch = { rds: [{ name: "orders-db", identifier: "shop-orders" }] };
    writeFileSync(
      join(specs, "aws.yaml"),
      stringify({
        name: "aws-only",
        runbookBaseUrl: "https://runbooks.example.com",
        channels: [channel],
        cloud: { provider: "aws", region: "eu-west-1", watch },
      }),
    );
    const recorder = join(root, "record-modules.cjs");
    writeFileSync(recorder, RECORDER);
    const loaded = join(root, "modules.txt");
    const result = runTs("stacks/main.ts", [], {
      MONITORING_ENVIRONMENTS_DIR: specs,
      CDKTF_OUTDIR: join(root, "out"),
      LOADED_MODULES: loaded,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${recorder}`.trim(),
    });
    expect(result.status, result.stderr).toBe(0);
    const modules = readFileSync(loaded, "utf8").split("\n");
    // The app ran and the AWS bindings are there: the recorder sees the app's modules.
    expect(modules.some((m) => m.includes("@cdktf/provider-aws"))).toBe(true);
    expect(modules.filter((m) => /@cdktf[\\/]provider-(google|azurerm)/.test(m))).toEqual([]);
  }, 120_000);
});
