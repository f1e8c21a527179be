#!/usr/bin/env node
// The cdktf app (cdktf.json "app", and `npm run synth` directly, without the cdktf CLI's 6 s of start-up): runs the
// stacks bundled into one file (dist/app.js), rebuilding the bundle first when any source is newer (see bundle.js), with
// V8's code cache of the previous run (see code-cache.js). Spec problems are printed by stacks/main.ts (file, path,
// message); nothing here prints a stack trace.
// Both commands run it with two node options (#19, docs/benchmarks.md; set from here, after the heap exists and code
// runs, they change nothing):
// - `--max-semi-space-size=2`: V8's young generation capped at 2 MB semi-spaces (node 20's default grows to 16 MB)
//   stays in the CPU's caches and touches fewer new pages, each a page fault: 14 % less CPU, 29 MB less memory.
// - `--interrupt-budget=540672` (8 times node 20's): a function is optimised by TurboFan only after 8 times as much
//   work. A synth runs for a second or a few: most optimisations cost more than they gave back (another 15 % of
//   CPU, 30 % of wall time for the bundled environments, 16 % of CPU at 1,000 resources; no change at 10,000).
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
