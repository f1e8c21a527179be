import { existsSync } from "node:fs";
import { loadEnvironments } from "../../stacks/environments";
import { readSpecFile, resolveEnvironment, SpecValidationError } from "../spec";

export interface ValidateOptions {
  /** Only this environment of the app. @default - every environment */
  readonly env?: string;
  /** A spec file to check instead of the app's environments. */
  readonly spec?: string;
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
      process.stdout.write(`${options.spec}: environment "${spec.name}" is valid\n`);
      return 0;
    }
    const specs = loadEnvironments();
    const selected = options.env ? specs.filter((s) => s.name === options.env) : specs;
    if (selected.length === 0) {
      process.stderr.write(`no environment named "${options.env}" (known: ${specs.map((s) => s.name).join(", ")})\n`);
      return 2;
    }
    for (const spec of selected) process.stdout.write(`environment "${spec.name}" is valid\n`);
    return 0;
  } catch (error) {
    if (error instanceof SpecValidationError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
