import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { deepFreeze } from "../support/deep-freeze";
import { type RenderedRelease, renderStack } from "../support/helm";
import { bundledSpec, synthEnvironments, type TerraformJson } from "../support/synth";

export { bundledSpec };

let stacks: Record<string, TerraformJson> | undefined;
let rendered: Promise<Record<string, RenderedRelease[]>> | undefined;

/**
 * The bundled environments' Terraform JSON, synthesized once per test process and shared, so frozen (deepFreeze): a
 * test that changes a stack takes its own copy (`synthEnvironments` gives a fresh one, or structuredClone).
 */
export function bundledStacks(): Record<string, TerraformJson> {
  stacks ??= deepFreeze(synthEnvironments((Object.keys(BUNDLED_ENVIRONMENTS) as (keyof typeof BUNDLED_ENVIRONMENTS)[]).map(bundledSpec)));
  return stacks;
}

/** Every helm_release of every bundled environment, rendered once per test process and shared by every check (frozen). */
export function renderBundled(): Promise<Record<string, RenderedRelease[]>> {
  rendered ??= (async () => {
    const entries = await Promise.all(
      Object.entries(bundledStacks()).map(async ([env, stack]) => [env, await renderStack(stack)] as const),
    );
    return deepFreeze(Object.fromEntries(entries));
  })();
  return rendered;
}
