import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import stableStringify, { stableText } from "./stable-json";

/** Which containers are written member by member: those this near the top, and those with more entries than this. */
export interface OuterLevels {
  /** @default 5 (block kind, resource type, name, argument, and the argument's members) */
  readonly depth: number;
  /** @default 64 */
  readonly entries: number;
}

const OUTER_LEVELS: OuterLevels = { depth: 5, entries: 64 };
/**
 * Bytes of the buffer texts are encoded into before they go to the file. Small: every page of a new buffer is a page
 * fault on its first write, and a 6 MB buffer (and a new one for each text longer than a megabyte) cost the two
 * writers of a 1,000-resource synth about a tenth of a second in faults alone (docs/benchmarks.md).
 */
const BUFFER_BYTES = 1 << 18;

/**
 * Writes `stableStringify(value, { space })` to the file at `path`, the same bytes, without ever holding the whole
 * text or a key-sorted copy of the whole value. cdktf writes each stack's `cdk.tf.json` as one string of its sorted
 * copy: at 10,000 watched resources a 149 MB text and a copy of every value, alive beside the resolved stack, and a
 * quarter of synth's CPU went to the garbage collector (docs/benchmarks.md). Here the outer levels (the block kinds,
 * resource types, names, arguments, and any container with many entries, such as a `for_each` map) are written in
 * sorted key order member by member, and each small subtree below them as `stableStringify` writes it, indented to its
 * level; the text goes to the file in chunks. The app's bundle (bin/bundle.js) has cdktf's synthesizer call this for
 * the stack file. A property test compares the file with json-stable-stringify's text.
 */
export function writeStableJson(
  path: string,
  value: unknown,
  options?: { readonly space?: string | number },
  outer: OuterLevels = OUTER_LEVELS,
): void {
  const given = options?.space ?? "";
  const space = typeof given === "number" ? " ".repeat(given) : given;
  const top = toJson(value);
  // Not a container (or nothing): the whole text is small, and writeFileSync fails on undefined as cdktf's call does.
  if (typeof top !== "object" || top === null) {
    writeFileSync(path, stableStringify(value, options) as string);
    return;
  }
  writeChunked(path, (out) => writeContainer(top, 0, { space, outer, out, path: new Set() }));
}

/**
 * Writes to the file at `path` the texts `write` pushes, one after the other, encoded into a reused buffer and written
 * a chunk at a time: a large file is never one string in memory.
 */
export function writeChunked(path: string, write: (out: TextOut) => void): void {
  const fd = openSync(path, "w");
  try {
    const out = new ChunkedFile(fd);
    write(out);
    out.flush();
  } finally {
    closeSync(fd);
  }
}

/** Where text goes, a piece at a time. */
export interface TextOut {
  push(text: string): void;
}

/** What every level of one write shares. */
interface Writer {
  readonly space: string;
  readonly outer: OuterLevels;
  readonly out: TextOut;
  /** The containers being written, to refuse a cycle as JSON.stringify does. */
  readonly path: Set<object>;
}

/** Text encoded into one small reused buffer as it comes, written to a file descriptor whenever it is full. */
class ChunkedFile implements TextOut {
  private readonly bytes = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;

  constructor(private readonly fd: number) {}

  push(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit: a text that may not fit goes after what the buffer holds.
    if (3 * text.length > BUFFER_BYTES - this.used) {
      this.flush();
      if (3 * text.length > BUFFER_BYTES) {
        this.pushLong(text);
        return;
      }
    }
    this.used += this.bytes.write(text, this.used, "utf8");
  }

  flush(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.bytes.subarray(0, this.used));
    this.used = 0;
  }

  /** A text longer than the buffer, encoded a buffer at a time (whole characters: a surrogate pair is never cut). */
  private pushLong(text: string): void {
    for (let read = 0; read < text.length; ) {
      const encoded = UTF8.encodeInto(read === 0 ? text : text.slice(read), this.bytes);
      writeAll(this.fd, this.bytes.subarray(0, encoded.written));
      read += encoded.read;
    }
  }
}

