import { NAME_RULES, type NameRule, nameRuleProblem } from "../catalog/provider-names";
import { formatPath, type SpecProblem } from "./errors";

/** A string the author wrote, with where it is: the candidates a generated name is made from. */
interface SpecText {
  readonly path: string;
  readonly value: string;
}

/**
 * Checks every name in a synthesized stack (`toTerraform()` output) against the rule of the provider that receives it
 * ({@link NAME_RULES}), so a name made too long or invalid by a spec name fails in `validate`, not at apply. Each
 * problem names the spec field that contributes most to the name (the longest spec value inside it), and the others.
 * Names computed by Terraform (`${...}` other than `each.key`/`each.value`) are not known here and are skipped.
 */
export function generatedNameProblems(input: unknown, terraform: unknown): SpecProblem[] {
  const resources = (terraform as { resource?: Record<string, Record<string, Record<string, unknown>>> }).resource ?? {};
  const texts = specTexts(input);
  const problems: SpecProblem[] = [];
  const reported = new Set<string>();
  for (const [type, rules] of Object.entries(NAME_RULES)) {
    for (const resource of Object.values(resources[type] ?? {})) {
      for (const [argument, rule] of Object.entries(rules)) {
        for (const name of namesOf(resource, argument)) {
          const problem = nameRuleProblem(rule, name);
          const key = `${type}.${argument}=${name}`;
          if (!problem || reported.has(key)) continue;
          reported.add(key);
          problems.push(nameProblem(rule, type, argument, name, problem, texts));
        }
      }
    }
  }
  return problems;
}

function nameProblem(
  rule: NameRule,
  type: string,
  argument: string,
  name: string,
  problem: string,
  texts: readonly SpecText[],
): SpecProblem {
  const sources = texts
    .filter((t) => name.toLowerCase().includes(t.value.toLowerCase()) || compact(name).includes(compact(t.value)))
    .sort((a, b) => b.value.length - a.value.length || a.path.length - b.path.length);
  // The field whose value causes a refused character or word (the name passes with it blanked out), else the longest.
  const culprit = sources.find((t) => {
    const blanked = name.replace(new RegExp(escapeRegExp(t.value), "i"), "a".repeat(t.value.length));
    return blanked !== name && nameRuleProblem(rule, blanked) === undefined;
  });
  const [main, ...others] = culprit ? [culprit, ...sources.filter((t) => t !== culprit)] : sources;
  const madeFrom = main
    ? ` It is made from ${main.path} ("${main.value}", ${main.value.length} characters)${others.length > 0 ? ` with ${[...new Set(others.map((o) => o.path))].slice(0, 3).join(", ")}` : ""}: shorten or rename it.`
    : "";
  return {
    path: main?.path ?? "name",
    message: `the ${rule.what} name "${name}" (${type}.${argument}, ${name.length} characters) would be refused: ${problem}.${madeFrom}`,
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const compact = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The values of one name argument: a literal, or every key/value of a `for_each` map it is taken from. */
function namesOf(resource: Record<string, unknown>, argument: string): string[] {
  const value = argument.split(".").reduce<unknown>((node, key) => {
    const object = Array.isArray(node) ? node[0] : node;
    return object && typeof object === "object" ? (object as Record<string, unknown>)[key] : undefined;
  }, resource);
  if (typeof value !== "string") return [];
  const forEach = resource.for_each;
  const map = forEach && typeof forEach === "object" && !Array.isArray(forEach) ? (forEach as Record<string, unknown>) : undefined;
  if (value === "${each.key}") return map ? Object.keys(map) : [];
  const field = /^\$\{(?:try\()?each\.value\.(\w+)(?:, null\))?\}$/.exec(value)?.[1];
  if (field) {
    return map
      ? Object.values(map).flatMap((v) => {
          const named = v && typeof v === "object" ? (v as Record<string, unknown>)[field] : undefined;
          return typeof named === "string" && !named.includes("${") ? [named] : [];
        })
      : [];
  }
  return value.includes("${") ? [] : [value];
}

/** Every string the author wrote (plain objects and lists only), with its path. */
function specTexts(input: unknown): SpecText[] {
  const texts: SpecText[] = [];
  const walk = (node: unknown, path: PropertyKey[]) => {
    if (typeof node === "string") {
      if (node.length >= 3) texts.push({ path: formatPath(path), value: node });
    } else if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, [...path, i]);
    } else if (node && typeof node === "object" && Object.getPrototypeOf(node) === Object.prototype) {
      for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
    }
  };
  walk(input, []);
  return texts;
}
