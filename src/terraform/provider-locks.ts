import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The committed provider lock files: `locks/<stack>.terraform.lock.hcl`, written by `scripts/lock-providers.sh update`
 * and copied into the synthesized stacks by `restore` before `terraform init` (synth recreates the stack folders, so
 * the copies cannot live beside `cdk.tf.json`). `LOCKS_DIR` moves the folder, as it does for the script.
 */
function providerLocksDir(cwd: string = process.cwd()): string {
  return process.env.LOCKS_DIR || join(cwd, "locks");
}

export function providerLockFile(stack: string, dir: string = providerLocksDir()): string {
  return join(dir, `${stack}.terraform.lock.hcl`);
}

/**
 * A warning for the stacks without a committed lock file (none when every stack has one): `terraform init` would then
 * take any provider version the constraints allow, with checksums of whatever it downloaded first. Only in a project
 * that keeps lock files this way (a clone of this repository, or one with a locks folder): a project that installs the
 * package and runs `cdktf deploy` keeps cdktf's own `.terraform.lock.hcl` per stack, and has no script to run.
 */
export function missingProviderLocksWarning(
  stacks: readonly string[],
  dir: string = providerLocksDir(),
  cwd: string = process.cwd(),
): string | undefined {
  if (!existsSync(dir) && !existsSync(join(cwd, "scripts", "lock-providers.sh"))) return undefined;
  const missing = stacks.filter((stack) => !existsSync(providerLockFile(stack, dir)));
  if (missing.length === 0) return undefined;
  return `warning: no committed provider lock file for ${missing.join(", ")} (locks/<stack>.terraform.lock.hcl): provider versions and checksums are not pinned; run \`bash scripts/lock-providers.sh update <synth-out>\` where the provider registry is reachable and commit locks/ (docs/guides/deploying.md)`;
}
