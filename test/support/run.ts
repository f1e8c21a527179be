import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCached } from "./run-cache";

export const ROOT = join(__dirname, "..", "..");
/**
 * tsx's CommonJS hook, loaded into node itself: what `tsx <file>` does for this CommonJS project (no "type": "module")
 * without its second node process and ESM loader (~0.9 s more CPU per run, measured on scripts/get-grafana.ts).
 */
const TSX_CJS = require.resolve("tsx/cjs", { paths: [ROOT] });
const { buildIsStale } = require(join(ROOT, "bin", "stale-build.js")) as {
  buildIsStale: (root: string, entry: string) => boolean;
};

/** Whether the build is current, checked once per test file (sources do not change while tests run). */
let buildCurrent: boolean | undefined;

/** Whether dist/ is the build of the current sources (bin/stale-build.js), as after `npm test`'s build step. */
export function buildIsCurrent(): boolean {
  buildCurrent ??= !buildIsStale(ROOT, join(ROOT, "dist", "src", "cli", "main.js"));
  return buildCurrent;
}

/**
 * A project file (`src/cli/main.ts`, from the root) as the tests load it: its build in dist/ when that is current (as
 * after `npm test`'s build step) and holds it, else the TypeScript source.
 */
export function projectFile(path: string): string {
  const compiled = join(ROOT, "dist", path.replace(/\.ts$/, ".js"));
  return buildIsCurrent() && existsSync(compiled) ? compiled : join(ROOT, path);
}

/**
 * The command that runs a project entry point the way a user would: the CLI through its bin (which loads the
 * compiled build when it is current, as after `npm test`'s build step), other entries from dist/ when current, else
 * from source with tsx (its CommonJS hook). The compiled CLI starts in a third of the CPU time tsx needs to transpile it.
 */
export function entryCommand(entry: string): [string, string[]] {
  if (entry === "src/cli/main.ts") return [process.execPath, [join(ROOT, "bin", "monitoring-stack.js")]];
  const file = projectFile(entry);
  return file.endsWith(".js") ? [process.execPath, [file]] : [process.execPath, ["--require", TSX_CJS, file]];
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

export interface CliOptions {
  /** Environment variables set while the command runs (restored after). */
  readonly env?: Readonly<Record<string, string>>;
  /** The folder it runs in (restored after). @default ROOT */
  readonly cwd?: string;
}

/** The CLI's entry point, loaded once per process through Node's require, as bin/monitoring-stack.js loads it. */
let cliRun: ((argv: readonly string[]) => Promise<number>) | undefined;

/** The compiled CLI when the build is current (as after `npm test`'s build step), else its TypeScript source. */
function cliModule(): string {
  return projectFile("src/cli/main.ts");
}

/**
 * Runs `monitoring-stack <args>` in this process: the CLI's own `run` (what bin/monitoring-stack.js calls), with its
 * stdout and stderr captured, environment variables and working folder set for the call, and stdin not a terminal
 * (as under spawnSync). It is the module the bin runs (see `cliModule`), loaded once per worker instead of once per
 * command: a CLI process costs a few seconds of CPU to start. Real processes through the bin are still run by
 * test/cli/conventions.test.ts and the package tests. Calls must not overlap (one capture per process).
 */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<RunResult> {
  // Node's require, not vitest's import: the command modules are required by main.ts, so their classes
  // (SpecValidationError) must come from the same module instances as main.ts's own imports.
  cliRun ??= (require(cliModule()) as { run: (argv: readonly string[]) => Promise<number> }).run;
  const run = cliRun;
  return inProcess(options, () => run(args));
}

/**
 * Runs the cdktf app (stacks/main.ts: every spec of MONITORING_ENVIRONMENTS_DIR, written to CDKTF_OUTDIR) in this
 * process, as `runCli` runs the CLI: the module the bin runs (the compiled build when current, else its source), its
 * output captured and its exit code read from process.exitCode, which the app sets. The app runs when its module is
 * loaded, so each call loads main afresh (its imports stay loaded: a process of its own costs over a second of CPU
 * to start). An exception that escapes the app fails as an uncaught one fails the process: status 1, its stack on
 * stderr. Real processes of the app are run by test/stacks/main.test.ts's synth tests.
 */
export async function runAppInProcess(env: Readonly<Record<string, string>>): Promise<RunResult> {
  const main = projectFile("stacks/main.ts");
  return inProcess({ env }, async () => {
    const exitCode = process.exitCode;
    process.exitCode = undefined;
    try {
      delete require.cache[require.resolve(main)];
      require(main);
      return Number(process.exitCode ?? 0);
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      return 1;
    } finally {
      process.exitCode = exitCode;
    }
  });
}

/**
 * A `write` for process.stdout or stderr that hands each chunk's text to `append` and reports it written (its
 * callback called), as the stream would.
 */
export function capturingWrite(append: (text: string) => void): typeof process.stdout.write {
  return ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") process.nextTick(done as () => void);
    return true;
  }) as typeof process.stdout.write;
}

/**
 * Runs `body` as a command of this process: environment variables and working folder set for the call (restored
 * after), stdout and stderr captured, stdin not a terminal (as under spawnSync). Calls must not overlap.
 */
async function inProcess(options: CliOptions, body: () => Promise<number>): Promise<RunResult> {
  const env = { CHECKPOINT_DISABLE: "1", ...options.env };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const cwd = process.cwd();
  const isTTY = process.stdin.isTTY;
  const captured = { stdout: "", stderr: "" };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: "stdout" | "stderr") =>
    capturingWrite((text) => {
      captured[stream] += text;
    });
  Object.assign(process.env, env);
  process.chdir(options.cwd ?? ROOT);
  process.stdin.isTTY = false;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  let status: number;
  try {
    status = await body();
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.stdin.isTTY = isTTY;
    process.chdir(cwd);
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return { status, ...captured };
}

/**
 * The compiled package's dist/ folder (what `tsc -p tsconfig.build.json` emits): the project's own dist/ when it is
 * current (as after `npm test`'s build step), else one compile per test run shared by its test processes
 * (test/support/run-cache.ts; outside a vitest run, a fresh one). A compiled folder sits beside the project's
 * package.json and links to its node_modules and charts, as the project's own dist/ does.
 */
export function compiledDist(): string {
  if (buildIsCurrent()) return join(ROOT, "dist");
  const compile = (folder: string) => {
    mkdirSync(folder, { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(folder, "node_modules"));
    // The package root the compiled code finds above itself (its version, its chart folders).
    copyFileSync(join(ROOT, "package.json"), join(folder, "package.json"));
    symlinkSync(join(ROOT, "charts"), join(folder, "charts"));
    execFileSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(folder, "dist")], {
      stdio: "pipe",
    });
    return join(folder, "dist");
  };
  const shared = process.env.MONITORING_TEST_RUN_CACHE;
  if (!shared) return compile(mkdtempSync(join(tmpdir(), "monitoring-compiled-")));
  return runCached("compiled-dist", "tsconfig.build.json", () => compile(join(shared, "compiled")));
}
