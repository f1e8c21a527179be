/**
 * The fast path of cdktf's resolve for plain data without tokens. cdktf 0.21 resolves every value of a stack one by
 * one, each with a new resolution context (closures, a copied prefix array, options spread), to find the tokens in it:
 * for the megabytes of `for_each` maps, dashboard bodies and Helm values of a large environment that walk was a third
 * of synth and most of its garbage (docs/benchmarks.md), and none of it holds a token. The app's bundle (bin/bundle.js)
 * has cdktf's resolve try this first: a copy of what resolve returns for a tree of plain objects, arrays and
 * primitives without tokens (undefined members and items dropped, keys assigned in the same order), or NOT_PLAIN as
 * soon as anything else turns up, and then cdktf resolves that value itself (a property test compares the two).
 */

/** What cdktf knows about tokens: whether a string or a number is (or holds) one. */
export interface TokenChecks {
  /** The string holds a string, list or map token, or is a map token's placeholder value. */
  readonly isTokenString: (text: string) => boolean;
  /** The number is an encoded number token (cdktf's extractTokenDouble). */
  readonly isTokenNumber: (value: number) => boolean;
  /**
   * Strings holding a token that cdktf's walk would resolve alone, member by member or item by item: not a list token
   * (which changes how cdktf takes the list holding it) nor a map token's placeholder. With {@link resolveToken},
   * such strings no longer leave the whole value to cdktf. @default - none
   */
  readonly resolvesAlone?: (text: string) => boolean;
  /** cdktf's resolve of a string that {@link resolvesAlone}, at `path` (keys and indexes) below the copied value. */
  readonly resolveToken?: (text: string, path: readonly string[]) => unknown;
}

/** The value needs cdktf's own resolve: a token, a class instance, a function, a cycle or too deep a tree. */
export const NOT_PLAIN: unique symbol = Symbol("not plain data");

// cdktf's NUMBER_TOKEN_REGEX: number tokens concatenated into a string appear as doubles like -1.888e+289.
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/**
 * True when `text` holds no token: no token marker, and no number in it decodes to a number token. The `TfToken`
 * search is a native scan; the number search runs only on strings with an exponent-like part.
 */
export function plainString(text: string, checks: TokenChecks): boolean {
  if (text.includes("TfToken") || checks.isTokenString(text)) return false;
  if (!text.includes("e")) return true;
  NUMBER_IN_STRING.lastIndex = 0;
  for (let match = NUMBER_IN_STRING.exec(text); match !== null; match = NUMBER_IN_STRING.exec(text)) {
    if (checks.isTokenNumber(Number.parseFloat(match[0]))) return false;
  }
  return true;
}

/**
 * What cdktf's resolve returns for `value` (an object or array at a depth where `maxDepth` more levels stay within
 * cdktf's limit of 200), or NOT_PLAIN when `value` is not plain data without tokens.
 */
export function tokenFreeCopy(value: object, maxDepth: number, checks: TokenChecks): unknown {
  const walk: Walk = { maxDepth, checks, path: [], tokens: [], share: finalValues.has(value) };
  const copied = copy(value, 0, walk);
  if (copied === NOT_PLAIN || walk.tokens.length === 0) return copied;
  // Every container is plain data: the strings with a token are resolved now, in the order cdktf's walk meets them
  // (so nothing is resolved for a value left to cdktf), each put where its stand-in is, or left out when undefined.
  const resolve = checks.resolveToken as NonNullable<TokenChecks["resolveToken"]>;
  const holey = new Set<unknown[]>();
  for (const { container, key, text, path } of walk.tokens) {
    const resolved = resolve(text, path);
    if (Array.isArray(container)) {
      container[key as number] = resolved;
      if (resolved === undefined) holey.add(container);
    } else if (resolved === undefined) delete container[key];
    else container[key] = resolved;
  }
  for (const list of holey) {
    const kept = list.filter((item) => item !== undefined);
    list.length = 0;
    list.push(...kept);
  }
  return copied;
}

/** Values marked with {@link markFinal}. */
const finalValues = new WeakSet<object>();

