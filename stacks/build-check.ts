import { App } from "cdktf";
import { type EnvironmentSpec, problemFromException, type SpecProblem } from "../src/spec";
import { MonitoringStack } from "./monitoring-stack";

/**
 * The last check of `validate`: builds the environment's stack in memory, as synth does, and turns anything it
 * throws into a problem. Rules in src/spec catch every known limit with its path first; this guarantees that a spec
 * validate accepts also synthesizes when a construct enforces a limit no rule covers yet.
 */
export function stackProblems(spec: EnvironmentSpec): SpecProblem[] {
  try {
    const app = new App();
    const stack = new MonitoringStack(app, { spec });
    stack.toTerraform();
    return [];
  } catch (error) {
    return [problemFromException(error)];
  }
}
