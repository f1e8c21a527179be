import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const { resolveOnce, lazyArchiver, tokenFreeResolve, unnamedMakeContext, streamStackFile } = require("../../bin/bundle.js") as {
  unnamedMakeContext: (source: string) => string | undefined;
  streamStackFile: (source: string) => string | undefined;
  resolveOnce: (source: string) => string | undefined;
  lazyArchiver: (source: string) => string | undefined;
  tokenFreeResolve: (source: string) => string | undefined;
};

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

describe("the bundled app's archiver, loaded on first use (bin/bundle.js)", () => {
  it("applies to the installed cdktf, and the module no longer loads archiver before a zip is asked for", () => {
    const file = require.resolve("cdktf/lib/private/fs.js");
    const source = readFileSync(file, "utf8").replace(/\/\/# sourceMappingURL=.*$/m, "");
    const patched = lazyArchiver(source);
    expect(patched, "bin/bundle.js no longer matches cdktf's private/fs.js: update EAGER_ARCHIVER").toBeDefined();
    // The module runs as patched: archiver is not loaded until archiveSync's call, then it is the same function.
    const loads: string[] = [];
    const archiver = () => "zip";
    const module = { exports: {} as Record<string, unknown> };
    const fakeRequire = (id: string) => {
      loads.push(id);
      return id === "archiver" ? archiver : createRequire(file)(id);
    };
    new Function("require", "module", "exports", patched as string)(fakeRequire, module, module.exports);
    expect(loads).not.toContain("archiver");
    expect(typeof module.exports.archiveSync).toBe("function");
  });
});

describe("the bundled app's fast path of cdktf's resolve for plain data (bin/bundle.js)", () => {
  it("applies to the installed cdktf, once, in front of resolve (test/terraform/token-free.test.ts compares results)", () => {
    const source = readFileSync(require.resolve("cdktf/lib/tokens/private/resolve.js"), "utf8");
    const patched = tokenFreeResolve(source);
    expect(patched, "bin/bundle.js no longer matches cdktf's tokens/private/resolve.js: update RESOLVE_START").toBeDefined();
    expect((patched ?? "").split("tokenFree.tokenFreeCopy(").length - 1).toBe(1);
    expect(patched).toContain(
      "function resolve(obj, options) {\n    const prefix = options.prefix || [];\n    if (prefix.length <= 200) {",
    );
  });
});

describe("the bundled app's resolve without a named closure per call (bin/bundle.js)", () => {
  it("applies to the installed cdktf after the fast path: makeContext becomes an unnamed function expression, which esbuild's keepNames does not name", async () => {
    const source = readFileSync(require.resolve("cdktf/lib/tokens/private/resolve.js"), "utf8");
    const patched = unnamedMakeContext(tokenFreeResolve(source) ?? "");
    expect(patched, "bin/bundle.js no longer matches cdktf's tokens/private/resolve.js: update MAKE_CONTEXT_START/END").toBeDefined();
    expect(patched).not.toContain("function makeContext(");
    const { transform } = await import("esbuild");
    const named = (code: string) => transform(code, { minify: true, keepNames: true, format: "cjs" }).then((out) => out.code);
    expect(await named(source)).toContain('"makeContext")');
    expect(await named(patched as string)).not.toContain('"makeContext")');
    expect(await named(patched as string)).not.toContain('"resolveToken")');
  });

  it("leaves a source it was not written for alone", () => {
    expect(unnamedMakeContext("function resolve() {\n    function makeContext(appendPath) {\n    }\n}")).toBeUndefined();
  });
});

describe("the bundled app's stack file, written in chunks (bin/bundle.js)", () => {
  it("applies to the installed cdktf: the stack's JSON file goes through writeStableJson, the metadata as before", () => {
    const source = readFileSync(require.resolve("cdktf/lib/synthesize/synthesizer.js"), "utf8");
    const patched = streamStackFile(source);
    expect(patched, "bin/bundle.js no longer matches cdktf's synthesize/synthesizer.js: update WRITE_STACK").toBeDefined();
    expect(patched).not.toContain("stringify(jsonTfConfig");
    expect(
      (patched ?? "").split(".writeStableJson(path.join(session.outdir, stackManifest.synthesizedStackPath), jsonTfConfig, { space: 2 });")
        .length - 1,
    ).toBe(1);
    // The HCL output's metadata keeps cdktf's writer (small, and not the stack file).
    expect(patched).toContain("stringify(hcl.metadata, { space: 2 })");
  });

  it("leaves a source it was not written for alone", () => {
    expect(streamStackFile("fs.writeFileSync(file, stringify(config));")).toBeUndefined();
  });
});
