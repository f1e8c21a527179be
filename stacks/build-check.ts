import { App, DefaultTokenResolver, StringConcat, TerraformResource, type TerraformStack, Tokenization } from "cdktf";
import { NAME_RULES } from "../src/catalog/provider-names";
import { type EnvironmentSpec, problemFromException, type SpecProblem } from "../src/spec";
import { generatedNameProblems } from "../src/spec/generated-names";
import { MonitoringStack } from "./monitoring-stack";

/**
 * The last check of `validate`: builds the environment's stack in memory, as synth does, and turns anything it
 * throws into a problem. Rules in src/spec catch every known limit with its path first; this guarantees that a spec
 * validate accepts also synthesizes when a construct enforces a limit no rule covers yet. The names in the built
 * stack are then checked against the rules of the providers that receive them, naming the spec field they come from.
 * `app` is where the stack is built (a caller may synthesize it after a clean check). @default a new App
 */
export function stackProblems(spec: EnvironmentSpec, app: App = new App()): SpecProblem[] {
  try {
    return stackNameProblems(new MonitoringStack(app, { spec }));
  } catch (error) {
    return [problemFromException(error)];
  }
}

/**
 * The names in a built stack that a provider would refuse at apply, each blamed on the spec field it comes from: the
 * check validate, `cdktf synth` and `monitoring-stack synth` share. Only the name arguments (and `for_each`) of the
 * resource types that have a name rule are resolved: resolving the whole stack here cost as much as synth itself.
 */
export function stackNameProblems(stack: MonitoringStack): SpecProblem[] {
  return generatedNameProblems(stack.spec, { resource: namedResources(stack) });
}

/**
 * {@link stackNameProblems} for a stack about to be written (the app, `monitoring-stack synth`): the names are read
 * from the whole configuration, resolved once for synth to write (see `MonitoringStack.resolveForSynth`), instead of
 * resolving the named arguments here and the whole stack again at synth.
 */
export function stackNameProblemsBeforeSynth(stack: MonitoringStack): SpecProblem[] {
  return generatedNameProblems(stack.spec, stack.resolveForSynth());
}

/** `resource.<type>.<id>` of the stack, reduced to what the name rules read, resolved as synth resolves them. */
function namedResources(stack: TerraformStack): Record<string, Record<string, unknown>> {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const out: Record<string, Record<string, unknown>> = {};
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const rules = NAME_RULES[node.terraformResourceType];
    if (!rules) continue;
    const byType = (node.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource[
      node.terraformResourceType
    ];
    // The first segment of every rule's argument path (`metadata` of `metadata.name`), and the keys names come from.
    const keys = new Set(["for_each", ...Object.keys(rules).map((argument) => argument.split(".")[0])]);
    for (const [id, attributes] of Object.entries(byType)) {
      const picked = Object.fromEntries(Object.entries(attributes).filter(([key]) => keys.has(key)));
      if (picked.for_each !== undefined) picked.for_each = namingFields(picked.for_each, picked);
      out[node.terraformResourceType] ??= {};
      out[node.terraformResourceType][id] = Tokenization.resolve(picked, { scope: stack, preparing: false, resolver });
    }
  }
  return out;
}

/**
 * A `for_each` map reduced to what names are made of: its keys and the `each.value` fields the picked arguments
 * name. The alarm map of a large environment holds every alarm's whole definition (megabytes to resolve), and names
 * read one field of it. Anything else (a reference, a list) stays whole.
 */
function namingFields(forEach: unknown, picked: Record<string, unknown>): unknown {
  if (!forEach || typeof forEach !== "object" || Array.isArray(forEach) || Tokenization.isResolvable(forEach)) return forEach;
  const arguments_ = JSON.stringify({ ...picked, for_each: undefined });
  if (arguments_.includes("TfToken")) return forEach;
  const fields = new Set([...arguments_.matchAll(/each\.value\.(\w+)/g)].map((m) => m[1]));
  return Object.fromEntries(
    Object.entries(forEach).map(([key, value]) => [
      key,
      value && typeof value === "object" && !Array.isArray(value) && !Tokenization.isResolvable(value)
        ? Object.fromEntries(Object.entries(value).filter(([field]) => fields.has(field)))
        : value,
    ]),
  );
}
