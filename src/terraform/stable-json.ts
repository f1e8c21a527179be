/**
 * The JSON text cdktf writes (`cdk.tf.json`, manifest.json), by the engine's own `JSON.stringify`. cdktf 0.21 writes
 * it with json-stable-stringify 1.3 (`{ space: 2 }`), which builds the text in JavaScript, one string per value:
 * 0.85-1.1 s of CPU for the 16 MB of 1,000 watched resources, 0.58-0.82 s this way (docs/benchmarks.md; the engine's
 * own pass is ~0.35 s of it). The app's bundle (bin/bundle.js) gives cdktf this function instead. Same text, byte
 * for byte (a property test compares the two): keys sorted by code unit, `toJSON` honoured, undefined members dropped
 * and undefined items written as `null`, and the package's own layout of empty containers (`[` and `]` on two lines).
 * Only the options cdktf passes are supported (`space`); anything else throws rather than writing different text.
 */
export default function stableStringify(value: unknown, options?: { readonly space?: string | number }): string | undefined {
  if (options !== undefined && Object.keys(options).some((key) => key !== "space")) {
    throw new TypeError(`stable JSON: only the "space" option is supported, received ${Object.keys(options).join(", ")}`);
  }
  const given = options?.space ?? "";
  const space = typeof given === "number" ? " ".repeat(given) : given;
  return stableText(value, space, 0);
}

/**
 * What stands in for an empty container in the engine's text: random, so that data holding it is unlikely, and checked
 * (data that holds it is written the slow way). One per process: made per subtree, it cost more than the check.
 */
export const EMPTY_MARKER = `stable-json-empty-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;

/**
 * The text of `value` as {@link stableStringify} writes it with `space`, as it stands `level` containers deep in a
 * larger text: each line after the first indented by `level` more (the stack file's writer writes its subtrees so).
 * The engine indents it: the value is stringified inside `level` arrays, which are cut off the text again.
 */
export function stableText(value: unknown, space: string, level: number): string | undefined {
  // Without indentation, json-stable-stringify writes empty containers as JSON.stringify does.
  const marker = space ? EMPTY_MARKER : undefined;
  const copy = sortedCopy(value, marker);
  // An object whose keys the engine enumerates in another order (integer-like keys come first, in numeric order).
  if (copy.reordered) return writeInOrder(value, space, level);
  // Only a container spans lines (an empty one too, once its marker is replaced).
  const wrap = space && copy.container ? level : 0;
  let wrapped = copy.value;
  for (let i = 0; i < wrap; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, space);
  if (marker === undefined || copy.empty === 0 || text === undefined) return text === undefined ? undefined : unwrapped(text, space, wrap);
  // Each empty container became its marker: the closing bracket goes on its own line, indented like the line the
  // container opens on. A count that differs means the data itself holds the marker: then the slow way, to be exact.
  // (A regular expression over the megabytes took 30 times as long as these searches for the marker.)
  const parts: string[] = [];
  const quoted = `"${marker}-`;
  let copied = 0;
  for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, copied)) {
    const brackets = text.slice(at + quoted.length, at + quoted.length + 2);
    if (text[at + quoted.length + 2] !== '"' || (brackets !== "[]" && brackets !== "{}")) return writeInOrder(value, space, level);
    parts.push(text.slice(copied, at), brackets[0], lineIndent(text, at), brackets[1]);
    copied = at + quoted.length + 3;
  }
  parts.push(text.slice(copied));
  const found = (parts.length - 1) / 4;
  return found === copy.empty ? unwrapped(parts.join(""), space, wrap) : writeInOrder(value, space, level);
}

/** `text` without the `wrap` one-item arrays around its value. (A function, not a closure: this runs per subtree.) */
function unwrapped(text: string, space: string, wrap: number): string {
  return wrap === 0 ? text : text.slice(wrapperLength(space, wrap, true), text.length - wrapperLength(space, wrap, false));
}

/**
 * Characters of the `levels` one-item arrays JSON.stringify writes around a value with `space`: before it (`[`, a
 * line break and the next level's indentation, per level) or after it (a line break, the level's indentation, `]`).
 */
function wrapperLength(space: string, levels: number, opening: boolean): number {
  let length = 0;
  for (let i = 0; i < levels; i++) length += 2 + space.length * (opening ? i + 1 : i);
  return length;
}

interface SortedCopy {
  readonly value: unknown;
  /** How many empty arrays and objects it holds (each replaced by the marker, when there is one). */
  readonly empty: number;
  /** An object in it would not keep its sorted key order (see {@link hasIntegerKey}). */
  readonly reordered: boolean;
  /** The value (after `toJSON`) is an array or object. */
  readonly container: boolean;
}

