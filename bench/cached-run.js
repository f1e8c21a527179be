// Runs a bundled bench entry the way bin/cdktf-app.js runs the app: with V8's code cache of the previous run
// (bin/code-cache.js), so the large scenarios measure the start-up users get. `node bench/cached-run.js <bundle> ...args`
// runs <bundle> with process.argv as if node had been given it directly.
const { resolve } = require("node:path");
const { runWithCodeCache } = require("../bin/code-cache");

// As bin/cdktf-app.js tunes V8 (the node options come from the bench: the app's command line).
require("../bin/short-run").tuneForShortRun();

const file = resolve(process.argv[2]);
process.argv.splice(1, 2, file);
runWithCodeCache(file);
