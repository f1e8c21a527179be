import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { MonitoringStack } from "../../stacks/monitoring-stack";

/** MonitoringStack with cdktf's own preparing pass (the cross-stack reference discovery it skips). */
class WithPreparingPass extends MonitoringStack {
  override prepareStack(): void {
    TerraformStack.prototype.prepareStack.call(this);
  }
}

function synth(Stack: typeof MonitoringStack, env: string): string {
  const outdir = mkdtempSync(join(tmpdir(), "prepare-"));
  const app = new App({ outdir });
  new Stack(app, { spec: resolveEnvironment(BUNDLED_ENVIRONMENTS[env]) });
  app.synth();
  return readFileSync(join(outdir, "stacks", `monitoring-${env}`, "cdk.tf.json"), "utf8");
}

describe("skipping cdktf's preparing resolve pass", () => {
  it.each(Object.keys(BUNDLED_ENVIRONMENTS))("changes nothing in the %s stack", (env) => {
    expect(synth(MonitoringStack, env)).toBe(synth(WithPreparingPass, env));
  });
});
