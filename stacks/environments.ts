import { readdirSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { BUNDLED_ENVIRONMENTS } from "../environments";
import { type EnvironmentSpec, readSpecFile, resolveEnvironmentSources, type SpecSource, SpecValidationError } from "../src/spec";
import { packageRoot } from "../src/util/package-root";

/** Folder of YAML/JSON specs added beside the bundled TypeScript ones. */
export const ENVIRONMENTS_DIR = join(packageRoot(), "environments");

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
  const bundled = dir ? [] : Object.entries(BUNDLED_ENVIRONMENTS).map(([file, input]) => ({ source: `environments/${file}.ts`, input }));
  const folder = dir ? resolve(dir) : ENVIRONMENTS_DIR;
  let names: string[];
  try {
    names = readdirSync(folder);
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
