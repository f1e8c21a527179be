// cdktf records a creation stack for every token, list and map attribute it makes: an unlimited
// `Error.captureStackTrace`, formatted at once. In a test worker every frame of it goes through vite's source-map
// stack formatter, which made that record more than half of the CPU of synth (the five bundled environments: 1.2 s
// -> 0.53 s without it, issue #19). cdktf shows the record only in its error about a token that cannot be resolved.
// The app's bundle (bin/bundle.js) replaces it with this same constant, so the tests synthesize as the shipped app
// does. cdktf's callers read the function from the module's exports at each call, so replacing the export suffices.
const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as {
  captureStackTrace: (below?: unknown) => string[];
};
stackTrace.captureStackTrace = function captureStackTrace() {
  return ["stack traces disabled"];
};
