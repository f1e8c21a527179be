// One-file bundles of the TypeScript app, built with esbuild (the compiler tsx runs on). Node loads one bundled file
// in a fraction of the time it spends resolving, reading and compiling the ~900 modules of the app and its
// dependencies one by one (measured on the bundled environments: about 20% less CPU and 25 MB less memory than the
// tsc output in dist/). Types are not checked here: `npm run typecheck` and the spec validation do that.
const { readFile } = require("node:fs/promises");
const { join, sep } = require("node:path");
const { buildIsStale, SOURCES: BUILD_SOURCES } = require("./stale-build");

const root = join(__dirname, "..");
/**
 * What a bundle is built from, newer than the bundle means the bundle is stale: the compiled build's sources but the
 * example service and the build's own tsconfig (no bundle holds them), and what esbuild and these scripts add.
 */
const SOURCES = [
  ...BUILD_SOURCES.filter((source) => source !== "examples" && source !== "tsconfig.build.json"),
  "package-lock.json",
  "bin/bundle.js",
  "bin/stale-build.js",
];

/** The end of cdktf 0.21's TerraformStack.toTerraform: the merged, already resolved fragments resolved once more. */
const RESOLVE_AGAIN = "(0, util_1.deepMerge)(tf, this.rawOverrides);\n        return (0, _tokens_1.resolve)(this, tf);";
const RESOLVE_OVERRIDES = "(0, util_1.deepMerge)(tf, (0, _tokens_1.resolve)(this, this.rawOverrides));\n        return tf;";

/**
 * cdktf's terraform-stack.js with toTerraform resolving only the stack's own overrides before it merges them: every
 * element's fragment is resolved already, and resolving the merged whole again walked every value of the stack a
 * second time. Undefined when the source is not the one this was written for (then the bundle keeps cdktf's own).
 */
function resolveOnce(source) {
  return source.split(RESOLVE_AGAIN).length === 2 ? source.replace(RESOLVE_AGAIN, RESOLVE_OVERRIDES) : undefined;
}

/** cdktf 0.21's TerraformStack.toTerraform: every element's fragment resolved and kept, then each deep-merged (copied). */
const MERGE_COPIES = [
  "const fragments = elements.map((e) => (0, _tokens_1.resolve)(this, e.toTerraform()));",
  "        for (const fragment of fragments) {",
  "            (0, util_1.deepMerge)(tf, fragment);",
  "        }",
].join("\n");

/**
 * cdktf's terraform-stack.js with toTerraform merging each element's fragment as soon as it is resolved, taking over
 * its objects instead of copying them (src/terraform/merge-resolved.ts): the same JSON without a third copy of every
 * object of the stack alive at once. Undefined when the source is not the one this was written for.
 */
function mergeFragments(source) {
  if (source.split(MERGE_COPIES).length !== 2) return undefined;
  const module = JSON.stringify(join(root, "src", "terraform", "merge-resolved.ts"));
  const merge = [
    "for (const e of elements) {",
    `            require(${module}).mergeResolved(tf, (0, _tokens_1.resolve)(this, e.toTerraform()), util_1.deepMerge);`,
    "        }",
  ].join("\n");
  return source.replace(MERGE_COPIES, merge);
}

/** cdktf 0.21's private/fs.js loads archiver (and its dependencies) on import. */
const EAGER_ARCHIVER = 'const archiver = require("archiver");';
const LAZY_ARCHIVER = 'let loaded;\nconst archiver = (...args) => (loaded ??= require("archiver"))(...args);';

/**
 * cdktf's private/fs.js with archiver loaded on first use: the stack's assets are directories, never zipped, and
 * archiver's modules cost about 0.05 s of every start. Undefined when the source is not the one this was written for.
 */
function lazyArchiver(source) {
  return source.split(EAGER_ARCHIVER).length === 2 ? source.replace(EAGER_ARCHIVER, LAZY_ARCHIVER) : undefined;
}

/** cdktf 0.21's synthesizer writing a stack's file: the whole text of a key-sorted copy, in one string. */
const WRITE_STACK =
  "fs.writeFileSync(path.join(session.outdir, stackManifest.synthesizedStackPath), stringify(jsonTfConfig, { space: 2 }));";

