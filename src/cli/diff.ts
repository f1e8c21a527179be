import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { diffJson, diffMarkdown, diffStacks, hasChanges, type StackSide } from "../review/diff";
import { readPlanSummary } from "../review/plan-summary";
import { monitoringModel } from "../review/stack-model";

/**
 * Stacks of a synth output: `<dir>/stacks/<name>/cdk.tf.json` (a cdktf.out folder) or `<dir>/<name>/cdk.tf.json`,
 * each with the plan summary synth writes beside it (alerts and alarms are compared from it; a stack synthesized by a
 * version without it has its alerts and alarms reported as not compared).
 */
function readStacks(dir: string): Map<string, StackSide> {
  const root = existsSync(join(dir, "stacks")) ? join(dir, "stacks") : dir;
  const stacks = new Map<string, StackSide>();
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, "cdk.tf.json");
    if (existsSync(file))
      stacks.set(name, { model: monitoringModel(JSON.parse(readFileSync(file, "utf8"))), plan: readPlanSummary(join(root, name)) });
  }
  if (stacks.size === 0) throw new DiffInputError(`${dir} holds no synthesized stack (expected stacks/<name>/cdk.tf.json)`);
  return stacks;
}

class DiffInputError extends Error {}

interface DiffOptions {
  /** Print JSON instead of Markdown. @default false */
  readonly json?: boolean;
  /**
   * Exit with 1 when something changed or could not be compared, like `git diff --exit-code`.
   * @default false - 0 whenever the comparison ran
   */
  readonly exitCode?: boolean;
}

/**
 * `monitoring-stack diff <base-dir> <head-dir>`: compares two synth outputs without Terraform or credentials and
 * prints, as Markdown for a pull request comment (or JSON), what changes for the people on call.
 */
export function diffCommand(args: readonly string[], options: DiffOptions = {}): number {
  if (args.length !== 2) {
    process.stderr.write("usage: monitoring-stack diff <base-dir> <head-dir>  (cdktf.out folders of two synths)\n");
    return 2;
  }
  let base: Map<string, StackSide>;
  let head: Map<string, StackSide>;
  try {
    base = readStacks(args[0]);
    head = readStacks(args[1]);
  } catch (error) {
    if (error instanceof DiffInputError || (error as NodeJS.ErrnoException).code === "ENOENT") {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  const common = [...head.keys()].filter((name) => base.has(name));
  const diffs = common.map((name) => diffStacks(name, base.get(name) as StackSide, head.get(name) as StackSide));
  const added = [...head.keys()].filter((name) => !base.has(name));
  const removed = [...base.keys()].filter((name) => !head.has(name));
  process.stdout.write(
    options.json ? `${JSON.stringify(diffJson(diffs, added, removed), null, 2)}\n` : diffMarkdown(diffs, added, removed),
  );
  return options.exitCode && hasChanges(diffs, added, removed) ? 1 : 0;
}
