import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { App } from "cdktf";
import { type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { MonitoringStack } from "../../stacks/monitoring-stack";
import { runCached } from "./run-cache";

/**
 * Two synth outputs, as CI has them for main and a pull request: each a cdktf.out folder written by a real App
 * (`stacks/<stack>/cdk.tf.json` and the plan summary beside it).
 */
export function synthOutputs(base: EnvironmentInput, head: EnvironmentInput): { base: string; head: string } {
  const root = mkdtempSync(join(tmpdir(), "diff-"));
  return { base: synthOutput(join(root, "base"), base), head: synthOutput(join(root, "head"), head) };
}

/**
 * Writes the App's output for one environment into `outdir`. The bases of the diff tests are bundled environments,
 * the same few in many tests: each output is synthesized once per run (test/support/run-cache.ts) and its files are
 * written again for the others. The files are a function of the spec and of where the folder lies relative to the
 * working folder (the local backend's state path is relative), so both make the key.
 */
function synthOutput(outdir: string, input: EnvironmentInput): string {
  const spec = resolveEnvironment(input);
  const key = JSON.stringify({ spec, workingFolder: relative(outdir, process.cwd()) });
  let written = false;
  const files = runCached("synth-output", key, () => {
    const app = new App({ outdir });
    new MonitoringStack(app, { spec });
    app.synth();
    written = true;
    return JSON.stringify(readTree(outdir));
  });
  if (!written) {
    for (const [path, content] of Object.entries(JSON.parse(files) as Record<string, string>)) {
      mkdirSync(dirname(join(outdir, path)), { recursive: true });
      writeFileSync(join(outdir, path), Buffer.from(content, "base64"));
    }
  }
  return outdir;
}

/** Every file under a folder, by relative path, its bytes in base64. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = readFileSync(path).toString("base64");
  }
  return out;
}
