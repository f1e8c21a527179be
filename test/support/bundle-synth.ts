// The tests' synth (test/support/synth.ts) runs with the cdktf internals the app's bundle has (bin/bundle.js): the
// stack's single resolve and merge without copies, resolve's fast path for plain data, and the stack file written in
// chunks. test/support/bundle-internals.ts gives the worker two of the bundle's eight replacements for good; these
// three are patches of cdktf's own functions, property-tested against them (test/terraform/token-free, merge-resolved,
// stable-json-file) and compared end to end by test/stacks/main.test.ts, which needs cdktf's own functions in the
// worker. So here they are cdktf's functions only while one synth of the tests runs (synchronous: nothing else runs in
// the process meanwhile), compiled from cdktf's sources with the bundle's changes apart from the require cache. The
// 1,000-service stack of test/stacks/rule-releases: 4.5-5.4 s -> 2.4-2.7 s of CPU (issue #19).
import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";

type Change = (source: string) => string | undefined;
const changes = require("../../bin/bundle.js") as Record<"resolveOnce" | "mergeFragments" | "tokenFreeResolve" | "streamStackFile", Change>;

const fromCdktf = createRequire(require.resolve("cdktf"));

/** A cdktf module compiled from its installed source with the bundle's changes, outside the require cache. */
function changedCopy(id: string, ...apply: Change[]): Record<string, unknown> {
  const file = fromCdktf.resolve(id);
  let source = readFileSync(file, "utf8").replace(/\/\/# sourceMappingURL=.*$/m, "");
  for (const change of apply) {
    const changed = change(source);
    // test/stacks/bundle.test.ts and its neighbours fail too: the bundle would keep cdktf's own function.
    if (changed === undefined) throw new Error(`bin/bundle.js no longer matches ${id}`);
    source = changed;
  }
  const module = new Module(file) as Module & { _compile(code: string, filename: string): void };
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  module._compile(source, file);
  return module.exports as Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: cdktf's compiled modules, reached past their typings
type Exports = Record<string, any>;

interface Swap {
  readonly target: Exports;
  readonly key: string;
  readonly bundled: unknown;
}

let swaps: Swap[] | undefined;

/** The three functions to replace, each with the bundle's version (compiled once per process). */
function bundledFunctions(): Swap[] {
  swaps ??= [
    {
      // Read from the module's exports at each call by cdktf's other modules.
      target: fromCdktf("cdktf/lib/tokens/private/resolve.js") as Exports,
      key: "resolve",
      bundled: changedCopy("cdktf/lib/tokens/private/resolve.js", changes.tokenFreeResolve).resolve,
    },
    {
      target: (fromCdktf("cdktf/lib/terraform-stack.js") as Exports).TerraformStack.prototype,
      key: "toTerraform",
      bundled: (changedCopy("cdktf/lib/terraform-stack.js", changes.resolveOnce, changes.mergeFragments) as Exports).TerraformStack
        .prototype.toTerraform,
    },
    {
      target: (fromCdktf("cdktf/lib/synthesize/synthesizer.js") as Exports).StackSynthesizer.prototype,
      key: "synthesize",
      bundled: (changedCopy("cdktf/lib/synthesize/synthesizer.js", changes.streamStackFile) as Exports).StackSynthesizer.prototype
        .synthesize,
    },
  ];
  return swaps;
}

/** Runs `synth` (synchronous) with cdktf's internals as the app's bundle has them; cdktf's own again after. */
export function withBundledCdktf<T>(synth: () => T): T {
  const replaced = bundledFunctions().map((swap) => {
    const own = swap.target[swap.key];
    swap.target[swap.key] = swap.bundled;
    return () => {
      swap.target[swap.key] = own;
    };
  });
  try {
    return synth();
  } finally {
    for (const restore of replaced) restore();
  }
}
