// Whether the compiled build (dist/) is older than any source it is built from: a source checkout where someone edited
// a file since the last `npm run build`. In the published package there are no sources, so the build is never stale.
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const SOURCES = ["src", "modules", "stacks", "environments", ".gen", "tsconfig.json", "tsconfig.build.json", "package.json"];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(ts|json|js)$/.test(path) ? stat.mtimeMs : 0;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

/** True when `entry` (a built file) is missing or older than one of `sources` (paths under `root`). */
function buildIsStale(root, entry, sources = SOURCES) {
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  return sources.some((source) => newest(join(root, source)) > built);
}

module.exports = { buildIsStale };
