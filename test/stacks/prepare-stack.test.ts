import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { MonitoringStack } from "../../stacks/monitoring-stack";
import { synthEnvironment } from "../support/synth";

/** MonitoringStack with cdktf's own preparing pass (the cross-stack reference discovery it skips). */
class WithPreparingPass extends MonitoringStack {
  override prepareStack(): void {
    TerraformStack.prototype.prepareStack.call(this);
  }
}

/** The stack file with cdktf's preparing pass, as JSON in the layout of a stack the tests share. */
function synthWithPreparingPass(env: string): string {
  const outdir = mkdtempSync(join(tmpdir(), "prepare-"));
  const app = new App({ outdir });
  new WithPreparingPass(app, { spec: resolveEnvironment(BUNDLED_ENVIRONMENTS[env]) });
  app.synth();
  return JSON.stringify(JSON.parse(readFileSync(join(outdir, "stacks", `monitoring-${env}`, "cdk.tf.json"), "utf8")));
}

describe("skipping cdktf's preparing resolve pass", () => {
  // MonitoringStack's side is the bundled stack the tests share (test/support/synth.ts: synthesized alone in its App,
  // as here, once per run); both files are read back and printed alike (JSON keeps the order of keys).
  it.each(Object.keys(BUNDLED_ENVIRONMENTS))("changes nothing in the %s stack", (env) => {
    expect(JSON.stringify(synthEnvironment(BUNDLED_ENVIRONMENTS[env]))).toBe(synthWithPreparingPass(env));
  });
});
