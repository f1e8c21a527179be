import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { LOCAL_CHARTS } from "../../src/catalog/charts";
import { type EnvironmentInput, type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import { MonitoringStack, stackName } from "../../stacks/monitoring-stack";
import { withBundledCdktf } from "./bundle-synth";
import { deepFreeze } from "./deep-freeze";
import { parseYaml } from "./parse-yaml";
import { runCached } from "./run-cache";

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
export type TerraformJson = Record<string, any>;

/**
 * Synthesizes environments through a real App (aspects, backends, outputs) and returns each stack's JSON (a fresh
 * copy: callers may change it). A stack is a pure function of its own spec (the stacks of an app are independent,
 * checked in synth.test.ts), so within a test run each environment is synthesized once, alone in its App, and shared
 * by every test process that asks for it, whatever other environments a file asks for with it (the bundled
 * environments are asked for by some 25 files, in a dozen combinations).
 */
export function synthEnvironments(specs: readonly EnvironmentSpec[]): Record<string, TerraformJson> {
  // Two specs of one name: the App refuses them, as it must.
  if (new Set(specs.map((spec) => spec.name)).size < specs.length) return synthUncached(specs);
  return Object.fromEntries(specs.map((spec) => [spec.name, JSON.parse(synthText(spec))]));
}

const synthesized = new Map<string, string>();

/** One stack's JSON text, computed once per run (see runCached) and kept by this process. */
function synthText(spec: EnvironmentSpec): string {
  const key = JSON.stringify(spec);
  let text = synthesized.get(key);
  if (text === undefined) {
    // The synthesized file's own text: no parse and print again (the thousand-service stack is tens of MB).
    text = runCached("synth-stack", key, () => synthTexts([spec])[spec.name]);
    // Kept in memory unless huge (the scale tests' thousand-service stacks are read back from the run folder).
    if (text.length < 16 * 1024 * 1024) synthesized.set(key, text);
  }
  return text;
}

/** Synthesizes the specs' stacks in one App (no cache). */
export function synthUncached(specs: readonly EnvironmentSpec[]): Record<string, TerraformJson> {
  return Object.fromEntries(Object.entries(synthTexts(specs)).map(([name, text]) => [name, JSON.parse(text)]));
}

/**
 * The specs' stacks synthesized in one App, as the JSON text of each stack's `cdk.tf.json`: with cdktf's internals as
 * the app's bundle has them (test/support/bundle-synth.ts), so as the app synthesizes.
 */
function synthTexts(specs: readonly EnvironmentSpec[]): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "monitoring-synth-"));
  try {
    withBundledCdktf(() => {
      const app = new App({ outdir });
      for (const spec of specs) new MonitoringStack(app, { spec });
      app.synth();
    });
    return Object.fromEntries(
      specs.map((spec) => [spec.name, readFileSync(join(outdir, "stacks", stackName(spec.name), "cdk.tf.json"), "utf8")]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function synthEnvironment(input: EnvironmentInput): TerraformJson {
  const spec = resolveEnvironment(input);
  return synthEnvironments([spec])[spec.name];
}

const bundledSpecs = new Map<string, EnvironmentSpec>();

/**
 * A bundled environment's resolved spec, resolved once per test process (validation renders the whole environment:
 * ~0.3 s of CPU each time). Shared, so frozen (deepFreeze): `bundled` gives a copy of the input to change. Stacks build
 * from it frozen (MonitoringStack and cdktf change nothing of a spec: the chart and stack tests synthesize from it).
 */
export function bundledSpec(env: keyof typeof BUNDLED_ENVIRONMENTS): EnvironmentSpec {
  let spec = bundledSpecs.get(env);
  if (!spec) {
    spec = deepFreeze(resolveEnvironment(BUNDLED_ENVIRONMENTS[env]));
    bundledSpecs.set(env, spec);
  }
  return spec;
}

/** A deep copy of a bundled environment's input, to modify in a test. */
export function bundled(name: "dev" | "staging" | "prod" | "gcp" | "azure"): EnvironmentInput {
  return structuredClone(BUNDLED_ENVIRONMENTS[name]);
}

/** Resources of one type, keyed by logical id. */
export function resourcesOf(stack: TerraformJson, type: string): TerraformJson[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/**
 * A helm_release's values as Helm sees them: every `values` document parsed and merged in order (maps key by key,
 * lists replaced whole), as the stack splits values that hold Terraform references into their own document. Read
 * with {@link parseYaml} (the thousand-service stack's rule releases hold 26 MB of values).
 */
export function helmValues(release: TerraformJson): TerraformJson {
  const merge = (base: unknown, over: unknown): unknown => {
    if (!isMap(base) || !isMap(over)) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = key in out ? merge(out[key], value) : value;
    return out;
  };
  return (release.values as string[]).map((text) => parseYaml(text)).reduce((acc, doc) => merge(acc, doc), {}) as TerraformJson;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The Prometheus rule files a stack installs, by file name: the PrometheusRule specs of its `prometheus-rules-<n>`
 * releases (objects named `<release>-<file>`).
 */
export function prometheusRuleFiles(stack: TerraformJson): Record<string, TerraformJson> {
  const prefix = `${LOCAL_CHARTS.prometheusRules.release}-`;
  const files: Record<string, TerraformJson> = {};
  for (const release of resourcesOf(stack, "helm_release").filter((r) => String(r.name).startsWith(prefix))) {
    for (const [object, spec] of Object.entries(helmValues(release).rules ?? {}))
      files[object.slice(`${release.name}-`.length)] = spec as TerraformJson;
  }
  return files;
}
