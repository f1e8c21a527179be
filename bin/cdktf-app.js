#!/usr/bin/env node
// The cdktf app (cdktf.json "app", and `npm run synth` directly, without the cdktf CLI's 6 s of start-up): runs the
// stacks bundled into one file (dist/app.js), rebuilding the bundle first when any source is newer (see bundle.js), with
// V8's code cache of the previous run (see code-cache.js). Spec problems are printed by stacks/main.ts (file, path,
// message); nothing here prints a stack trace.
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
