// Whether the compiled build (dist/) is older than any source it is built from: a source checkout where someone edited
// a file since the last `npm run build`. In the published package there are no sources, so the build is never stale.
// Every start of the app runs this over ~370 files: one stat per file, none per folder (their entries' types come with
// the listing), and it stops at the first newer file (half the CPU of a stat of every entry, measured, #19).
const { existsSync, readdirSync, statSync, utimesSync } = require("node:fs");
const { join } = require("node:path");

/** What dist/ is built from: every folder tsconfig.build.json compiles (a test checks it), its configuration and package. */
const SOURCES = [
  "src",
  "modules",
  "stacks",
  "environments",
  "bench",
  "examples",
  ".gen",
  "tsconfig.json",
  "tsconfig.build.json",
  "package.json",
];
const SOURCE_FILE = /\.(ts|json|js)$/;

/** Whether `path` (a file or folder, followed through links; missing: no) holds a source newer than `built`. */
function holdsNewer(path, built) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return false;
  return stat.isDirectory() ? folderHoldsNewer(path, built) : SOURCE_FILE.test(path) && stat.mtimeMs > built;
}

function folderHoldsNewer(folder, built) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    const newer = entry.isDirectory()
      ? folderHoldsNewer(path, built)
      : entry.isSymbolicLink()
        ? holdsNewer(path, built)
        : SOURCE_FILE.test(entry.name) && statSync(path).mtimeMs > built;
    if (newer) return true;
  }
  return false;
}

/** True when `entry` (a built file) is missing or older than one of `sources` (paths under `root`). */
function buildIsStale(root, entry, sources = SOURCES) {
  const built = statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return sources.some((source) => holdsNewer(join(root, source), built));
}

/**
 * Dates every built file of `folders` under `outDir` at `at` (the moment the build started): the build is current as
 * a whole, though tsc's incremental build leaves the outputs of unchanged sources older than sources merely touched
 * since (a checkout). Every staleness check then agrees, whichever built file it reads (the CLI's, the example
 * service's), and a source saved after `at` still makes the build stale.
 */
function markBuildCurrent(outDir, folders, at) {
  for (const folder of folders) {
    if (!existsSync(join(outDir, folder))) continue;
    for (const file of readdirSync(join(outDir, folder), { recursive: true })) {
      if (file.endsWith(".js")) utimesSync(join(outDir, folder, file), at, at);
    }
  }
}

module.exports = { buildIsStale, markBuildCurrent, SOURCES };
