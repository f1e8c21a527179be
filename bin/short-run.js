// V8 tuned for a run of a second or a few (the app, and the bench's bundles that stand for it), before the bundle is
// compiled: TurboFan optimises a function only after 8 times node 20's interrupt budget of work. Most optimisations of
// a synth cost more than they gave back: 25 % less CPU and 20 % less wall time for the bundled environments (#19,
// docs/benchmarks.md). V8 12 (node 22) dropped the flag for other tiering (it would print "unrecognized flag"), so it
// is set on V8 11 only. The young generation's size is the other half, but V8 reads it when the heap is made: that one
// is a node option in the app's command (package.json's synth script, cdktf.json's app).
const { setFlagsFromString } = require("node:v8");

function tuneForShortRun() {
  if (Number(process.versions.v8.split(".")[0]) < 12) setFlagsFromString("--interrupt-budget=540672");
}

module.exports = { tuneForShortRun };
