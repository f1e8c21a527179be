import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { selectEnvironment } from "../../stacks/environments";
import { renderArtifacts } from "../render/artifacts";
import { Duration } from "../spec/duration";
import { environmentDoc } from "./docs";
import { parseTimeScale } from "./time-scale";

interface ExportOptions {
  readonly env?: string;
  readonly out?: string;
  /** Time compression for drills, e.g. 0.01. @default 1 */
  readonly timeScale?: string;
  /** Where Alertmanager reads credentials and templates when run outside Kubernetes. @default - the in-cluster paths */
  readonly secretsDir?: string;
}

/**
 * `monitoring-stack export --env <env> --out <dir>`: writes the rendered artifacts, the same content the stack
 * deploys. Writes into a temporary folder first and moves it into place, so a failure leaves nothing half-written.
 */
export function exportCommand(options: ExportOptions): number {
  if (!options.env || !options.out) {
    process.stderr.write("usage: monitoring-stack export --env <env> --out <dir> [--time-scale <factor>] [--secrets-dir <dir>]\n");
    return 2;
  }
  const timeScale = parseTimeScale(options.timeScale, 1);
  if (timeScale === undefined) return 2;
  const spec = selectEnvironment(options.env);
  if (!spec) return 2;
  const out = resolve(options.out);
  const drill = timeScale < 1 ? { timeScale, groupWait: Duration.seconds(1), groupInterval: Duration.seconds(1) } : {};
  const outside = options.secretsDir
    ? { secretsDir: resolve(options.secretsDir), templateDir: join(out, "alertmanager", "templates") }
    : {};
  const artifacts = renderArtifacts(spec, { ...drill, ...outside });
  mkdirSync(dirname(out), { recursive: true });
  const staging = mkdtempSync(`${out}.tmp-`);
  try {
    const files = { ...artifacts.files, "docs/MONITORING.md": environmentDoc(spec, "../runbooks") };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), content);
    }
    rmSync(out, { recursive: true, force: true });
    renameSync(staging, out);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  process.stdout.write(`wrote ${Object.keys(artifacts.files).length + 1} files for environment "${spec.name}" to ${out}\n`);
  return 0;
}
