import { Document, stringify, type ToStringOptions } from "yaml";

/** The options of every Helm values document (see renderHelmValues): no line folding, repeated objects written out. */
export const BLOCK_YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const satisfies ToStringOptions & {
  aliasDuplicateObjects: boolean;
};

/**
 * What `yaml`'s `stringify(value, BLOCK_YAML_OPTIONS)` returns, byte for byte (a property test compares the two), written
 * in one pass. The package builds a document node per value first and tests every scalar against the schema in
 * JavaScript: ~0.35 s of CPU for the ~15,000 values of the five bundled environments' Helm releases, cold, where this
 * takes a few milliseconds. It writes only what it knows the package writes (block maps and sequences, plain and
 * simply quoted one-line strings, integers, booleans, null); every other scalar is written by the package itself in
 * its place, and a value that is not JSON-like data (a class instance, a Map, a key that needs quoting) whole by it.
 */
export function blockYaml(value: unknown): string {
  if (value === null || typeof value !== "object") return stringify(value, BLOCK_YAML_OPTIONS);
  const lines: string[] = [];
  try {
    if (empty(value)) return stringify(value, BLOCK_YAML_OPTIONS);
    if (Array.isArray(value)) writeSeq(value, "", lines, new Set());
    else writeMap(value as Record<string, unknown>, "", lines, new Set());
  } catch (error) {
    if (error === NOT_DATA) return stringify(value, BLOCK_YAML_OPTIONS);
    throw error;
  }
  // The final line break joined in: appended after the join, it made a second string of the megabytes of rule files
  // that the next reader (the template escape) copied into a third.
  lines.push("");
  return lines.join("\n");
}

/** Thrown on what is not JSON-like data (then the package writes the whole value). */
const NOT_DATA = new Error("not JSON-like data");

/** A container not yet on `path` (the containers it sits in): a cycle is not JSON-like data. */
function enter(value: object, path: Set<object>): void {
  if (path.has(value)) throw NOT_DATA;
  path.add(value);
}

/**
 * Written as "[]" or "{}": no items, or no member that is not undefined (those are left out). Throws NOT_DATA for an
 * object that is neither a plain object nor an array (a Date, a Map, a class instance): every container passes here
 * before it is written.
 */
function empty(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value) ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) throw NOT_DATA;
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

/** Writes a non-empty map's lines at `indent`. */
function writeMap(map: Record<string, unknown>, indent: string, lines: string[], path: Set<object>): void {
  enter(map, path);
  for (const key of Object.keys(map)) {
    const child = map[key];
    if (child === undefined) continue;
    if (!plainKey(key)) throw NOT_DATA;
    if (typeof child === "object" && child !== null) {
      if (empty(child)) lines.push(`${indent}${key}: ${Array.isArray(child) ? "[]" : "{}"}`);
      else {
        lines.push(`${indent}${key}:`);
        if (Array.isArray(child)) writeSeq(child, `${indent}  `, lines, path);
        else writeMap(child as Record<string, unknown>, `${indent}  `, lines, path);
      }
      continue;
    }
    const scalar = simpleScalar(child) ?? (typeof child === "string" ? blockLiteral(child, `${indent}  `) : undefined);
    if (scalar !== undefined) lines.push(`${indent}${key}: ${scalar}`);
    else pushIndented(stringify({ [key]: child }, BLOCK_YAML_OPTIONS), indent, lines);
  }
  path.delete(map);
}

