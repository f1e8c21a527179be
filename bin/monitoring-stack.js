#!/usr/bin/env node
// Runs the compiled CLI (npm run build, done by `prepare` on install); falls back to tsx from a source checkout.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "..", "dist", "src", "cli", "main.js");
if (existsSync(compiled)) {
  process.exitCode = require(compiled).run(process.argv.slice(2));
} else {
  require("tsx/cjs");
  process.exitCode = require("../src/cli/main.ts").run(process.argv.slice(2));
}
