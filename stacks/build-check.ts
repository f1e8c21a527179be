import { App } from "cdktf";
import { type EnvironmentSpec, problemFromException, type SpecProblem } from "../src/spec";
import { generatedNameProblems } from "../src/spec/generated-names";
import { MonitoringStack } from "./monitoring-stack";

/**
 * The last check of `validate`: builds the environment's stack in memory, as synth does, and turns anything it
 * throws into a problem. Rules in src/spec catch every known limit with its path first; this guarantees that a spec
 * validate accepts also synthesizes when a construct enforces a limit no rule covers yet. The names in the built
 * stack are then checked against the rules of the providers that receive them, naming the spec field they come from.
 */
export function stackProblems(spec: EnvironmentSpec): SpecProblem[] {
  try {
    const app = new App();
    return stackNameProblems(new MonitoringStack(app, { spec }));
  } catch (error) {
    return [problemFromException(error)];
  }
}

/**
 * The names in a built stack that a provider would refuse at apply, each blamed on the spec field it comes from: the
 * check validate, `cdktf synth` and `monitoring-stack synth` share (one resolve of the stack).
 */
export function stackNameProblems(stack: MonitoringStack): SpecProblem[] {
  return generatedNameProblems(stack.spec, stack.toTerraform());
}