/** Writes a non-empty sequence's items at `indent` ("- " in front of the first line of each). */
function writeSeq(seq: readonly unknown[], indent: string, lines: string[], path: Set<object>): void {
  enter(seq, path);
  for (let i = 0; i < seq.length; i++) {
    const item = seq[i] ?? null;
    if (typeof item === "object" && item !== null) {
      if (empty(item)) {
        lines.push(`${indent}- ${Array.isArray(item) ? "[]" : "{}"}`);
        continue;
      }
      const first = lines.length;
      if (Array.isArray(item)) writeSeq(item, `${indent}  `, lines, path);
      else writeMap(item as Record<string, unknown>, `${indent}  `, lines, path);
      // The item's first line moves up beside its dash (its own indent is the dash's width).
      lines[first] = `${indent}- ${lines[first].slice(indent.length + 2)}`;
      continue;
    }
    const scalar = simpleScalar(item) ?? (typeof item === "string" ? blockLiteral(item, `${indent}  `) : undefined);
    if (scalar !== undefined) lines.push(`${indent}- ${scalar}`);
    else pushIndented(stringify([item], BLOCK_YAML_OPTIONS), indent, lines);
  }
  path.delete(seq);
}

/** The package's own text of one entry, moved to `indent` (it leaves empty lines of block scalars unindented). */
function pushIndented(text: string, indent: string, lines: string[]): void {
  for (const line of text.slice(0, -1).split("\n")) lines.push(line === "" ? line : indent + line);
}

/** The schema's tags other than strings, as one pattern: a plain scalar that one of them matches is quoted to stay a string. */
const NON_STRING = new RegExp(
  new Document(null).schema.tags
    .filter((tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test)
    .map((tag) => `(?:${tag.test?.source})`)
    .join("|"),
);

/**
 * The characters and sequences that keep a one-line string from being written plain (the package's plainString):
 * an indicator first, "-" or "?" alone or before a blank, ": " or " #" anywhere, a blank or ":" last.
 */
const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;

/** A document marker first: the package's style then depends on where the string stands (left to it). */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)/;

/** What the package writes in double quotes whatever else it holds: control characters and unpaired surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what the pattern is about.
const FORCED_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

function plainText(text: string): boolean {
  return (
    text.length > 0 &&
    !text.includes("\n") &&
    !DOCUMENT_MARKER.test(text) &&
    !FORCED_DOUBLE.test(text) &&
    !NOT_PLAIN.test(text) &&
    !NON_STRING.test(text)
  );
}

/** Keys the package writes plain as an implicit key (it writes a key of 1,024 characters or more as "? key"). */
function plainKey(key: string): boolean {
  return key.length < 1000 && plainText(key);
}

/** The package's text of a scalar it writes on one line without escapes; undefined for any other scalar. */
function simpleScalar(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      if (plainText(value)) return value;
      return quotedText(value);
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? JSON.stringify(value) : undefined;
    case "boolean":
      return value ? "true" : "false";
    case "function":
    case "symbol":
    case "bigint":
      throw NOT_DATA;
    default:
      return value === null ? "null" : undefined;
  }
}

/**
 * A one-line string the package quotes: in single quotes when it holds '"' and no "'", else in double quotes, as its
 * JSON text (without control characters, the escapes JSON writes are YAML's too). Undefined for a line break.
 */
function quotedText(text: string): string | undefined {
  if (text.includes("\n") || DOCUMENT_MARKER.test(text) || FORCED_DOUBLE.test(text)) return undefined;
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

/**
 * A string of several lines as a block literal ("|" keeps one final line break, "|-" none), its lines at `indent`
 * (empty lines stay empty). Undefined for what the package writes another way or with an indentation indicator:
 * blanks or line breaks first, more than one trailing line break or trailing blanks, control characters, a line that
 * starts with a document marker.
 */
function blockLiteral(text: string, indent: string): string | undefined {
  if (!text.includes("\n") || FORCED_DOUBLE.test(text) || /^(?:%|---|\.\.\.)/m.test(text) || /^[\t\n ]/.test(text)) return undefined;
  const clip = text.endsWith("\n");
  const body = clip ? text.slice(0, -1) : text;
  if (/[\t\n ]$/.test(body)) return undefined;
  return `|${clip ? "" : "-"}\n${indent}${body.replace(/\n+/g, (breaks) => breaks + indent)}`;
}
