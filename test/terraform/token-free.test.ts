import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, TerraformVariable, Token } from "cdktf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tokenFree from "../../src/terraform/token-free";
import { jsonLike } from "../support/json-like";

const { tokenFreeResolve, unnamedMakeContext } = require("../../bin/bundle.js") as {
  tokenFreeResolve: (source: string) => string | undefined;
  unnamedMakeContext: (source: string) => string | undefined;
};

type Resolve = (obj: unknown, options: object) => unknown;

// cdktf's resolve as the bundle runs it: the installed source with the fast path (and makeContext unnamed), its
// requires cdktf's own modules.
const file = require.resolve("cdktf/lib/tokens/private/resolve.js");
const fastPathSource = tokenFreeResolve(readFileSync(file, "utf8").replace(/\/\/# sourceMappingURL=.*$/m, ""));
const patchedSource = fastPathSource && unnamedMakeContext(fastPathSource);
const fromCdktf = createRequire(file);
const tokenFreeFile = join(__dirname, "..", "..", "src", "terraform", "token-free.ts");
function loadPatched(): Resolve {
  const module = { exports: {} as { resolve?: Resolve } };
  const requireFor = (id: string) => (id === tokenFreeFile ? tokenFree : fromCdktf(id));
  new Function("require", "module", "exports", patchedSource as string)(requireFor, module, module.exports);
  return module.exports.resolve as Resolve;
}
const stock = fromCdktf("./resolve.js").resolve as Resolve;

// cdktf's App makes its outdir (not its parents): a folder of its own, which exists in a clean clone too.
const app = new App({ outdir: mkdtempSync(join(tmpdir(), "token-free-")) });
const stack = new TerraformStack(app, "tokens");
const variable = new TerraformVariable(stack, "name", { type: "string" });
const options = () => ({ scope: stack, prefix: [], resolver: new DefaultTokenResolver(new StringConcat()), preparing: false });

/** Tokens of each kind cdktf encodes: in a string, as a number, as a list, as a map, and an IResolvable. */
const token = fc.constantFrom<() => unknown>(
  () => `prefix-${variable.stringValue}-suffix`,
  () => variable.numberValue,
  () => Token.asList(variable.listValue),
  () => Token.asStringMap(Lazy.anyValue({ produce: () => ({ a: "b" }) })),
  () => Lazy.stringValue({ produce: () => "lazy" }),
  () => Fn.join(",", ["a", variable.stringValue]),
  () => `${Token.asNumber(variable.numberValue) * 1}`,
);

/** What stacks hold: plain data (strings that look like Terraform expressions and exponents too), sometimes a token. */
const value = (withTokens: boolean) =>
  jsonLike({
    leaves: [
      fc.string({ unit: "binary" }),
      fc.constantFrom("${each.value.x}", "$${escaped}", "1e+300", "-1.8e+289", "a-e-b", "__proto__"),
      ...(withTokens
        ? [fc.constant(Token.STRING_MAP_TOKEN_VALUE), fc.constant(Token.NUMBER_MAP_TOKEN_VALUE), token.map((make) => make())]
        : []),
    ],
    keys: fc.oneof(fc.string(), fc.constantFrom("__proto__", "resolve", "_children")),
  });

/** The outcome of a resolve: the JSON text (key order included) or the error's message. */
function outcome(resolve: Resolve, input: unknown): string {
  try {
    const resolved = resolve(input, options());
    return `ok ${JSON.stringify(resolved) ?? "undefined"} ${Number.isNaN(resolved) ? "NaN" : ""}`;
  } catch (error) {
    return `throws ${(error as Error).message.split("\n")[0]}`;
  }
}

describe("cdktf's resolve with the bundle's fast path for plain data (src/terraform/token-free.ts)", () => {
  it("applies to the installed cdktf", () => {
    expect(patchedSource, "bin/bundle.js no longer matches cdktf's tokens/private/resolve.js: update RESOLVE_START").toBeDefined();
    expect(tokenFreeResolve("function resolve(obj) {}")).toBeUndefined();
  });

  it("resolves anything, with or without tokens, to what cdktf's own resolve returns (or throws the same)", () => {
    const patched = loadPatched();
    fc.assert(
      fc.property(value(true), (input) => {
        expect(outcome(patched, input)).toBe(outcome(stock, input));
      }),
      { numRuns: 400 },
    );
  });

  it("copies plain data without walking it with cdktf (the fast path is taken), and leaves token values to cdktf", () => {
    const { extractTokenDouble } = fromCdktf("./encoding.js") as { extractTokenDouble: (x: number, list: boolean) => number | undefined };
    const checks = {
      isTokenString: (s: string) => s === Token.STRING_MAP_TOKEN_VALUE || s === Token.ANY_MAP_TOKEN_VALUE,
      isTokenNumber: (x: number) =>
        x === Token.NUMBER_MAP_TOKEN_VALUE || [false, true].some((list) => extractTokenDouble(x, list) !== undefined),
    };
    fc.assert(
      fc.property(value(false), (input) => {
        if (typeof input !== "object" || input === null) return;
        expect(tokenFree.tokenFreeCopy(input, 200, checks)).not.toBe(tokenFree.NOT_PLAIN);
      }),
    );
    expect(tokenFree.tokenFreeCopy({ a: [{ b: variable.stringValue }] }, 200, checks)).toBe(tokenFree.NOT_PLAIN);
    expect(tokenFree.tokenFreeCopy({ a: Lazy.stringValue({ produce: () => "x" }) }, 200, checks)).toBe(tokenFree.NOT_PLAIN);
  });

  it("resolves a string with a token inside plain data alone, at its path, once the whole value is known to be plain", () => {
    const token = variable.stringValue;
    const resolved: Array<[string, readonly string[]]> = [];
    const checks = {
      isTokenString: (s: string) => s === Token.STRING_MAP_TOKEN_VALUE || s === Token.ANY_MAP_TOKEN_VALUE,
      isTokenNumber: () => false,
      resolvesAlone: (s: string) => !s.startsWith("list:"),
      resolveToken: (text: string, path: readonly string[]) => {
        resolved.push([text, path]);
        return text.endsWith("gone") ? undefined : `resolved ${text}`;
      },
    };
    const input = {
      a: [{ b: `x-${token}` }, `${token}-gone`, "plain"],
      c: `${token}-gone`,
      d: 1,
    };
    expect(JSON.stringify(tokenFree.tokenFreeCopy(input, 200, checks))).toBe(
      JSON.stringify({ a: [{ b: `resolved x-${token}` }, "plain"], d: 1 }),
    );
    expect(resolved.map(([, path]) => path)).toEqual([["a", "0", "b"], ["a", "1"], ["c"]]);
    // A token cdktf takes with its list (here any "list:" string with a token) leaves the value to cdktf, and nothing
    // of it is resolved here.
    resolved.length = 0;
    expect(tokenFree.tokenFreeCopy({ a: `${token}`, b: [`list:${token}`] }, 200, checks)).toBe(tokenFree.NOT_PLAIN);
    expect(resolved).toEqual([]);
  });

  it("returns the parts of a value marked final (markFinal) that are what cdktf's resolve returns themselves, and copies the rest", () => {
    const patched = loadPatched();
    fc.assert(
      fc.property(value(true), (input) => {
        if (typeof input !== "object" || input === null) return;
        tokenFree.markFinal(input);
        expect(outcome(patched, input)).toBe(outcome(stock, input));
      }),
      { numRuns: 400 },
    );
    const final = tokenFree.markFinal({ a: { b: [1, "x", null, true, 1e300] }, c: "${each.value.x}", d: {} });
    expect(patched(final, options())).toBe(final);
    const unmarked = { a: { b: [1] } };
    expect(patched(unmarked, options())).not.toBe(unmarked);
    // A token inside: the objects and arrays on the way to it are copies, the rest is the value's own.
    const withToken = tokenFree.markFinal({ a: { x: [1] }, b: [{ c: 1 }, { t: `x-${variable.stringValue}` }], d: "e" });
    const resolved = patched(withToken, options()) as typeof withToken;
    expect(JSON.stringify(resolved)).toBe(JSON.stringify(stock(withToken, options())));
    expect([resolved === withToken, resolved.a === withToken.a, resolved.b === withToken.b]).toEqual([false, true, false]);
    expect([resolved.b[0] === withToken.b[0], resolved.b[1] === withToken.b[1]]).toEqual([true, false]);
    // An undefined member or item, a token, a prototype other than Object's or a "__proto__" key: copied, as before.
    const notFinal = [
      { a: undefined, b: 1 },
      { a: [1, undefined] },
      { a: `x-${variable.stringValue}` },
      { a: Object.assign(Object.create(null), { b: 1 }) },
      JSON.parse('{"a": {"__proto__": {"b": 1}}}'),
    ];
    for (const input of notFinal) {
      tokenFree.markFinal(input);
      const resolved = patched(input, options());
      expect(resolved).not.toBe(input);
      expect(JSON.stringify(resolved)).toBe(JSON.stringify(stock(input, options())));
    }
  });

  it("keeps cdktf's depth limit: a tree deeper than 200 levels (or a cycle) is left to cdktf, which refuses it", () => {
    const patched = loadPatched();
    let deep: unknown = "leaf";
    for (let i = 0; i < 210; i++) deep = { next: deep };
    expect(outcome(patched, deep)).toBe(outcome(stock, deep));
    expect(outcome(patched, deep)).toMatch(/^throws/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(outcome(patched, cycle)).toBe(outcome(stock, cycle));
  });
});
