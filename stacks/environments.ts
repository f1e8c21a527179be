import { existsSync, readdirSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import {
  type EnvironmentInput,
  type EnvironmentSpec,
  readSpecFile,
  resolveEnvironmentSources,
  type SpecSource,
  SpecValidationError,
} from "../src/spec";
import { packageRoot } from "../src/util/package-root";

/**
 * The example environments of this repository (environments/*.ts). The published package does not ship them:
 * installed, it has none and reads the specs of the project it runs in.
 */
function bundledEnvironments(): Readonly<Record<string, EnvironmentInput>> | undefined {
  const examples = join(__dirname, "..", "environments");
  if (!existsSync(join(examples, "index.ts")) && !existsSync(join(examples, "index.js"))) return undefined;
  return (require("../environments") as typeof import("../environments")).BUNDLED_ENVIRONMENTS;
}

const BUNDLED = bundledEnvironments();

/**
 * Folder of YAML/JSON specs: beside the bundled TypeScript ones in this repository, `./environments` of the
 * current project when the package is installed.
 */
export const ENVIRONMENTS_DIR = BUNDLED ? join(packageRoot(), "environments") : resolve("environments");

/**
 * Every environment of the app: the bundled TypeScript specs plus any `environments/*.yaml|yml|json` file.
 * `MONITORING_ENVIRONMENTS_DIR` points elsewhere (then only that folder's files count), for teams whose specs
 * live in their own repository.
 */
export function loadEnvironments(dir = process.env.MONITORING_ENVIRONMENTS_DIR): EnvironmentSpec[] {
  return loadEnvironmentSources(dir).map((s) => s.spec);
}

/** Like {@link loadEnvironments}, with the file each environment came from (for messages about it). */
export function loadEnvironmentSources(
  dir = process.env.MONITORING_ENVIRONMENTS_DIR,
): Array<{ readonly source: string; readonly spec: EnvironmentSpec }> {
  return resolveEnvironmentSources(environmentSources(dir));
}

/** The spec sources of the app, unread: each file is read (and its syntax checked) when it is validated. */
export function environmentSources(dir = process.env.MONITORING_ENVIRONMENTS_DIR): SpecSource[] {
  const bundled = dir || !BUNDLED ? [] : Object.entries(BUNDLED).map(([file, input]) => ({ source: `environments/${file}.ts`, input }));
  const folder = dir ? resolve(dir) : ENVIRONMENTS_DIR;
  let names: string[];
  try {
    // Installed, the package has no example environments and the project may have no environments/ folder yet.
    names = existsSync(folder) || dir ? readdirSync(folder) : [];
  } catch (error) {
    throw new SpecValidationError(folder, [
      { path: "", message: `cannot list the environments folder: ${(error as NodeJS.ErrnoException).code}` },
    ]);
  }
  const files = names
    .filter((f) => [".yaml", ".yml", ".json"].includes(extname(f)))
    .sort()
    .map((f) => join(folder, f));
  return [...bundled, ...files.map((file) => ({ source: file, input: () => readSpecFile(file) }))];
}

/**
 * The environment `--env <name>` names, for the CLI commands; when there is none of that name (or no name), says so
 * on stderr with the names there are, and returns undefined (the command exits 2).
 */
export function selectEnvironment(name: string | undefined): EnvironmentSpec | undefined {
  const specs = loadEnvironments();
  const spec = name === undefined ? undefined : specs.find((s) => s.name === name);
  if (!spec) {
    const known = specs.map((s) => s.name).join(", ");
    process.stderr.write(`${name === undefined ? "--env <name> is required" : `no environment named "${name}"`} (known: ${known})\n`);
  }
  return spec;
}
