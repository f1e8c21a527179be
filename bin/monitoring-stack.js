#!/usr/bin/env node
// Runs the compiled CLI (npm run build, done by `prepare` on install); from a source checkout whose build is missing
// or older than its sources, runs the sources through tsx instead (an edit takes effect without a rebuild). The
// installed package has no sources (and no tsx): it always runs the build.
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { buildIsStale } = require("./stale-build");

const root = join(__dirname, "..");
const compiled = join(root, "dist", "src", "cli", "main.js");
const checkout = existsSync(join(root, "src", "cli", "main.ts"));
let cli;
if (!checkout || !buildIsStale(root, compiled)) {
  cli = require(compiled);
} else {
  require("tsx/cjs");
  cli = require("../src/cli/main.ts");
}
cli.run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
