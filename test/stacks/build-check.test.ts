import { App, TerraformStack } from "cdktf";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { generatedNameProblems } from "../../src/spec/generated-names";
import { stackNameProblems } from "../../stacks/build-check";
import { MonitoringStack } from "../../stacks/monitoring-stack";
import { bundled } from "../support/synth";

// biome-ignore lint/suspicious/noExplicitAny: tests poke long values into spec inputs
type Loose = any;

/** Bundled environments with long names (and a Google project id that Cloud Storage refuses inside a bucket name). */
function longNamed(base: Parameters<typeof bundled>[0]): EnvironmentInput {
  const input = bundled(base) as Loose;
  input.name = `${base}${"x".repeat(40 - base.length)}`;
  for (const [i, channel] of (input.channels ?? []).entries()) channel.name = `c${i}${"h".repeat(38)}`;
  if (base === "gcp") input.cloud.project = "my-google-shop";
  return input;
}

afterEach(() => vi.restoreAllMocks());

describe("the generated-name check of a built stack (validate, npm run synth, monitoring-stack synth)", () => {
  for (const [base, refused] of [
    ["prod", true],
    ["gcp", true],
    ["azure", false],
  ] as const) {
    it(`${base}: finds exactly what the check of the whole resolved stack finds`, () => {
      const stack = new MonitoringStack(new App(), { spec: resolveEnvironment(longNamed(base)) });
      const found = stackNameProblems(stack);
      expect(found.length > 0).toBe(refused);
      expect(found).toEqual(generatedNameProblems(stack.spec, stack.toTerraform()));
    });
  }

  it("does not resolve the whole stack: synth resolves it once, after the check", () => {
    const stack = new MonitoringStack(new App(), { spec: resolveEnvironment(bundled("prod")) });
    const whole = vi.spyOn(TerraformStack.prototype, "toTerraform");
    expect(stackNameProblems(stack)).toEqual([]);
    expect(whole).not.toHaveBeenCalled();
  });
});
