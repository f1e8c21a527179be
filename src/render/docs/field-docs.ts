/**
 * The doc comments of the spec's fields, read from the schema sources: the `/** … *\/` above a key of a schema's
 * object literal documents that field. The comments stay the single source (editors show them, the reference and the
 * JSON Schema descriptions are generated from them), so nothing is written twice.
 *
 * This is a scanner for the one shape the spec files use (`export const xSchema = z…({ /** doc *\/ key: … })`), not a
 * TypeScript parser: it skips strings, template literals, comments and regular expression literals, and tracks which
 * object key encloses each nested literal.
 */

/** Per exported constant, the doc of each field by its key path relative to the constant (`"adminSecret.userKey"`). */
export type FieldDocs = ReadonlyMap<string, ReadonlyMap<string, string>>;

interface Frame {
  readonly bracket: "{" | "(" | "[";
  /** The key whose value is being read at this object level. */
  key?: string;
}

/** Scans one source file. */
export function extractFieldDocs(source: string): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  const frames: Frame[] = [];
  let constant: string | undefined;
  let pendingDoc: string | undefined;
  let lastSignificant = "";
  let i = 0;
  const n = source.length;

  const record = (key: string) => {
    if (!constant || pendingDoc === undefined) return;
    const path = [...frames.slice(0, -1).flatMap((f) => (f.bracket === "{" && f.key ? [f.key] : [])), key].join(".");
    const docs = result.get(constant) ?? new Map<string, string>();
    docs.set(path, pendingDoc);
    result.set(constant, docs);
  };

  while (i < n) {
    const c = source[i];
    if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      if (source[i + 2] === "*") pendingDoc = cleanDoc(source.slice(i + 3, stop - 2));
      i = stop;
      continue;
    }
    if (c === "/" && source[i + 1] === "/") {
      const end = source.indexOf("\n", i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      i = skipString(source, i);
      lastSignificant = "string";
      continue;
    }
    if (c === "/" && /[(,=:[!&|?{};]|^$|return$/.test(lastSignificant)) {
      i = skipRegex(source, i);
      lastSignificant = "regex";
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < n && /[\w$]/.test(source[j])) j++;
      const word = source.slice(i, j);
      // `export const name =` at the top level starts a documented constant.
      if (frames.length === 0 && (word === "const" || word === "let")) {
        const m = /^\s+([\w$]+)\s*[=:]/.exec(source.slice(j));
        if (m) constant = m[1];
      }
      const top = frames[frames.length - 1];
      const k = skipSpace(source, j);
      if (top?.bracket === "{" && source[k] === ":" && (lastSignificant === "{" || lastSignificant === ",")) {
        record(word);
        top.key = word;
      }
      pendingDoc = undefined;
      lastSignificant = word;
      i = j;
      continue;
    }
    if (c === "{" || c === "(" || c === "[") frames.push({ bracket: c });
    else if (c === "}" || c === ")" || c === "]") {
      frames.pop();
      if (frames.length === 0 && c !== ")") pendingDoc = undefined;
    } else if (c === ";" && frames.length === 0) constant = undefined;
    if (c !== "," && c !== "{") pendingDoc = undefined;
    lastSignificant = c;
    i++;
  }
  return result;
}

/** The comment's text on one line, without `*` margins; `@default` tags are kept for the reference's default column. */
function cleanDoc(body: string): string {
  return body
    .split("\n")
    .map((line) => line.replace(/^\s*\*\s?/, "").trim())
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

function skipSpace(source: string, i: number): number {
  while (i < source.length && /\s/.test(source[i])) i++;
  return i;
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === "\\") i++;
    else if (quote === "`" && source[i] === "$" && source[i + 1] === "{") {
      // A template expression: skip to its matching brace, strings inside included.
      let depth = 1;
      i += 2;
      while (i < source.length && depth > 0) {
        const c = source[i];
        if (c === '"' || c === "'" || c === "`") {
          i = skipString(source, i);
          continue;
        }
        if (c === "{") depth++;
        else if (c === "}") depth--;
        i++;
      }
      continue;
    }
    i++;
  }
  return i + 1;
}

function skipRegex(source: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < source.length && source[i] !== "\n") {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) break;
    i++;
  }
  i++;
  while (i < source.length && /[a-z]/.test(source[i])) i++;
  return i;
}

/** The description and the `@default` text of one field's doc. */
export function splitDoc(doc: string): { description: string; defaultText?: string } {
  const at = doc.search(/@default\b/);
  if (at < 0) return { description: doc };
  const defaultText = doc
    .slice(at + "@default".length)
    .replace(/^\s*-\s*/, "")
    .trim();
  return { description: doc.slice(0, at).trim(), defaultText };
}