/**
 * cdktf's synthesize/synthesizer.js writing the stack file in chunks, sorted while it is written
 * (src/terraform/stable-json-file.ts): the same bytes without the whole text and the whole sorted copy in memory.
 * Undefined when the source is not the one this was written for.
 */
function streamStackFile(source) {
  if (source.split(WRITE_STACK).length !== 2) return undefined;
  const module = JSON.stringify(join(root, "src", "terraform", "stable-json-file.ts"));
  const write = `require(${module}).writeStableJson(path.join(session.outdir, stackManifest.synthesizedStackPath), jsonTfConfig, { space: 2 });`;
  return source.replace(WRITE_STACK, write);
}

/** The start of cdktf 0.21's resolve (tokens/private/resolve.js), where the fast path for plain data goes. */
const RESOLVE_START = "function resolve(obj, options) {\n    const prefix = options.prefix || [];\n";

/**
 * cdktf's tokens/private/resolve.js with a fast path in front of resolve: an object or array of plain data without
 * tokens is copied as resolve would return it (src/terraform/token-free.ts, property-tested against cdktf's own
 * resolve); anything else goes the way it went. A string with a token inside plain data is resolved by cdktf's resolve
 * alone, as cdktf's walk would resolve it at its place. The token checks are cdktf's own (its number encoding, its map
 * placeholders, its list tokens). Undefined when the source is not the one this was written for.
 */
function tokenFreeResolve(source) {
  if (source.split(RESOLVE_START).length !== 2) return undefined;
  const module = JSON.stringify(join(root, "src", "terraform", "token-free.ts"));
  const fastPath = [
    // Within cdktf's depth limit (past it cdktf throws), a string or number without a token resolves to itself, and
    // plain data to its copy; checked as cdktf checks them, without a context per value.
    "    if (prefix.length <= 200) {",
    `        if (typeof obj === "string" ? tokenFree.plainString(obj, TOKEN_CHECKS) : typeof obj === "number" && !TOKEN_CHECKS.isTokenNumber(obj)) return obj;`,
    `        if (typeof obj === "object" && obj !== null) {`,
    // A string with a token below plain containers is resolved alone, as cdktf's walk would resolve it there: with its
    // path, and a context with the flags every level of that walk hands down unchanged (those of options.previousContext).
    "            const plain = tokenFree.tokenFreeCopy(obj, 200 - prefix.length, {",
    "                ...TOKEN_CHECKS,",
    // (0, …): an unnamed closure, which keepNames leaves alone (see unnamedMakeContext).
    "                resolveToken: (0, (text, path) => resolve(text, { ...options, prefix: prefix.concat(path), previousContext: options.previousContext })),",
    "            });",
    "            if (plain !== tokenFree.NOT_PLAIN) return plain;",
    "        }",
    "    }",
    "",
  ].join("\n");
  const checks = [
    `const tokenFree = require(${module});`,
    "const TOKEN_CHECKS = {",
    "    isTokenString: (s) => s === token_1.Token.STRING_MAP_TOKEN_VALUE || s === token_1.Token.ANY_MAP_TOKEN_VALUE,",
    // Encoded tokens are doubles of magnitude 2^960 and more (their marker bits); smaller numbers need no decoding.
    "    isTokenNumber: (x) => x === token_1.Token.NUMBER_MAP_TOKEN_VALUE || (Math.abs(x) >= 1e288 &&",
    "        ((0, encoding_1.extractTokenDouble)(x, false) !== undefined || (0, encoding_1.extractTokenDouble)(x, true) !== undefined)),",
    // cdktf resolves a list token with the list holding it, and refuses a map token's placeholder in a string.
    "    resolvesAlone: (s) => !TOKEN_CHECKS.isTokenString(s) && !encoding_1.TokenString.forListToken(s).test(),",
    "};",
    "",
  ].join("\n");
  return source.replace(RESOLVE_START, `${checks}${RESOLVE_START}${fastPath}`);
}

/** cdktf 0.21's resolve declares makeContext anew on every call (the start and the end of the declaration). */
const MAKE_CONTEXT_START = "    function makeContext(appendPath) {\n";
const MAKE_CONTEXT_END = "        ];\n    }\n    // protect against cyclic references by limiting depth.\n";

