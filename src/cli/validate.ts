import { existsSync } from "node:fs";
import { stackProblems } from "../../stacks/build-check";
import { environmentSources } from "../../stacks/environments";
import { stackName } from "../../stacks/monitoring-stack";
import { checkEnvironmentSources, readSpecFile, type SpecSource, SpecValidationError } from "../spec";
import { missingProviderLocksWarning } from "../terraform/provider-locks";

interface ValidateOptions {
  /** Only this environment of the app. @default - every environment */
  readonly env?: string;
  /** A spec file to check instead of the app's environments. */
  readonly spec?: string;
  /** Print one JSON document ({ valid, environments, problems }) instead of text. @default false */
  readonly json?: boolean;
}

/** `--json`: the result as data for editors and CI; problems carry the same source, path and message as the text. */
function printJson(environments: readonly string[], failures: readonly SpecValidationError[], warnings: readonly string[]): number {
  const problems = failures.flatMap((f) => f.problems.map((p) => ({ source: f.source, path: p.path, message: p.message })));
  process.stdout.write(`${JSON.stringify({ valid: failures.length === 0, environments, problems, warnings }, null, 2)}\n`);
  return failures.length > 0 ? 1 : 0;
}

/**
 * `monitoring-stack validate`: prints every problem of every spec with its file and path, or one line per valid
 * environment. A spec is valid when its rules pass and its stack builds in memory, so whatever validate accepts
 * synthesizes. Every file is checked even when another one is broken.
 */
export function validateCommand(options: ValidateOptions): number {
  if (options.env && options.spec) {
    process.stderr.write("give either --env or --spec, not both\n");
    return 2;
  }
  const file = options.spec;
  if (file !== undefined && !existsSync(file)) {
    process.stderr.write(`${file}: no such file\n`);
    return 2;
  }
  const sources: SpecSource[] = file !== undefined ? [{ source: file, input: () => readSpecFile(file) }] : environmentSources();
  const { specs, failures } = checkEnvironmentSources(sources);
  if (options.env && !specs.some((s) => s.spec.name === options.env) && failures.length === 0) {
    process.stderr.write(`no environment named "${options.env}" (known: ${specs.map((s) => s.spec.name).join(", ")})\n`);
    return 2;
  }
  const selected = options.env ? specs.filter((s) => s.spec.name === options.env) : specs;
  const valid: string[] = [];
  const validNames: string[] = [];
  for (const { source, spec } of selected) {
    const problems = stackProblems(spec);
    if (problems.length > 0) failures.push(new SpecValidationError(source, problems));
    else {
      validNames.push(spec.name);
      valid.push(file !== undefined ? `${file}: environment "${spec.name}" is valid` : `environment "${spec.name}" is valid`);
    }
  }
  // Not a problem of the spec (validate still passes): the deploy would run with unpinned provider checksums.
  const lockWarning = missingProviderLocksWarning(validNames.map(stackName));
  const warnings = lockWarning ? [lockWarning] : [];
  if (options.json) return printJson(validNames, failures, warnings);
  for (const line of valid) process.stdout.write(`${line}\n`);
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
  for (const failure of failures) process.stderr.write(`${failure.message}\n`);
  return failures.length > 0 ? 1 : 0;
}
