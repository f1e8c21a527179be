// npm test's steps before vitest: `npm run typecheck`, `lint` and `build` in one pass. One tsc program type-checks
// everything tsconfig.json covers (as `typecheck` does) and emits with tsconfig.build.json's emit options (as `build`
// does): src/ is checked once instead of once per step. The lint runs beside it (its report is printed after tsc's),
// then the rest of `build` (the JSON Schema). Fails when any of them fails; on a type error nothing is emitted.
//
//   node scripts/check.mjs
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, extname, join } from "node:path";

const root = join(import.meta.dirname, "..");
const read = (file) => JSON.parse(readFileSync(join(root, file), "utf8"));
const { scripts } = read("package.json");
const checked = read("tsconfig.json");
const built = read("tsconfig.build.json");
// The project's tools, as npm run finds them.
const env = { ...process.env, PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH}` };

// `build` is "tsc -p tsconfig.build.json && <the rest>": the compile is replaced by the one below, the rest runs as is.
const [compile, ...rest] = scripts.build.split(" && ");
if (compile !== "tsc -p tsconfig.build.json") throw new Error(`scripts/check.mjs expects "build" to start with tsc -p tsconfig.build.json`);
const missing = built.include.filter((path) => !checked.include.includes(path));
if (missing.length > 0) throw new Error(`tsconfig.json does not type-check what the build compiles: ${missing.join(", ")}`);

// The build's options, except those that relax its checks (it leaves unused code to `typecheck`). One checker: on a
// 2-core machine the default four did the same work in about 40% more CPU time (14.5 s of CPU instead of 20 s for a
// typecheck and a build, 19 s with four), and the lint has the other core.
const RELAXED = new Set(["noUnusedLocals", "noUnusedParameters"]);
const options = Object.entries(built.compilerOptions).filter(([name]) => !RELAXED.has(name) && name !== "incremental");
const outDir = join(root, built.compilerOptions.outDir);
// Incremental: tsc keeps what it knows of the last check in dist/ (removed with it) and, when nothing changed, checks
// and emits nothing (5 s of CPU instead of 18 s; issue #19). It re-emits only changed files and never notices an
// output deleted since, so a build missing an output starts afresh.
const buildInfo = join(outDir, ".check.tsbuildinfo");
const flags = [
  ...options.flatMap(([name, value]) => [`--${name}`, String(value)]),
  ...["--incremental", "true", "--tsBuildInfoFile", buildInfo, "--noEmitOnError", "true", "--checkers", "1"],
];

/**
 * Whether every TypeScript source under `folder` (a built folder) has its JavaScript in dist/. tsc compiles only the
 * files of a dot-folder (.gen) that others import, so those are not checked.
 */
function compiled(folder) {
  if (folder.startsWith(".") || !existsSync(join(root, folder))) return true;
  return readdirSync(join(root, folder), { recursive: true }).every(
    (file) => !/(?<!\.d)\.ts$/.test(file) || existsSync(join(outDir, folder, file.replace(/\.ts$/, ".js"))),
  );
}
if (!built.include.every(compiled)) rmSync(buildInfo, { force: true });

/** Runs a command (a shell command line when no arguments are given); its output is kept when `capture` is set. */
function exec(command, args, capture = false) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env,
      shell: args.length === 0,
      stdio: ["ignore", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"],
    });
    let output = "";
    if (capture) for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ status: 1, output: `${command}: ${error.message}\n` }));
    child.on("close", (status) => resolve({ status, output }));
  });
}

const lint = exec(scripts.lint, [], true);
// A source saved while tsc runs is newer than this, so the build that missed it stays stale (see below).
const checkedAt = new Date();
let failed = (await exec("tsc", ["-p", "tsconfig.json", ...flags])).status !== 0;
if (!failed) {
  // What only the type check covers is not part of the build (tests, scripts, the vitest config).
  for (const path of checked.include.filter((path) => !built.include.includes(path))) {
    const emitted = extname(path) ? path.replace(/\.(m|c)?ts$/, (_, kind = "") => `.${kind}js`) : path;
    for (const file of [emitted, `${emitted}.map`, emitted.replace(/\.(m|c)?js$/, (_, kind = "") => `.d.${kind}ts`)])
      rmSync(join(outDir, file), { recursive: true, force: true });
  }
  // The build is current as a whole once tsc has succeeded: every built file says so to whichever staleness check
  // reads it (the CLI's dist/src/cli/main.js, the example service's own main.js).
  createRequire(import.meta.url)(join(root, "bin", "stale-build.js")).markBuildCurrent(outDir, built.include, checkedAt);
  for (const command of rest) if (!failed) failed = (await exec(command, [])).status !== 0;
}
const linted = await lint;
process.stdout.write(linted.output);
if (linted.status !== 0 || failed) process.exitCode = 1;
