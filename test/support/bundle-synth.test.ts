import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { describe, expect, it } from "vitest";
import { MonitoringStack, stackName } from "../../stacks/monitoring-stack";
import { withBundledCdktf } from "./bundle-synth";
import { bundledSpec } from "./synth";

// cdktf's own functions, as the worker loaded them.
const resolveModule = require("cdktf/lib/tokens/private/resolve.js") as { resolve: unknown };
const stackPrototype = (require("cdktf/lib/terraform-stack.js") as { TerraformStack: { prototype: { toTerraform: unknown } } })
  .TerraformStack.prototype;
const synthesizerPrototype = (
  require("cdktf/lib/synthesize/synthesizer.js") as { StackSynthesizer: { prototype: { synthesize: unknown } } }
).StackSynthesizer.prototype;
const own = () => [resolveModule.resolve, stackPrototype.toTerraform, synthesizerPrototype.synthesize];

describe("the tests' synth with cdktf's internals as the app's bundle has them", () => {
  it("writes a stack byte for byte as cdktf's own functions write it", () => {
    const spec = bundledSpec("prod");
    const synth = (run: (synthesize: () => void) => void) => {
      const outdir = mkdtempSync(join(tmpdir(), "bundle-synth-"));
      try {
        run(() => {
          const app = new App({ outdir });
          new MonitoringStack(app, { spec });
          app.synth();
        });
        return readFileSync(join(outdir, "stacks", stackName(spec.name), "cdk.tf.json"), "utf8");
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    };
    const stock = synth((synthesize) => synthesize());
    const bundled = synth((synthesize) => withBundledCdktf(synthesize));
    expect(bundled.length).toBeGreaterThan(100_000);
    expect(bundled === stock, "the bundle's internals change the stack file").toBe(true);
  });

  it("has the bundle's functions only while it runs, cdktf's own again after, also when the synth throws", () => {
    const before = own();
    let during: unknown[] = [];
    withBundledCdktf(() => {
      during = own();
    });
    expect(during.every((f, i) => f !== before[i])).toBe(true);
    expect((during[0] as () => void).toString()).toContain("tokenFree");
    expect(own()).toEqual(before);
    expect(() =>
      withBundledCdktf(() => {
        throw new Error("synth failed");
      }),
    ).toThrow("synth failed");
    expect(own()).toEqual(before);
  });
});
