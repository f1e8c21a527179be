// Lets Node's own `require` load TypeScript in test workers, as the app and the CLI do: modules that load parts on
// demand (stacks/environments.ts requires the example environments, src/cli/main.ts its commands) use it.
//
// When the build is current (as after `npm test`'s build step), a project source that the build compiles is loaded
// as its build in dist/ (as bin/monitoring-stack.js loads the CLI): Node's plain require, the same module instances
// as the in-process CLI's (test/support/run.ts), nothing transpiled. Other TypeScript (test support files) is
// transpiled with esbuild. tsx's require hook did both before: it ran every `require` of the worker (cdktf's and the
// providers' thousands of files too) through its resolver and loader, turned on source maps for all of them and
// transpiled the environments' graph again in each worker, about 2 s of CPU per worker process (issue #19).
// With a stale build (an edited source, `npx vitest run <file>` without a build) tsx's hook is registered as before.
//
// Once per process: setup files run before every file of a shared worker, and a hook registered per file chained
// another one each time (a worker that registered per file resolved every require through dozens of nested hooks).
import { existsSync, readFileSync } from "node:fs";
import Module from "node:module";
import { join, relative, sep } from "node:path";

const ROOT = join(__dirname, "..", "..");
/** The folders tsconfig.build.json compiles into dist/ (a test there checks that this list matches it). */
export const BUILT_FOLDERS = ["src", "modules", "stacks", "environments", "bench", "examples", ".gen"];

const REGISTERED = Symbol.for("cdktf-monitoring-stack.require-ts-registered");
const state = globalThis as { [REGISTERED]?: boolean };

/** The build of `file` (a TypeScript source the build compiles), or undefined when it has none. */
export function builtFile(file: string): string | undefined {
  const path = relative(ROOT, file);
  if (!BUILT_FOLDERS.includes(path.split(sep)[0]) || !path.endsWith(".ts") || path.endsWith(".d.ts")) return undefined;
  const built = join(ROOT, "dist", path.replace(/\.ts$/, ".js"));
  return existsSync(built) ? built : undefined;
}

type Loader = (module: NodeJS.Module & { _compile(code: string, filename: string): void }, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;

if (!state[REGISTERED]) {
  state[REGISTERED] = true;
  const { buildIsStale } = require(join(ROOT, "bin", "stale-build.js")) as {
    buildIsStale: (root: string, entry: string) => boolean;
  };
  if (buildIsStale(ROOT, join(ROOT, "dist", "src", "cli", "main.js"))) {
    (require("tsx/cjs/api") as typeof import("tsx/cjs/api")).register();
  } else {
    extensions[".ts"] = (module, filename) => {
      const built = builtFile(filename);
      if (built) {
        module.exports = require(built);
        return;
      }
      const { transformSync } = require("esbuild") as typeof import("esbuild");
      const { code } = transformSync(readFileSync(filename, "utf8"), {
        loader: "ts",
        format: "cjs",
        target: "node20",
        sourcefile: filename,
        sourcemap: "inline",
      });
      module._compile(code, filename);
    };
  }
}
