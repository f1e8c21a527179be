// The test processes share their caches (bundled specs, synthesized stacks, helm renders) between the files of a
// worker (the shared vitest project runs with isolate: false): one test that changed a cached object would silently
// change the result of every test after it. What such a cache hands out is frozen, so a change fails where it is made
// (modules are strict: assigning to a frozen property throws a TypeError).

/**
 * Freezes `value` and every object reachable from it through array elements and own enumerable properties (plain
 * objects, arrays, class instances; not a class's prototype); returns it. An object already frozen counts as frozen
 * through and is not walked (cycles, shared parts, and a render whose parse is a lazy getter, frozen by its cache).
 * Typed arrays and buffers stay writable: V8 refuses to freeze them. Some 10 ms per 5 MB of parsed manifests.
 */
export function deepFreeze<T>(value: T): T {
  const pending: object[] = [];
  const visit = (item: unknown) => {
    if (item === null || typeof item !== "object" || Object.isFrozen(item) || ArrayBuffer.isView(item)) return;
    Object.freeze(item);
    pending.push(item);
  };
  visit(value);
  // A work list, not recursion: a synthesized stack nests deep. Object.values is several times cheaper than walking
  // property descriptors.
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) for (const item of next) visit(item);
    else for (const item of Object.values(next)) visit(item);
  }
  return value;
}
