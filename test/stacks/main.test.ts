import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { cdktfStableStringify } from "../support/json-like";
import { ROOT, runAppInProcess } from "../support/run";

function workspace(specs: Record<string, unknown>): { specs: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), "main-app-"));
  const dir = join(root, "environments");
  mkdirSync(dir);
  for (const [file, spec] of Object.entries(specs)) writeFileSync(join(dir, file), typeof spec === "string" ? spec : stringify(spec));
  return { specs: dir, out: join(root, "cdktf.out") };
}

const channel = { type: "email", name: "team", addresses: ["team@example.com"], severities: ["critical", "warning"] };

describe("npm run synth (cdktf synth running bin/cdktf-app.js)", () => {
  it("writes one stack per bundled environment, offline and without credentials", () => {
    const out = join(mkdtempSync(join(tmpdir(), "cdktf-synth-")), "out");
    const result = spawnSync(join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", out], {
      cwd: ROOT,
      encoding: "utf8",
      // The CLI takes ~9 s of CPU; on a machine loaded to 20 that was 102 s of wall time.
      timeout: 240_000,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
    });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    for (const env of ["dev", "staging", "prod"]) {
      const stack = JSON.parse(readFileSync(join(out, "stacks", `monitoring-${env}`, "cdk.tf.json"), "utf8"));
      expect(stack.terraform.required_providers).toBeDefined();
    }
    // Synthesized to another folder (the README's diff recipe), the local state is still the project's.
    const dev = JSON.parse(readFileSync(join(out, "stacks", "monitoring-dev", "cdk.tf.json"), "utf8"));
    expect(resolve(out, "stacks", "monitoring-dev", dev.terraform.backend.local.path)).toBe(join(ROOT, "terraform.monitoring-dev.tfstate"));
  }, 300_000);
});

describe("npm run synth (the app bundled into one file, without the cdktf CLI)", () => {
  it("writes every bundled environment, byte for byte what the app writes unbundled", async () => {
    const root = mkdtempSync(join(tmpdir(), "npm-synth-"));
    const bundled = spawnSync("npm", ["run", "--silent", "synth"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, CDKTF_OUTDIR: join(root, "bundled") },
    });
    expect(bundled.status, `${bundled.stdout}${bundled.stderr}`).toBe(0);
    // The unbundled app, in this process (runAppInProcess, as the tests below run it): its tsc build when current (as
    // after npm test's build step), else its sources.
    const source = await runAppInProcess({ CDKTF_OUTDIR: join(root, "source") });
    expect(source.status, source.stderr).toBe(0);
    for (const env of ["dev", "staging", "prod", "gcp", "azure"]) {
      const file = (out: string) => readFileSync(join(root, out, "stacks", `monitoring-${env}`, "cdk.tf.json"), "utf8");
      expect(file("bundled") === file("source"), `monitoring-${env} differs`).toBe(true);
      // The tests' setup gives cdktf the bundle's JSON writer in this process too (test/support/bundle-internals.ts):
      // the text is also what cdktf's own writer, the json-stable-stringify package, writes for the same stack.
      const stock = cdktfStableStringify(JSON.parse(file("source")), { space: 2 });
      expect(file("bundled") === stock, `monitoring-${env}: not what json-stable-stringify writes`).toBe(true);
    }
  }, 400_000);
});

