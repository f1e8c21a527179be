import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { synthEnvironments, synthUncached } from "./synth";

describe("the synth the tests share", () => {
  it("gives each environment's stack exactly as the app writes it beside the others (stacks are independent)", () => {
    const specs = Object.values(BUNDLED_ENVIRONMENTS).map((input) => resolveEnvironment(input));
    // One App holding every bundled environment, as stacks/main.ts builds it, against each stack synthesized alone.
    const together = synthUncached(specs);
    expect(Object.keys(together).sort()).toEqual(specs.map((spec) => spec.name).sort());
    expect(synthEnvironments(specs)).toEqual(together);
  });

  it("refuses two environments of one name, as the App does", () => {
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.dev);
    expect(() => synthEnvironments([spec, spec])).toThrow();
  });
});