const UTF8 = new TextEncoder();

function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}

/** The node after `toJSON`, as json-stable-stringify takes it. */
function toJson(raw: unknown): unknown {
  return raw && typeof (raw as { toJSON?: unknown }).toJSON === "function" ? (raw as { toJSON: () => unknown }).toJSON() : raw;
}

/** The newline and indentation of a line at `level`; none without `space`. */
function indentOf(space: string, level: number): string {
  return space ? `\n${space.repeat(level)}` : "";
}

/** Whether json-stable-stringify writes anything for a value after toJSON (it leaves out undefined, functions, symbols). */
function writes(node: unknown): boolean {
  return node !== undefined && typeof node !== "function" && typeof node !== "symbol";
}

/**
 * Writes one value at `level`, given before (`raw`) and after (`node`) toJSON: an outer container member by member,
 * anything else as stableStringify's text with its line breaks indented to the level (JSON strings hold no raw line
 * break, so every line break in the text is one of the layout's).
 */
function writeValue(raw: unknown, node: unknown, level: number, writer: Writer): void {
  const { space, outer, out, path } = writer;
  if (typeof node === "object" && node !== null) {
    const entries = Array.isArray(node) ? node.length : Object.keys(node).length;
    if (level < outer.depth || entries > outer.entries) {
      writeContainer(node, level, writer);
      return;
    }
    if (path.has(node)) throw new TypeError("Converting circular structure to JSON");
  } else if (typeof node === "string" && node.length > STRING_PIECE) {
    writeLongString(node, out);
    return;
  }
  // toJSON is applied once, as json-stable-stringify applies it: its result is handed over as a toJSON's result.
  out.push(stableText(raw === node ? node : { toJSON: () => node }, space, level) as string);
}

/** Characters of a long string escaped at a time. */
const STRING_PIECE = 1 << 14;

/**
 * A long string (a CloudWatch dashboard body, Helm values) as JSON.stringify writes it, escaped a piece at a time:
 * its whole JSON text was built, flattened into one new string and encoded, 7.8 MB of short-lived large strings at
 * 1,000 watched resources. JSON escapes each character on its own, but for the two halves of a surrogate pair
 * (written as one character; a half alone is escaped as `\udxxx`), which no piece boundary separates.
 */
function writeLongString(text: string, out: TextOut): void {
  out.push('"');
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + STRING_PIECE);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const piece = JSON.stringify(text.slice(start, end));
    out.push(piece.slice(1, -1));
    start = end;
  }
  out.push('"');
}

/** An array or object (after toJSON) at `level`, written as json-stable-stringify writes it. */
function writeContainer(node: object, level: number, writer: Writer): void {
  const { space, out, path } = writer;
  if (path.has(node)) throw new TypeError("Converting circular structure to JSON");
  path.add(node);
  const inner = indentOf(space, level + 1);
  if (Array.isArray(node)) {
    out.push("[");
    for (let i = 0; i < node.length; i++) {
      out.push(i === 0 ? inner : `,${inner}`);
      const item = toJson(node[i]);
      if (writes(item)) writeValue(node[i], item, level + 1, writer);
      else out.push("null");
    }
  } else {
    out.push("{");
    const colon = space ? ": " : ":";
    let first = true;
    for (const key of Object.keys(node).sort()) {
      const raw = (node as Record<string, unknown>)[key];
      const member = toJson(raw);
      if (!writes(member)) continue;
      out.push(`${first ? "" : ","}${inner}${JSON.stringify(key)}${colon}`);
      writeValue(raw, member, level + 1, writer);
      first = false;
    }
  }
  out.push(`${indentOf(space, level)}${Array.isArray(node) ? "]" : "}"}`);
  path.delete(node);
}
