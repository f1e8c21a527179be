import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript entry point of the project with tsx, as a user would run the command (bounded by a timeout). */
export function runTs(entry: string, args: readonly string[], env: Record<string, string> = {}): RunResult {
  const result = spawnSync(TSX, [join(ROOT, entry), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
