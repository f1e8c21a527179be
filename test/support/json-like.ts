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
