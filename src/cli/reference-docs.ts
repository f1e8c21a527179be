import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadEnvironments } from "../../stacks/environments";
import { renderArtifacts } from "../render/artifacts";
import { renderAlertsReference } from "../render/docs/alerts-reference";
import { extractFieldDocs } from "../render/docs/field-docs";
import { constructsOf, renderModulesReference } from "../render/docs/modules-reference";
import { renderSpecReference, specFields } from "../render/docs/spec-reference";
import { renderThresholdsReference } from "../render/docs/thresholds-reference";
import { packageRoot } from "../util/package-root";

/**
 * The reference pages under docs/reference, generated from the code (`npm run docs`; a test keeps them current).
 * They read the spec's doc comments from its sources, so they are made from a clone, not from the published package.
 */
export function referenceDocs(): Record<string, string> {
  return {
    "spec.md": renderSpecReference(specReference()),
    "thresholds.md": renderThresholdsReference(),
    "alerts.md": renderAlertsReference(loadEnvironments().map((spec) => ({ name: spec.name, alerts: renderArtifacts(spec).alerts }))),
    "modules.md": renderModulesReference(moduleSources()),
  };
}

/** Every module folder with the constructs its files export. */
function moduleSources() {
  const dir = join(packageRoot(), "modules");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      constructs: readdirSync(join(dir, name))
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
        .sort()
        .flatMap((f) => constructsOf(readFileSync(join(dir, name, f), "utf8"))),
    }));
}

/**
 * The spec's fields from the schema sources. The root schema is loaded the same way as the constants it is matched
 * against by identity (a test runner's own module graph would hold other instances).
 */
function specReference() {
  const [named, docs, dir] = specSources();
  const { environmentSchema } = require(join(dir, "environment")) as typeof import("../spec/environment");
  return specFields(environmentSchema, named, docs);
}

/** The exported schema constants of src/spec (by identity) and the doc comments of their fields. */
function specSources(): [Map<unknown, string>, Map<string, Map<string, string>>, string] {
  const root = packageRoot();
  const dir = join(root, "src", "spec");
  if (!existsSync(dir)) throw new Error(`the reference is generated from the sources in ${dir}: run it from a clone`);
  const named = new Map<unknown, string>();
  const docs = new Map<string, Map<string, string>>();
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  for (const file of files.sort()) {
    const path = join(dir, file);
    const key = (constant: string) => `${relative(dir, path)}#${constant}`;
    for (const [constant, fields] of extractFieldDocs(readFileSync(path, "utf8"))) docs.set(key(constant), fields);
    const exports = require(path) as Record<string, unknown>;
    for (const [constant, value] of Object.entries(exports)) {
      if (typeof value === "object" && value !== null && "_zod" in value && !named.has(value)) named.set(value, key(constant));
    }
  }
  return [named, docs, dir];
}
