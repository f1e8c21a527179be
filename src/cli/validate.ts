import { existsSync } from "node:fs";
import { loadEnvironments } from "../../stacks/environments";
import { readSpecFile, resolveEnvironment, SpecValidationError } from "../spec";

export interface ValidateOptions {
  /** Only this environment of the app. @default - every environment */
  readonly env?: string;
  /** A spec file to check instead of the app's environments. */
  readonly spec?: string;
  /** Print one JSON document ({ valid, environments, problems }) instead of text. @default false */
  readonly json?: boolean;
}

/** `--json`: the result as data for editors and CI; problems carry the same source, path and message as the text. */
function printJson(environments: readonly string[], error?: SpecValidationError): number {
  const problems = error ? error.problems.map((p) => ({ source: error.source, path: p.path, message: p.message })) : [];
  process.stdout.write(`${JSON.stringify({ valid: !error, environments, problems }, null, 2)}\n`);
  return error ? 1 : 0;
}

/** `monitoring-stack validate`: prints every problem with its path, or one line per valid environment. */
export function validateCommand(options: ValidateOptions): number {
  if (options.env && options.spec) {
    process.stderr.write("give either --env or --spec, not both\n");
    return 2;
  }
  try {
    if (options.spec) {
      if (!existsSync(options.spec)) {
        process.stderr.write(`${options.spec}: no such file\n`);
        return 2;
      }
      const spec = resolveEnvironment(readSpecFile(options.spec), options.spec);
      if (options.json) return printJson([spec.name]);
      process.stdout.write(`${options.spec}: environment "${spec.name}" is valid\n`);
      return 0;
    }
    const specs = loadEnvironments();
    const selected = options.env ? specs.filter((s) => s.name === options.env) : specs;
    if (selected.length === 0) {
      process.stderr.write(`no environment named "${options.env}" (known: ${specs.map((s) => s.name).join(", ")})\n`);
      return 2;
    }
    if (options.json) return printJson(selected.map((s) => s.name));
    for (const spec of selected) process.stdout.write(`environment "${spec.name}" is valid\n`);
    return 0;
  } catch (error) {
    if (error instanceof SpecValidationError) {
      if (options.json) return printJson([], error);
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
