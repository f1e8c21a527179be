import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const { buildIsStale } = require(join(ROOT, "bin", "stale-build.js")) as {
  buildIsStale: (root: string, entry: string) => boolean;
};

/** Whether the build is current, checked once per test file (sources do not change while tests run). */
let buildCurrent: boolean | undefined;

/**
 * The command that runs a project entry point the way a user would: the CLI through its bin (which loads the
 * compiled build when it is current, as after `npm test`'s build step), other entries from dist/ when current, else
 * from source with tsx. The compiled CLI starts in a third of the CPU time tsx needs to transpile it.
 */
export function entryCommand(entry: string): [string, string[]] {
  if (entry === "src/cli/main.ts") return [process.execPath, [join(ROOT, "bin", "monitoring-stack.js")]];
  const compiled = join(ROOT, "dist", entry.replace(/\.ts$/, ".js"));
  buildCurrent ??= !buildIsStale(ROOT, join(ROOT, "dist", "src", "cli", "main.js"));
  return buildCurrent && existsSync(compiled) ? [process.execPath, [compiled]] : [TSX, [join(ROOT, entry)]];
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an entry point of the project as a user would run the command (bounded by a timeout); see `entryCommand`. */
export function runTs(entry: string, args: readonly string[], env: Record<string, string> = {}): RunResult {
  const [command, prefix] = entryCommand(entry);
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
