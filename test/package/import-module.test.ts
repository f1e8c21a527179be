import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compiledDist, ROOT } from "../support/run";

/**
 * Installs the package the way a user's existing cdktf repository gets it (compiled, through its `exports` map)
 * and synthesizes one of its modules in a bare TerraformStack, without the rest of this project.
 */
let userRepo: string;

beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), "consumer-"));
  const pkg = join(root, "pkg");
  mkdirSync(pkg);
  // The compiled package: the build npm test just made, or one compile per test run (a full tsc emit costs ~15 s of CPU).
  symlinkSync(compiledDist(), join(pkg, "dist"));
  cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
  cpSync(join(ROOT, "bin"), join(pkg, "bin"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"));

  userRepo = join(root, "infra");
  mkdirSync(join(userRepo, "node_modules", "@cdktf"), { recursive: true });
  symlinkSync(pkg, join(userRepo, "node_modules", "cdktf-monitoring-stack"));
  for (const dep of ["cdktf", "constructs", "@cdktf/provider-aws"])
    symlinkSync(join(ROOT, "node_modules", dep), join(userRepo, "node_modules", dep));
});

describe("the published package", () => {
  it("lets an existing cdktf repository import one module and synthesize it alone", () => {
    writeFileSync(
      join(userRepo, "main.js"),
      `const { App, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { AwsNotifications } = require("cdktf-monitoring-stack/modules/aws-notifications");
const app = new App({ outdir: "out" });
const stack = new TerraformStack(app, "existing-infra");
new AwsProvider(stack, "aws", { region: "us-east-1" });
const alerts = new AwsNotifications(stack, "alerts", { namePrefix: "shop", severities: ["critical"] });
if (!alerts.topicArn("critical").startsWith("\${")) throw new Error("topic ARN should be a Terraform reference");
app.synth();
`,
    );
    const result = spawnSync(process.execPath, ["main.js"], { cwd: userRepo, encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const stack = JSON.parse(readFileSync(join(userRepo, "out", "stacks", "existing-infra", "cdk.tf.json"), "utf8"));
    expect(Object.values(stack.resource.aws_sns_topic).map((t) => (t as { name: string }).name)).toEqual(["shop-critical"]);
  });

  it("exports the spec, MonitoringStack, collectBetweenPhases and every module from the package root", () => {
    const modules = readdirSync(join(ROOT, "modules"));
    expect(modules.length).toBeGreaterThan(20);
    const probe = `const root = require("cdktf-monitoring-stack");
const missing = ["MonitoringStack", "resolveEnvironment", "defineEnvironment", "ProviderPinning", "SIGNALS", "collectBetweenPhases"].filter((k) => !(k in root));
for (const name of ${JSON.stringify(modules)}) {
  const mod = require("cdktf-monitoring-stack/modules/" + name);
  if (Object.keys(mod).length === 0) missing.push(name + " (exports nothing)");
  for (const key of Object.keys(mod)) if (!(key in root)) missing.push(name + ": " + key);
}
console.log(JSON.stringify(missing));`;
    const result = spawnSync(process.execPath, ["-e", probe], { cwd: userRepo, encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it("ships a working monitoring-stack command", () => {
    const file = join(userRepo, "env.yaml");
    writeFileSync(file, "name: qa\nchannels:\n  - { type: email, name: team, addresses: [team@example.com], severities: [critical] }\n");
    const bin = join(userRepo, "node_modules", "cdktf-monitoring-stack", "bin", "monitoring-stack.js");
    const result = spawnSync(process.execPath, [bin, "validate", "--spec", file], { cwd: userRepo, encoding: "utf8", timeout: 60_000 });
    expect(result.stdout).toContain('environment "qa" is valid');
    expect(result.status).toBe(0);
  });
});
