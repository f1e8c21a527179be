#!/usr/bin/env node
// Runs the compiled CLI (npm run build, done by `prepare` on install); falls back to tsx from a source checkout.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "..", "dist", "src", "cli", "main.js");
let cli;
if (existsSync(compiled)) {
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