/**
 * `value` after `toJSON`, with every object's members inserted in sorted key order, undefined ones left out, and each
 * empty array or object replaced by `"<marker>-[]"` or `"<marker>-{}"` when a marker is given.
 */
function sortedCopy(value: unknown, marker: string | undefined): SortedCopy {
  const walk: CopyWalk = { marker, empty: 0, reordered: false, path: new Set<object>(), topNode: undefined };
  const result = copyNode(value, walk);
  return { value: result, empty: walk.empty, reordered: walk.reordered, container: walk.topNode !== undefined };
}

/** What one {@link sortedCopy} shares (module functions and this state, not closures made per subtree). */
interface CopyWalk {
  readonly marker: string | undefined;
  empty: number;
  reordered: boolean;
  readonly path: Set<object>;
  /** The top value's node when it is a container (the first container the copy meets). */
  topNode: object | undefined;
}

function copyNode(raw: unknown, walk: CopyWalk): unknown {
  const node = raw && typeof (raw as { toJSON?: unknown }).toJSON === "function" ? (raw as { toJSON: () => unknown }).toJSON() : raw;
  if (typeof node !== "object" || node === null) return node;
  walk.topNode ??= node;
  if (Array.isArray(node)) {
    if (node.length === 0) {
      walk.empty++;
      return walk.marker === undefined ? [] : `${walk.marker}-[]`;
    }
    const items = new Array<unknown>(node.length);
    for (let i = 0; i < node.length; i++) {
      const item = copyNode(node[i], walk);
      items[i] = item === undefined || typeof item === "function" || typeof item === "symbol" ? null : item;
    }
    return items;
  }
  const { path } = walk;
  if (path.has(node)) throw new TypeError("Converting circular structure to JSON");
  path.add(node);
  const keys = Object.keys(node).sort();
  const out: Record<string, unknown> = {};
  const kept: string[] = [];
  for (const key of keys) {
    const member = copyNode((node as Record<string, unknown>)[key], walk);
    if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
    // A data key, not the prototype (JSON.parse makes such keys, and json-stable-stringify writes them).
    if (key === "__proto__") Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
    else out[key] = member;
    kept.push(key);
  }
  path.delete(node);
  if (kept.length === 0) {
    walk.empty++;
    return walk.marker === undefined ? out : `${walk.marker}-{}`;
  }
  if (!walk.reordered && hasIntegerKey(kept)) walk.reordered = Object.keys(out).some((key, i) => key !== kept[i]);
  return out;
}

/** Whether a key is one the engine enumerates before the others (an array index: "0", "17", not "007" or "-1"). */
function hasIntegerKey(keys: readonly string[]): boolean {
  return keys.some((key) => {
    const code = key.charCodeAt(0);
    return code >= 48 && code <= 57 && String(Number(key) >>> 0) === key && key !== "4294967295";
  });
}

/** A newline and the leading whitespace of the line holding position `at`. */
function lineIndent(text: string, at: number): string {
  const start = text.lastIndexOf("\n", at) + 1;
  let end = start;
  while (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9) end++;
  return `\n${text.slice(start, end)}`;
}

/** The text built member by member, as json-stable-stringify does: for the rare object the engine would reorder. */
function writeInOrder(value: unknown, space: string, level: number): string | undefined {
  const colon = space ? ": " : ":";
  const indents = [space ? "\n" : ""];
  const indent = (level: number) => {
    for (let i = indents.length; i <= level; i++) indents.push(`${indents[i - 1]}${space}`);
    return indents[level];
  };
  const write = (raw: unknown, level: number): string | undefined => {
    const node = raw && typeof (raw as { toJSON?: unknown }).toJSON === "function" ? (raw as { toJSON: () => unknown }).toJSON() : raw;
    if (typeof node !== "object" || node === null) return JSON.stringify(node);
    const inner = indent(level + 1);
    if (Array.isArray(node)) {
      const items = node.map((item) => `${inner}${write(item, level + 1) ?? "null"}`);
      return `[${items.join(",")}${indent(level)}]`;
    }
    const members: string[] = [];
    for (const key of Object.keys(node).sort()) {
      const member = write((node as Record<string, unknown>)[key], level + 1);
      if (member !== undefined) members.push(`${inner}${JSON.stringify(key)}${colon}${member}`);
    }
    return `{${members.join(",")}${indent(level)}}`;
  };
  return write(value, level);
}
