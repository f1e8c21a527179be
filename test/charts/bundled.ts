import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import { type RenderedRelease, renderStack } from "../support/helm";
import { synthEnvironments, type TerraformJson } from "../support/synth";

let stacks: Record<string, TerraformJson> | undefined;
const specs = new Map<string, EnvironmentSpec>();
let rendered: Promise<Record<string, RenderedRelease[]>> | undefined;

/**
 * A bundled environment's resolved spec, resolved once per test process (validation renders the whole environment:
 * ~0.3 s of CPU each time). Shared: read it, never change it.
 */
export function bundledSpec(env: keyof typeof BUNDLED_ENVIRONMENTS): EnvironmentSpec {
  let spec = specs.get(env);
  if (!spec) {
    spec = resolveEnvironment(BUNDLED_ENVIRONMENTS[env]);
    specs.set(env, spec);
  }
  return spec;
}

/** The bundled environments' Terraform JSON, synthesized once per test process. */
export function bundledStacks(): Record<string, TerraformJson> {
  stacks ??= synthEnvironments((Object.keys(BUNDLED_ENVIRONMENTS) as (keyof typeof BUNDLED_ENVIRONMENTS)[]).map(bundledSpec));
  return stacks;
}

/** Every helm_release of every bundled environment, rendered once per test process and shared by every check. */
export function renderBundled(): Promise<Record<string, RenderedRelease[]>> {
  rendered ??= (async () => {
    const entries = await Promise.all(
      Object.entries(bundledStacks()).map(async ([env, stack]) => [env, await renderStack(stack)] as const),
    );
    return Object.fromEntries(entries);
  })();
  return rendered;
}
