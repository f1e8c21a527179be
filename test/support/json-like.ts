import { createRequire } from "node:module";
import fc from "fast-check";

/**
 * JSON-like values for property tests of writers and resolvers: `leaves` (strings of the test's interest, tokens),
 * numbers, booleans, null, undefined members and items, arrays, and objects with `keys` (plus any `wrappers` of a
 * value, e.g. an object with toJSON).
 */
export function jsonLike(options: {
  readonly leaves: ReadonlyArray<fc.Arbitrary<unknown>>;
  readonly keys: fc.Arbitrary<string>;
  readonly wrappers?: ReadonlyArray<(inner: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown>>;
}): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      ...options.leaves,
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(tie("node")),
      fc.dictionary(options.keys, tie("node")),
      ...(options.wrappers ?? []).map((wrap) => wrap(tie("node"))),
    ),
  })).node;
}

/**
 * The package cdktf writes its JSON with (a dependency of cdktf, not of this project): the reference writers match.
 * Loaded past the require cache, where the tests' setup (bundle-internals.ts) puts the app's writer in its place.
 */
export const cdktfStableStringify = realPackage("json-stable-stringify") as (
  value: unknown,
  options?: { space?: string | number },
) => string | undefined;

function realPackage(name: string): unknown {
  const fromCdktf = createRequire(require.resolve("cdktf"));
  const path = fromCdktf.resolve(name);
  const cached = require.cache[path];
  delete require.cache[path];
  try {
    return fromCdktf(path);
  } finally {
    if (cached) require.cache[path] = cached;
  }
}

/** JSON-like values with what cdktf's output can hold, and the corners a writer must agree with cdktf's on. */
export const cdktfJsonValue = jsonLike({
  leaves: [fc.string({ unit: "binary" })],
  // Keys of every kind: integer-like ones ("7", "10") are enumerated first by the engine, "__proto__" is a data key.
  keys: fc.oneof(fc.string({ unit: "binary" }), fc.nat(20).map(String), fc.constantFrom("__proto__", "toJSON", "-1", "007")),
  wrappers: [(inner) => inner.map((v) => ({ toJSON: () => v }))],
});
