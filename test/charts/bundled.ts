import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { type RenderedRelease, renderStack } from "../support/helm";
import { synthEnvironments, type TerraformJson } from "../support/synth";

let stacks: Record<string, TerraformJson> | undefined;
let rendered: Promise<Record<string, RenderedRelease[]>> | undefined;

/** The bundled environments' Terraform JSON, synthesized once per test process. */
export function bundledStacks(): Record<string, TerraformJson> {
  stacks ??= synthEnvironments(Object.values(BUNDLED_ENVIRONMENTS).map((input) => resolveEnvironment(input)));
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
