import { App } from "cdktf";
import { problemFromException, SpecValidationError } from "../src/spec";
import { collectBetweenPhases } from "../src/util/collect-garbage";
import { stackNameProblemsBeforeSynth } from "./build-check";
import { loadEnvironmentSources } from "./environments";
import { MonitoringStack } from "./monitoring-stack";

/**
 * The cdktf app: one stack per environment. Every spec is validated before any stack is built, and every stack is
 * built before anything is written, so a bad spec stops synth with all its problems listed (file, path, message, as
 * `validate` prints them) and nothing written. Never a stack trace: whatever goes wrong is reported per file.
 */
function main(): number {
  // This process is the app: a large synth collects its garbage between phases (src/util/collect-garbage.ts).
  collectBetweenPhases();
  const environments = loadEnvironmentSources();
  const app = new App();
  const failures: SpecValidationError[] = [];
  for (const { source, spec } of environments) {
    try {
      const stack = new MonitoringStack(app, { spec });
      // The names validate checks in the built stack: a name a provider refuses stops synth as it stops validate.
      const names = stackNameProblemsBeforeSynth(stack);
      if (names.length > 0) failures.push(new SpecValidationError(source, names));
    } catch (error) {
      failures.push(error instanceof SpecValidationError ? error : new SpecValidationError(source, [problemFromException(error)]));
    }
  }
  if (failures.length > 0) {
    for (const failure of failures) process.stderr.write(`${failure.message}\n`);
    return 1;
  }
  try {
    app.synth();
  } catch (error) {
    const sources = environments.map((e) => e.source).join(", ");
    process.stderr.write(`${new SpecValidationError(sources, [problemFromException(error, "synth failed")]).message}\n`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  const failure =
    error instanceof SpecValidationError
      ? error
      : new SpecValidationError("environments", [problemFromException(error, "cannot be loaded")]);
  process.stderr.write(`${failure.message}\n`);
  process.exitCode = 1;
}
