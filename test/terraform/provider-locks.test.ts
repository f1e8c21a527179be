import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missingProviderLocksWarning, providerLockFile } from "../../src/terraform/provider-locks";

describe("the missing provider lock warning", () => {
  const project = () => mkdtempSync(join(tmpdir(), "locks-project-"));

  it("is silent in a project that installs the package and keeps cdktf's own lock files (no locks folder, no script)", () => {
    const cwd = project();
    expect(missingProviderLocksWarning(["monitoring-qa"], join(cwd, "locks"), cwd)).toBeUndefined();
  });

  it("names each stack without a lock file where the project keeps them (a locks folder, or the lock script)", () => {
    const withScript = project();
    mkdirSync(join(withScript, "scripts"));
    writeFileSync(join(withScript, "scripts", "lock-providers.sh"), "");
    expect(missingProviderLocksWarning(["monitoring-qa"], join(withScript, "locks"), withScript)).toMatch(
      /^warning: no committed provider lock file for monitoring-qa /,
    );
    const withLocks = project();
    const locks = join(withLocks, "locks");
    mkdirSync(locks);
    writeFileSync(providerLockFile("monitoring-qa", locks), "");
    expect(missingProviderLocksWarning(["monitoring-qa", "monitoring-prod"], locks, withLocks)).toMatch(/for monitoring-prod \(/);
    expect(missingProviderLocksWarning(["monitoring-qa"], locks, withLocks)).toBeUndefined();
  });
});
