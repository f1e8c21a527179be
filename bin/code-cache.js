// Runs a bundled CommonJS file as `require` would, with V8's code cache: the bytecode of every function the last run
// compiled, saved beside the file after the run. V8 otherwise parses the 7 MB bundle and compiles each function the
// first time it is called, on every run (about 0.3 s of the main thread for the bundled environments). The cache is
// taken after the run, not after loading, so it holds the functions synth calls, not only the top level.
const { isAscii } = require("node:buffer");
const { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { basename, dirname, join } = require("node:path");
const { Script } = require("node:vm");

/**
 * The cache file of `file` as it is now: named by the bundle's size, modification time (ns) and inode, so a rebuilt
 * bundle never meets the bytecode of the previous one (V8 checks a cache only against the source's length, its own
 * version and flags: a test shows it runs a previous build's code otherwise).
 */
function cachePath(file) {
  const { size, mtimeNs, ino } = statSync(file, { bigint: true });
  return join(dirname(file), `.${basename(file)}.${size}-${mtimeNs}-${ino}.code-cache`);
}

/**
 * The file's text. esbuild writes ASCII (it escapes other characters), which reads a quarter faster as Latin-1 than
 * decoded as UTF-8 (0.10 s instead of 0.13 s of CPU for the 6.8 MB bundle); anything else is decoded as UTF-8.
 */
function readSource(file) {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.utf8Slice(0, bytes.length);
}

/**
 * Runs `file` (an absolute path) as a CommonJS module, with its code cache when there is a valid one; writes the cache
 * after the run when there was none (or V8 refused it). Returns whether the cache was used. A cache that cannot be
 * written (a read-only install) is only a slower next start.
 */
function runWithCodeCache(file) {
  const source = readSource(file);
  const cache = cachePath(file);
  let cachedData;
  try {
    cachedData = readFileSync(cache);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  // V8 has read the cache: the 6 MB buffer need not stay alive through the run.
  const hadCache = cachedData !== undefined;
  cachedData = undefined;
  const module = new Module(file, undefined);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dirname(file));
  const run = script.runInThisContext();
  try {
    run.call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
  } finally {
    module.loaded = true;
  }
  const used = hadCache && !script.cachedDataRejected;
  // A run that failed (a spec error) compiled little of the app: the next good run writes the cache.
  if (!used && !process.exitCode) saveCache(file, cache, script.createCachedData());
  return used;
}

/** Writes the cache whole or not at all (a parallel run reads the old file or the new one), and drops older ones. */
function saveCache(file, cache, data) {
  const partial = `${cache}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, cache);
    const prefix = `.${basename(file)}.`;
    for (const name of readdirSync(dirname(file))) {
      if (name.startsWith(prefix) && name.endsWith(".code-cache") && join(dirname(file), name) !== cache) {
        rmSync(join(dirname(file), name), { force: true });
      }
    }
  } catch {
    rmSync(partial, { force: true });
  }
}

module.exports = { runWithCodeCache, cachePath };
