import { join, relative, resolve } from "node:path";

interface SynthOptions {
  readonly env?: string;
  /** Output folder, as `cdktf synth --output`. @default cdktf.out */
  readonly output?: string;
}

/**
 * `monitoring-stack synth --env <name>`: builds one environment's stack only (the cdktf app builds every one) into
 * the folder layout and manifest `cdktf synth` writes, so `cdktf deploy monitoring-<name> --skip-synth` applies it.
 */
export function synthCommand(options: SynthOptions): number {
  if (!options.env) {
    process.stderr.write("usage: monitoring-stack synth --env <name> [--output <dir>]\n");
    return 2;
  }
  const { selectEnvironment } = require("../../stacks/environments") as typeof import("../../stacks/environments");
  const spec = selectEnvironment(options.env);
  if (!spec) return 2;
  const { App } = require("cdktf") as typeof import("cdktf");
  const { MonitoringStack, stackName } = require("../../stacks/monitoring-stack") as typeof import("../../stacks/monitoring-stack");
  // The command owns this synth: a large one collects its garbage between phases (src/util/collect-garbage.ts).
  (require("../util/collect-garbage") as typeof import("../util/collect-garbage")).collectBetweenPhases();
  const output = resolve(options.output ?? "cdktf.out");
  const app = new App({ outdir: output });
  const stack = new MonitoringStack(app, { spec });
  // What validate checks in the built stack: a name a provider would refuse at apply stops synth here.
  const { stackNameProblemsBeforeSynth } = require("../../stacks/build-check") as typeof import("../../stacks/build-check");
  const names = stackNameProblemsBeforeSynth(stack);
  if (names.length > 0) {
    const { SpecValidationError } = require("../spec") as typeof import("../spec");
    process.stderr.write(`${new SpecValidationError(`environment "${spec.name}"`, names).message}\n`);
    return 1;
  }
  app.synth();
  const name = stackName(spec.name);
  const nearby = relative(process.cwd(), output);
  const shown = nearby.startsWith("..") ? output : nearby || ".";
  const skip = options.output ? ` --output ${shown}` : "";
  process.stdout.write(`wrote ${join(shown, "stacks", name, "cdk.tf.json")}\ndeploy it with: cdktf deploy ${name} --skip-synth${skip}\n`);
  return 0;
}