/**
 * cdktf's tokens/private/resolve.js with makeContext an anonymous function expression: the bundle's keepNames names
 * every function declaration where it is declared (a call of `__name`, defining the property `name` on the new closure),
 * and resolve declares makeContext on each of its calls, hundreds of thousands in a large synth. Nothing reads the
 * name. Undefined when the source is not the one this was written for.
 */
function unnamedMakeContext(source) {
  if (source.split(MAKE_CONTEXT_START).length !== 2 || source.split(MAKE_CONTEXT_END).length !== 2) return undefined;
  return source
    .replace(MAKE_CONTEXT_START, "    const makeContext = (0, function (appendPath) {\n")
    .replace(MAKE_CONTEXT_END, "        ];\n    });\n    // protect against cyclic references by limiting depth.\n");
}

/**
 * Eight of cdktf's internals replaced in the bundle, measured hot spots of synth (npm run bench); what cdktf writes
 * stays the same byte for byte (test/stacks/main.test.ts compares the bundle's output with the sources' run by tsx).
 * - The JSON writer (json-stable-stringify): src/terraform/stable-json.ts, the same text in one pass; the stack file
 *   written in chunks, sorted while written (see streamStackFile).
 * - The creation stack cdktf records for every token, list and map attribute of every resource (an unlimited
 *   `Error.captureStackTrace`, formatted at once): 0.4 s of a 3 s synth. cdktf prints it only inside an error message
 *   about a token that cannot be resolved; the bundle records what aws-cdk records with stack traces disabled.
 * - The stack's second resolve of everything (see resolveOnce), and its copy of every resolved fragment (see
 *   mergeFragments).
 * - archiver, loaded when cdktf loads (its asset code) but used only to zip an ARCHIVE asset (see lazyArchiver).
 * - resolve's walk of plain data without tokens, value by value with a new context each (see tokenFreeResolve).
 * - The name keepNames gave the closure resolve declares on every call (see unnamedMakeContext).
 */
const cdktfInternals = {
  name: "cdktf-internals",
  setup(build) {
    // cdktf requires the package's CommonJS function: a one-line module hands it the TypeScript module's default.
    build.onResolve({ filter: /^json-stable-stringify$/ }, (args) =>
      args.importer.includes(`${sep}cdktf${sep}`) ? { path: "stable-json", namespace: "cdktf-internals" } : undefined,
    );
    build.onLoad({ filter: /^stable-json$/, namespace: "cdktf-internals" }, () => ({
      contents: 'module.exports = require("./src/terraform/stable-json.ts").default;',
      resolveDir: root,
      loader: "js",
    }));
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]terraform-stack\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const once = resolveOnce(source) ?? source;
      return { contents: mergeFragments(once) ?? once, loader: "js" };
    });
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]resolve\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const fastPath = tokenFreeResolve(source) ?? source;
      return { contents: unnamedMakeContext(fastPath) ?? fastPath, loader: "js" };
    });
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]synthesize[\\/]synthesizer\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      return { contents: streamStackFile(source) ?? source, loader: "js" };
    });
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      return { contents: lazyArchiver(source) ?? source, loader: "js" };
    });
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: 'exports.captureStackTrace = function captureStackTrace() { return ["stack traces disabled"]; };',
      loader: "js",
    }));
  },
};

/**
 * Builds `outfile` from `entry` (paths from the project root) unless it is newer than every source; resolves to its
 * absolute path. Rejects when esbuild reports an error (it printed it). Asynchronous: esbuild runs plugins only there.
 * `stockCdktf` keeps cdktf's internals as they are (the raw-cdktf baseline of npm run bench).
 */
async function bundle(entry, outfile, { stockCdktf = false } = {}) {
  const out = join(root, outfile);
  if (buildIsStale(root, out, SOURCES)) {
    await require("esbuild").build({
      entryPoints: [join(root, entry)],
      outfile: out,
      bundle: true,
      platform: "node",
      target: "node20",
      // Minified (15 MB less to load, and local names a quarter less again); keepNames keeps the names of functions
      // and classes, which error messages and cdktf's construct metadata read.
      minify: true,
      keepNames: true,
      logLevel: "error",
      plugins: stockCdktf ? [] : [cdktfInternals],
    });
  }
  return out;
}

module.exports = {
  bundle,
  resolveOnce,
  mergeFragments,
  lazyArchiver,
  tokenFreeResolve,
  unnamedMakeContext,
  streamStackFile,
  cdktfInternals,
};
