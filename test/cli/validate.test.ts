import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../support/run";

const dir = mkdtempSync(join(tmpdir(), "validate-cli-"));
function specFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : name.endsWith(".json") ? JSON.stringify(content) : stringify(content));
  return file;
}
const validate = (...args: string[]) => runCli(["validate", ...args]);

// Each validate of the app builds every stack in memory: seconds of CPU, minutes on a loaded machine.
describe("monitoring-stack validate", { timeout: 180_000 }, () => {
  it("accepts every environment of the app", async () => {
    const result = await validate();
    // Only the lock-file warning (no lock is committed yet: see the next test), never a problem.
    expect(result.stderr.split("\n").filter((line) => line && !line.startsWith("warning: no committed provider lock file"))).toEqual([]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('environment "prod" is valid');
    expect(result.stdout).toContain('environment "dev" is valid');
  });

  it("warns, without failing, about every stack with no committed provider lock file", async () => {
    const locks = mkdtempSync(join(tmpdir(), "validate-locks-"));
    writeFileSync(join(locks, "monitoring-dev.terraform.lock.hcl"), "# locked\n");
    const result = await runCli(["validate"], { env: { LOCKS_DIR: locks } });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: no committed provider lock file for monitoring-staging, monitoring-prod, monitoring-gcp, monitoring-azure \(/,
    );
    expect(result.stderr).toContain("scripts/lock-providers.sh update");
    for (const env of ["staging", "prod", "gcp", "azure"]) writeFileSync(join(locks, `monitoring-${env}.terraform.lock.hcl`), "# locked\n");
    expect((await runCli(["validate"], { env: { LOCKS_DIR: locks } })).stderr).toBe("");
  });

  it("checks one environment by name, and names the known ones for a typo", async () => {
    expect((await validate("--env", "staging")).stdout).toBe('environment "staging" is valid\n');
    const typo = await validate("--env", "prd");
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("known: dev, staging, prod");
  });

  it("accepts a YAML spec written by a team that does not write TypeScript", async () => {
    const file = specFile("ok.yaml", {
      name: "qa",
      kubernetes: { connection: { type: "kubeconfig", context: "qa" } },
      services: [{ name: "api", slo: { availabilityPercent: 99.5 } }],
      channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "qa_hook" } }],
      alerting: { heartbeat: { url: { terraformVariable: "qa_heartbeat" } } },
      runbookBaseUrl: "https://runbooks.example.com/qa",
      backend: { type: "s3", region: "eu-west-1", bucket: "qa-terraform-state", dynamodbTable: "qa-terraform-locks" },
    });
    const result = await validate("--spec", file);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('environment "qa" is valid');
  });

  it("lists every problem of a bad YAML spec with its path, exits 1, and shows no stack trace", async () => {
    const file = specFile("bad.yaml", {
      name: "QA",
      profile: "large",
      channels: [{ type: "slack", name: "chat", channel: "#a", webhookUrl: "https://hooks.slack.com/services/T1/B1/abcdef" }],
      services: [{ name: "api", namespce: "x" }],
    });
    const result = await validate("--spec", file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}: 4 problems`);
    expect(result.stderr).toContain("- name: expected lower-case letters");
    expect(result.stderr).toContain('- profile: expected "small" | "ha", received the string "large"');
    expect(result.stderr).toContain("- channels[0].webhookUrl: expected a secret reference");
    expect(result.stderr).toContain(
      '- services[0].namespce: unknown key; expected one of: name, namespace, selector, metrics, slo, kpis, thresholds, team (did you mean "namespace"?)',
    );
    expect(result.stderr).not.toContain("hooks.slack.com");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports YAML and JSON syntax errors as problems", async () => {
    const yaml = await validate("--spec", specFile("broken.yaml", "name: qa\nchannels: [\n"));
    expect(yaml.status).toBe(1);
    expect(yaml.stderr).toContain("not valid YAML");
    const json = await validate("--spec", specFile("broken.json", "{ name: "));
    expect(json.status).toBe(1);
    expect(json.stderr).toContain("not valid JSON");
  });

  it("rejects usage errors with exit code 2", async () => {
    expect((await validate("--spec", join(dir, "missing.yaml"))).status).toBe(2);
    expect((await validate("--bogus")).status).toBe(2);
    expect((await runCli(["frobnicate"])).status).toBe(2);
  });
});