/**
 * Marks plain data that its maker built for the stack and never changes again as final: the fast path then returns
 * each part of it that is already what cdktf's resolve returns for it (plain objects and arrays, no token, no
 * undefined member or item) itself, and copies only the objects and arrays on the way to what changes (a token
 * resolved, an undefined member dropped). For the largest values of a large stack (the alarms' `for_each` map: 75,000
 * entries at 10,000 watched resources, a token in a few of them), whose copy was allocated, kept until the stack file
 * was written and copied again by V8's young-generation collections (#19). What is marked must stay unchanged: the
 * stack's JSON then holds its parts, not copies (cdktf merges nothing into a value below a resource's argument).
 * Returns `value`.
 */
export function markFinal<T extends object>(value: T): T {
  finalValues.add(value);
  return value;
}

/** What one copy shares: `path` holds the keys and indexes down to the value being copied (changed as it goes). */
interface Walk {
  readonly maxDepth: number;
  readonly checks: TokenChecks;
  readonly path: string[];
  /** Strings with a token met so far, each with where its resolved value goes. */
  readonly tokens: Array<{ container: unknown[] | Record<string, unknown>; key: string | number; text: string; path: string[] }>;
  /** Inside a value marked final: an object or array equal to its copy is returned itself (see markFinal). */
  readonly share: boolean;
}

/** Where a string with a token goes until it is resolved. */
const TOKEN_STAND_IN: unique symbol = Symbol("token stand-in");

function copy(value: unknown, depth: number, walk: Walk): unknown {
  const { maxDepth, checks } = walk;
  if (depth > maxDepth) return NOT_PLAIN;
  switch (typeof value) {
    case "undefined":
    case "boolean":
      return value;
    case "string":
      if (plainString(value, checks)) return value;
      // A member or an item cdktf's walk would resolve alone: resolved once the whole value is known to be plain.
      return depth > 0 && checks.resolveToken && checks.resolvesAlone?.(value) ? TOKEN_STAND_IN : NOT_PLAIN;
    case "number":
      return checks.isTokenNumber(value) ? NOT_PLAIN : value;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
        // Shared (see markFinal): the copy is made at the first item that changes, with the items before it.
        let out: unknown[] | undefined = walk.share ? undefined : [];
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          walk.path.push(`${i}`);
          const resolved = copy(item, depth + 1, walk);
          if (out === undefined && (resolved !== item || item === undefined)) out = value.slice(0, i);
          if (resolved === TOKEN_STAND_IN) {
            const container = out as unknown[];
            walk.tokens.push({ container, key: container.length, text: item, path: [...walk.path] });
          }
          walk.path.pop();
          if (resolved === NOT_PLAIN) return NOT_PLAIN;
          if (resolved !== undefined) out?.push(resolved);
        }
        return out ?? value;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      const record = value as Record<string, unknown>;
      // cdktf treats an object with a resolve function as a token, and refuses what looks like a construct.
      if (typeof record.resolve === "function" || (record._children !== undefined && record._metadata !== undefined)) return NOT_PLAIN;
      // Shared only with Object's prototype (the copy's); the copy is made at the first member that changes.
      let out: Record<string, unknown> | undefined = walk.share && proto === Object.prototype ? undefined : {};
      const keys = Object.keys(record);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        if (!plainString(key, checks)) return NOT_PLAIN;
        const member = record[key];
        walk.path.push(key);
        const resolved = copy(member, depth + 1, walk);
        if (out === undefined && (resolved !== member || member === undefined || key === "__proto__")) {
          out = {};
          for (let j = 0; j < k; j++) out[keys[j]] = record[keys[j]];
        }
        if (resolved === TOKEN_STAND_IN)
          walk.tokens.push({ container: out as Record<string, unknown>, key, text: member as string, path: [...walk.path] });
        walk.path.pop();
        if (resolved === NOT_PLAIN) return NOT_PLAIN;
        // Assigned as cdktf assigns it (a "__proto__" key sets the prototype there too).
        if (resolved !== undefined && out !== undefined) out[key] = resolved;
      }
      return out ?? value;
    }
    default:
      return NOT_PLAIN;
  }
}