// The app's main in this process (as the CLI tests run the CLI): a process of its own costs over a second of CPU to
// start, and the synth tests above run the app as processes.
describe("the cdktf app (stacks/main.ts)", () => {
  it("synthesizes one stack per environment file", async () => {
    const { specs, out } = workspace({ "a.yaml": { name: "alpha", channels: [channel] }, "b.yaml": { name: "beta", channels: [channel] } });
    const result = await runAppInProcess({ MONITORING_ENVIRONMENTS_DIR: specs, CDKTF_OUTDIR: out });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const env of ["alpha", "beta"]) {
      const stack = JSON.parse(readFileSync(join(out, "stacks", `monitoring-${env}`, "cdk.tf.json"), "utf8"));
      // Terraform runs in <out>/stacks/<stack>; the state stays in the project the app ran in.
      const state = resolve(out, "stacks", `monitoring-${env}`, stack.terraform.backend.local.path);
      expect(state).toBe(join(ROOT, `terraform.monitoring-${env}.tfstate`));
    }
  });

  it("stops on any invalid spec with all problems listed and writes nothing", async () => {
    const { specs, out } = workspace({
      "a.yaml": { name: "alpha", channels: [channel] },
      "b.yaml": { name: "beta", channels: [], profile: "tiny" },
      "c.yaml": "name: [unclosed\n",
      "d.yaml": { name: "alpha", channels: [channel] },
    });
    const result = await runAppInProcess({ MONITORING_ENVIRONMENTS_DIR: specs, CDKTF_OUTDIR: out });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("b.yaml channels: at least one notification channel is required");
    expect(result.stderr).toContain('b.yaml profile: expected "small" | "ha"');
    expect(result.stderr).toContain("c.yaml: not valid YAML");
    expect(result.stderr).toContain('d.yaml name: duplicate environment name "alpha"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("stops, like validate, on a generated name a provider would refuse at apply, and writes no stack", async () => {
    const { specs, out } = workspace({
      "long.yaml": {
        name: `l${"o".repeat(39)}`,
        cloud: { provider: "aws", region: "eu-west-1", watch: { ec2: [{ name: "web", tags: { Role: "web" } }] } },
        relativeRunbookLinks: { reason: "a test fixture" },
        channels: [
          {
            type: "slack",
            name: `c${"h".repeat(39)}`,
            channel: "#alerts",
            webhookUrl: { terraformVariable: "hook" },
            chatbot: { workspaceId: "T0123ABCD", channelId: "C0123ABCDEF" },
            severities: ["critical", "warning"],
          },
        ],
        // Only the generated name is wrong here (a secret reference wants remote state otherwise).
        backend: { type: "local", allowLocalState: true },
      },
    });
    const result = await runAppInProcess({ MONITORING_ENVIRONMENTS_DIR: specs, CDKTF_OUTDIR: out });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /long\.yaml: 1 problem\n {2}- name: the IAM role name "lo+-ch+-chatbot" \(aws_iam_role\.name, 89 characters\) would be refused: IAM allows at most 64/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // Building the stack creates its (empty) folder; nothing is written into it.
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
    expect(existsSync(join(out, "stacks", `monitoring-l${"o".repeat(39)}`, "cdk.tf.json"))).toBe(false);
  });

  it("reports files the parsers reject (alias bomb, YAML tag, bad encoding) like validate, and still checks the others", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [i, n] of ["b", "c", "d", "e", "f", "g"].entries())
      bomb.push(`${n}: &${n} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`);
    const { specs, out } = workspace({
      "a.yaml": { name: "alpha", channels: [channel] },
      "bomb.yaml": `${bomb.join("\n")}\n`,
      "tag.yaml": `name: tagged\ndescription: !Ref Something\nchannels: []\n`,
      "utf16.yaml": Buffer.from("name: wide\n", "utf16le").toString("latin1"),
      "z.yaml": { name: "zeta", profile: "tiny", channels: [channel] },
    });
    const result = await runAppInProcess({ MONITORING_ENVIRONMENTS_DIR: specs, CDKTF_OUTDIR: out });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("bomb.yaml: not a usable YAML document: expands too many aliases");
    expect(result.stderr).toContain("tag.yaml: unsupported YAML tag at line 2, column 14: Unresolved tag: !Ref");
    expect(result.stderr).toMatch(/utf16.yaml: expected UTF-8 text/);
    expect(result.stderr).toContain('z.yaml profile: expected "small" | "ha"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
