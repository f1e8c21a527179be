import { readdirSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { BUNDLED_ENVIRONMENTS } from "../environments";
import { type EnvironmentSpec, readSpecFile, resolveEnvironments } from "../src/spec";
import { packageRoot } from "../src/util/package-root";

/** Folder of YAML/JSON specs added beside the bundled TypeScript ones. */
export const ENVIRONMENTS_DIR = join(packageRoot(), "environments");

/**
 * Every environment of the app: the bundled TypeScript specs plus any `environments/*.yaml|yml|json` file.
 * `MONITORING_ENVIRONMENTS_DIR` points elsewhere (then only that folder's files count), for teams whose specs
 * live in their own repository.
 */
export function loadEnvironments(dir = process.env.MONITORING_ENVIRONMENTS_DIR): EnvironmentSpec[] {
  const bundled = dir ? [] : Object.entries(BUNDLED_ENVIRONMENTS).map(([file, input]) => ({ source: `environments/${file}.ts`, input }));
  const folder = dir ? resolve(dir) : ENVIRONMENTS_DIR;
  const files = readdirSync(folder)
    .filter((f) => [".yaml", ".yml", ".json"].includes(extname(f)))
    .sort()
    .map((f) => join(folder, f));
  return resolveEnvironments([...bundled, ...files.map((file) => ({ source: file, input: () => readSpecFile(file) }))]);
}
