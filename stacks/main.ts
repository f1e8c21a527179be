import { App } from "cdktf";
import { SpecValidationError } from "../src/spec";
import { loadEnvironments } from "./environments";
import { MonitoringStack } from "./monitoring-stack";

/**
 * The cdktf app: one stack per environment. Every spec is validated before any stack is built, so a bad spec
 * stops synth with all its problems listed and nothing written.
 */
function main(): void {
  const specs = loadEnvironments();
  const app = new App();
  for (const spec of specs) new MonitoringStack(app, { spec });
  app.synth();
}

try {
  main();
} catch (error) {
  if (error instanceof SpecValidationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
