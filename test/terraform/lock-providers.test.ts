import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run";

const TERRAFORM = ["/usr/local/bin/terraform", "/usr/bin/terraform"].find(existsSync);
const MIRROR = process.env.TF_PROVIDER_MIRROR ?? "/opt/tf-plugins";
const skip = !TERRAFORM || !existsSync(MIRROR);
if (skip) {
  if (process.env.CI === "true") throw new Error(`terraform and a provider mirror (${MIRROR}) are required under CI=true`);
  console.warn(`skipped: scripts/lock-providers.sh needs terraform and a filesystem mirror of hashicorp/aws (${MIRROR})`);
}

describe.skipIf(skip)("scripts/lock-providers.sh (offline, against the filesystem mirror)", () => {
  it("writes one lock per stack, restores it into the stack, and init then refuses a provider whose checksum differs", () => {
    const work = mkdtempSync(join(tmpdir(), "lock-providers-"));
    try {
      const stack = join(work, "out", "stacks", "monitoring-x");
      mkdirSync(stack, { recursive: true });
      writeFileSync(
        join(stack, "main.tf.json"),
        JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws" } } } }),
      );
      const script = (mode: string, env: Record<string, string> = {}) =>
        spawnSync("bash", [join(ROOT, "scripts", "lock-providers.sh"), mode, join(work, "out")], {
          encoding: "utf8",
          timeout: 120_000,
          env: { ...process.env, LOCKS_DIR: join(work, "locks"), CHECKPOINT_DISABLE: "1", ...env },
        });
      const update = script("update", { TF_PROVIDER_MIRROR: MIRROR });
      expect(update.status, update.stderr).toBe(0);
      const lock = readFileSync(join(work, "locks", "monitoring-x.terraform.lock.hcl"), "utf8");
      expect(lock).toMatch(/provider "registry\.terraform\.io\/hashicorp\/aws"[\s\S]*hashes = \[\s*"h1:/);
      rmSync(join(stack, ".terraform.lock.hcl"));
      // A tampered checksum in the committed lock: init must refuse the mirrored provider.
      writeFileSync(
        join(work, "locks", "monitoring-x.terraform.lock.hcl"),
        lock.replace(/"h1:[^"]+"/, '"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="'),
      );
      expect(script("restore").status).toBe(0);
      writeFileSync(join(work, "cli.tfrc"), `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}\n`);
      const init = spawnSync(TERRAFORM as string, ["init", "-backend=false", "-input=false", "-no-color"], {
        cwd: stack,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, TF_CLI_CONFIG_FILE: join(work, "cli.tfrc"), CHECKPOINT_DISABLE: "1" },
      });
      expect(init.status).not.toBe(0);
      expect(init.stdout + init.stderr).toMatch(/checksums previously recorded in the dependency lock file/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 240_000);
});
