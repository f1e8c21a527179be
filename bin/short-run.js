// V8 tuned for a run of a second or a few (the app, and the bench's bundles that stand for it), before the bundle is
// compiled: TurboFan optimises a function only after 8 times node 20's interrupt budget of work. Most optimisations of
// a synth cost more than they gave back: 25 % less CPU and 20 % less wall time for the bundled environments (#19,
// docs/benchmarks.md). V8 12 (node 22) dropped the flag for other tiering (it would print "unrecognized flag"), so it
// is set on V8 11 only. The young generation's size is the other half, but V8 reads it when the heap is made: that one
// is a node option in the app's command (package.json's synth script, cdktf.json's app).
const { setFlagsFromString } = require("node:v8");

/** The V8 flags for a short run that V8 `v8Version` knows (an unknown one would print "unrecognized flag"). */
function shortRunFlags(v8Version) {
  return Number(v8Version.split(".")[0]) < 12 ? ["--interrupt-budget=540672"] : [];
}

function tuneForShortRun() {
  for (const flag of shortRunFlags(process.versions.v8)) setFlagsFromString(flag);
}

module.exports = { shortRunFlags, tuneForShortRun };
