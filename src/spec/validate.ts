import { credentialKind } from "./credentials";
import { type EnvironmentInput, type EnvironmentSpec, environmentSchema } from "./environment";
import { formatPath, problemFromException, problemsFromIssues, redactProblems, type SpecProblem, SpecValidationError } from "./errors";
import { renderProblems } from "./render-checks";

export { readSpecFile } from "./spec-file";

export type ValidationResult =
  | { readonly ok: true; readonly spec: EnvironmentSpec }
  | { readonly ok: false; readonly problems: readonly SpecProblem[] };

/** Validates one environment and applies defaults; reports every problem at once. Never throws on bad input. */
export function checkEnvironment(input: unknown): ValidationResult {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return {
      ok: false,
      problems: [
        {
          path: "",
          message: `expected an environment object, received ${input === null ? "null" : Array.isArray(input) ? "a list" : typeof input}`,
        },
      ],
    };
  }
  // jitless: zod otherwise compiles a parser per object schema on the first parse (new Function, which V8's code cache
  // cannot keep), twice the whole parse of the bundled specs and no faster at 10,000 resources (measured, #19).
  const result = environmentSchema.safeParse(input, { reportInput: true, jitless: true });
  if (result.success) {
    const pasted = pastedCredentials(input, new Set());
    if (pasted.length > 0) return { ok: false, problems: pasted };
    // Only a spec that parsed can be rendered: what it generates is checked once its own rules pass.
    const generated = redactProblems(renderProblems(result.data));
    return generated.length === 0 ? { ok: true, spec: result.data } : { ok: false, problems: generated };
  }
  const problems = problemsFromIssues(result.error.issues, environmentSchema, input);
  // A value a rule refused is reported once: where the rule's message already says it looks like a credential.
  const said = new Set(problems.filter((p) => p.message.includes("(value not shown)")).map((p) => p.path));
  return { ok: false, problems: [...problems, ...pastedCredentials(input, said)] };
}

/**
 * Credentials pasted into any text of the spec (a description, a summary, a label, a name): the spec holds only
 * references to secrets, so such a value is rejected, naming the field and the kind of credential, never the value.
 * Values whose problem already says so (e.g. a webhook URL where a secret reference belongs) are not reported twice.
 */
function pastedCredentials(input: unknown, reported: ReadonlySet<string>): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const walk = (node: unknown, path: PropertyKey[]) => {
    if (typeof node === "string") {
      const kind = credentialKind(node);
      const at = formatPath(path);
      if (kind && !reported.has(at)) {
        problems.push({
          path: at,
          message: `looks like a ${kind} (value not shown): a spec holds no credentials, only references to where they are stored; remove it and rotate it if it was shared`,
        });
      }
    } else if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, [...path, i]);
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        const kind = credentialKind(key);
        if (kind) problems.push({ path: formatPath(path), message: `has a key that looks like a ${kind} (value not shown); remove it` });
        else walk(value, [...path, key]);
      }
    }
  };
  walk(input, []);
  return redactProblems(problems);
}

/** Like {@link checkEnvironment}, but throws a {@link SpecValidationError} listing every problem. */
export function resolveEnvironment(input: EnvironmentInput | unknown, source = describeSource(input)): EnvironmentSpec {
  const result = checkEnvironment(input);
  if (!result.ok) throw new SpecValidationError(source, result.problems);
  return result.spec;
}

/** One spec to validate; `input` may be a function that reads it (e.g. from a file) and may throw a problem. */
export interface SpecSource {
  readonly source: string;
  readonly input: unknown;
}

/**
 * Validates several environments, all of them before failing (syntax errors of spec files included), and rejects
 * duplicate names.
 */
export function resolveEnvironments(inputs: readonly SpecSource[]): EnvironmentSpec[] {
  return resolveEnvironmentSources(inputs).map((s) => s.spec);
}

/** Like {@link resolveEnvironments}, keeping each environment's source (file) for messages about it later. */
export function resolveEnvironmentSources(inputs: readonly SpecSource[]): SourcedEnvironment[] {
  const { specs, failures } = checkEnvironmentSources(inputs);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new SpecValidationError(
      `${failures.length} environments`,
      failures.flatMap((f) => f.problems.map((p) => ({ ...p, file: f.source }))),
    );
  }
  return specs;
}

/** An environment with the file (or module) it came from. */
export interface SourcedEnvironment {
  readonly source: string;
  readonly spec: EnvironmentSpec;
}

/** Checks every source (reading files, syntax included) and name uniqueness; never throws on bad input. */
export function checkEnvironmentSources(inputs: readonly SpecSource[]): {
  readonly specs: SourcedEnvironment[];
  readonly failures: SpecValidationError[];
} {
  const failures: SpecValidationError[] = [];
  const specs: SourcedEnvironment[] = [];
  const seen = new Map<string, string>();
  for (const { source, input: given } of inputs) {
    let input: unknown;
    try {
      input = typeof given === "function" ? given() : given;
    } catch (error) {
      failures.push(
        error instanceof SpecValidationError ? error : new SpecValidationError(source, [problemFromException(error, "cannot be read")]),
      );
      continue;
    }
    const result = checkEnvironment(input);
    if (!result.ok) {
      failures.push(new SpecValidationError(source, result.problems));
      continue;
    }
    const other = seen.get(result.spec.name);
    if (other) {
      failures.push(
        new SpecValidationError(source, [
          { path: "name", message: `duplicate environment name "${result.spec.name}" (also defined by ${other})` },
        ]),
      );
      continue;
    }
    seen.set(result.spec.name, source);
    specs.push({ source, spec: result.spec });
  }
  return { specs, failures };
}

function describeSource(input: unknown): string {
  const name = input && typeof input === "object" ? (input as { name?: unknown }).name : undefined;
  return typeof name === "string" && name ? `environment "${name}"` : "environment spec";
}
