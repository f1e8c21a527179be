#!/usr/bin/env node
// The cdktf app (cdktf.json "app"): runs the compiled stacks, rebuilding first when any source is newer than the
// build. Compiled JavaScript loads in a quarter of the time tsx needs to transpile the same modules on every synth.
// Spec problems are printed by stacks/main.ts (file, path, message); nothing here prints a stack trace.
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");
const { buildIsStale } = require("./stale-build");

const root = join(__dirname, "..");
const entry = join(root, "dist", "stacks", "main.js");

if (buildIsStale(root, entry)) {
  try {
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], {
      stdio: "inherit",
    });
  } catch {
    // tsc printed the type errors itself (a TypeScript environment under environments/ is a spec too).
    process.stderr.write("the project does not compile: fix the TypeScript errors above (environments/*.ts included)\n");
    process.exit(1);
  }
}
try {
  require(entry);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
  process.exit(1);
}
