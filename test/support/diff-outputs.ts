import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { MonitoringStack } from "../../stacks/monitoring-stack";

/**
 * Two synth outputs, as CI has them for main and a pull request: each a cdktf.out folder written by a real App
 * (`stacks/<stack>/cdk.tf.json` and the plan summary beside it).
 */
export function synthOutputs(base: EnvironmentInput, head: EnvironmentInput): { base: string; head: string } {
  const root = mkdtempSync(join(tmpdir(), "diff-"));
  const write = (name: string, input: EnvironmentInput) => {
    const app = new App({ outdir: join(root, name) });
    new MonitoringStack(app, { spec: resolveEnvironment(input) });
    app.synth();
    return join(root, name);
  };
  return { base: write("base", base), head: write("head", head) };
}
