import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseDocument } from "yaml";
import { type EnvironmentInput, type EnvironmentSpec, environmentSchema } from "./environment";
import { problemsFromIssues, type SpecProblem, SpecValidationError } from "./errors";

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
  const result = environmentSchema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, spec: result.data };
  return { ok: false, problems: problemsFromIssues(result.error.issues, environmentSchema, input) };
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
  const failures: SpecValidationError[] = [];
  const specs: EnvironmentSpec[] = [];
  const seen = new Map<string, string>();
  for (const { source, input: given } of inputs) {
    let input: unknown;
    try {
      input = typeof given === "function" ? given() : given;
    } catch (error) {
      if (!(error instanceof SpecValidationError)) throw error;
      failures.push(error);
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
    specs.push(result.spec);
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new SpecValidationError(
      `${failures.length} environments`,
      failures.flatMap((f) => f.problems.map((p) => ({ path: `${f.source} ${p.path}`.trim(), message: p.message }))),
    );
  }
  return specs;
}

/** Reads a YAML or JSON spec file; syntax errors are reported as problems with line numbers. */
export function readSpecFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  if (extname(file) === ".json") {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new SpecValidationError(file, [{ path: "", message: `not valid JSON: ${(error as Error).message}` }]);
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecValidationError(
      file,
      doc.errors.map((e) => ({ path: "", message: `not valid YAML: ${e.message.split("\n")[0]}` })),
    );
  }
  return doc.toJS();
}

function describeSource(input: unknown): string {
  const name = input && typeof input === "object" ? (input as { name?: unknown }).name : undefined;
  return typeof name === "string" && name ? `environment "${name}"` : "environment spec";
}
