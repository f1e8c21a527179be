import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const { resolveOnce } = require("../../bin/bundle.js") as { resolveOnce: (source: string) => string | undefined };

describe("the bundled app's replacement of cdktf's second resolve (bin/bundle.js)", () => {
  it("applies to the installed cdktf: a cdktf whose TerraformStack.toTerraform changed would be bundled unchanged", () => {
    const source = readFileSync(require.resolve("cdktf/lib/terraform-stack.js"), "utf8");
    const patched = resolveOnce(source);
    expect(patched, "bin/bundle.js no longer matches cdktf's terraform-stack.js: update RESOLVE_AGAIN").toBeDefined();
    // Only toTerraform changes: toHclTerraform merges the overrides the same way and keeps its own resolve.
    const count = (text: string | undefined, part: string) => (text ?? "").split(part).length - 1;
    expect(count(patched, "resolve)(this, tf);")).toBe(count(source, "resolve)(this, tf);") - 1);
    expect(count(patched, "(0, util_1.deepMerge)(tf, this.rawOverrides);")).toBe(1);
    expect(patched).toContain("(0, util_1.deepMerge)(tf, (0, _tokens_1.resolve)(this, this.rawOverrides));");
  });

  it("leaves a source it was not written for alone", () => {
    expect(resolveOnce("return (0, _tokens_1.resolve)(this, tf);")).toBeUndefined();
  });
});
