// The tests synthesize as the shipped app does: its bundle (bin/bundle.js) replaces two of cdktf's internals that cost
// most of a synth inside a test worker too. Output is the same byte for byte (test/stacks/bundle.test.ts and the
// property tests of src/terraform/stable-json.ts compare them with cdktf's own).
import { createRequire } from "node:module";
import { dirname } from "node:path";
import stableStringify from "../../src/terraform/stable-json";

// cdktf records a creation stack for every token, list and map attribute it makes: an unlimited
// `Error.captureStackTrace`, formatted at once. In a test worker every frame of it goes through vite's source-map
// stack formatter, which made that record more than half of the CPU of synth (the five bundled environments: 1.2 s
// -> 0.53 s without it, issue #19). cdktf shows the record only in its error about a token that cannot be resolved.
// cdktf's callers read the function from the module's exports at each call, so replacing the export suffices.
const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as {
  captureStackTrace: (below?: unknown) => string[];
};
stackTrace.captureStackTrace = function captureStackTrace() {
  return ["stack traces disabled"];
};

// cdktf writes cdk.tf.json and manifest.json with json-stable-stringify, which builds the text one string per value
// (about a fifth of the 1,000-service stack's synth in rule-releases). Its modules bind the package when they load, so
// the package is put in the require cache first, as the one cdktf resolves; a worker that loaded cdktf already
// (files share workers) got it from an earlier file.
const fromCdktf = createRequire(require.resolve("cdktf"));
const writer = fromCdktf.resolve("json-stable-stringify");
if (!require.cache[writer]) {
  const module = new (require("node:module") as typeof import("node:module"))(writer);
  module.filename = writer;
  module.loaded = true;
  module.exports = stableStringify;
  module.paths = [dirname(writer)];
  require.cache[writer] = module;
}
