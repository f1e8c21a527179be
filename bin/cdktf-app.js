#!/usr/bin/env node
// The cdktf app (cdktf.json "app", and `npm run synth` directly, without the cdktf CLI's 6 s of start-up): runs the
// stacks bundled into one file (dist/app.js), rebuilding the bundle first when any source is newer (see bundle.js), with
// V8's code cache of the previous run (see code-cache.js). Spec problems are printed by stacks/main.ts (file, path,
// message); nothing here prints a stack trace.
// Both commands run it as `node --max-semi-space-size=2 bin/cdktf-app.js`: V8's young generation capped at 2 MB
// semi-spaces (node 20's default grows to 16 MB) stays in the CPU's caches and touches fewer new pages, each a page
// fault: 14 % less CPU and 29 MB less memory for the bundled environments (#19, docs/benchmarks.md). V8 reads it when
// the heap is made, so it must be node's option; the tiering below (short-run.js) can be set here.
require("./short-run").tuneForShortRun();
const { bundle } = require("./bundle");
const { runWithCodeCache } = require("./code-cache");

// dist/app.js sits one folder below the root, as stacks/main.ts does: paths from __dirname stay the same.
bundle("stacks/main.ts", "dist/app.js").then(
  (entry) => {
    try {
      runWithCodeCache(entry);
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
      process.exitCode = 1;
    }
  },
  () => {
    // esbuild printed the errors itself (a TypeScript environment under environments/ is part of the app too).
    process.stderr.write("the project does not compile: fix the errors above (environments/*.ts included)\n");
    process.exitCode = 1;
  },
);
