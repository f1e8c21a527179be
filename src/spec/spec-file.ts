import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import { type SpecProblem, SpecValidationError } from "./errors";

/** A spec is a page of YAML; anything this large is a mistake (or an attack), and reading it would stall validate. */
const MAX_SPEC_FILE_BYTES = 4 * 1024 * 1024;
/** Deeper than any spec needs; deeper documents overflow the parsers' recursion. */
const MAX_SPEC_DEPTH = 64;
/** YAML aliases a spec may expand; an "alias bomb" (billion laughs) expands to gigabytes from a few lines. */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads a YAML or JSON spec file. Every problem of the file itself (encoding, syntax, duplicate keys, YAML tags and
 * the YAML library's warnings, alias bombs, too-deep nesting) is reported as a {@link SpecValidationError} naming
 * the line, never as a library exception, and never quoting the file's text (it may hold a pasted credential).
 */
export function readSpecFile(file: string): unknown {
  const fail = (problems: SpecProblem[]): never => {
    throw new SpecValidationError(file, problems);
  };
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    return fail([{ path: "", message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? "unknown error"}` }]);
  }
  if (size > MAX_SPEC_FILE_BYTES) {
    return fail([
      { path: "", message: `expected a spec file of at most ${MAX_SPEC_FILE_BYTES / 1024 / 1024} MiB, received ${size} bytes` },
    ]);
  }
  const decoded = decode(readFileSync(file));
  if (typeof decoded !== "string") return fail([{ path: "", message: decoded.problem }]);
  const json = extname(file) === ".json";
  // Before any parser: both recurse per level, and pathological depth exhausts their stack or memory.
  const flowDepth = bracketDepth(decoded);
  if (flowDepth > MAX_SPEC_DEPTH) {
    return fail([{ path: "", message: `expected nesting at most ${MAX_SPEC_DEPTH} levels deep, received ${flowDepth}` }]);
  }
  const problems = json ? jsonSyntaxProblems(decoded) : [];
  if (problems.length > 0) return fail(problems);

  // JSON is YAML 1.2, so one parser reports duplicate keys, depth and positions the same way for both formats.
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(decoded, { prettyErrors: false, uniqueKeys: true, lineCounter, strict: true, stringKeys: false });
  } catch (error) {
    const reason = error instanceof RangeError ? "nested too deeply" : firstLine((error as Error).message);
    return fail([{ path: "", message: `not valid ${json ? "JSON" : "YAML"}: ${reason}` }]);
  }
  const at = (pos: readonly number[] | undefined) => {
    if (!pos) return "";
    const { line, col } = lineCounter.linePos(pos[0]);
    return ` at line ${line}, column ${col}`;
  };
  const kind = json ? "JSON" : "YAML";
  for (const error of doc.errors) {
    problems.push({
      path: "",
      message:
        error.code === "DUPLICATE_KEY"
          ? `duplicate key${at(error.pos)}: each key may appear once in a ${kind} object`
          : /Maximum call stack/.test(error.message)
            ? `not valid ${kind}: nested too deeply (at most ${MAX_SPEC_DEPTH} levels)`
            : `not valid ${kind}${at(error.pos)}: ${firstLine(error.message)}`,
    });
  }
  for (const warning of doc.warnings) {
    problems.push({
      path: "",
      message:
        warning.code === "TAG_RESOLVE_FAILED"
          ? `unsupported YAML tag${at(warning.pos)}: ${firstLine(warning.message)
              .replace(/ at line.*$/, "")
              .replace("tag:yaml.org,2002:", "!!")}; a spec holds plain values (no !Ref, !!python/object or other tags)`
          : `${kind} warning${at(warning.pos)}: ${firstLine(warning.message)}`,
    });
  }
  if (problems.length > 0) return fail(problems);
  const depth = nestingDepth(doc.contents);
  if (depth > MAX_SPEC_DEPTH) {
    return fail([{ path: "", message: `expected nesting at most ${MAX_SPEC_DEPTH} levels deep, received ${depth}` }]);
  }
  const tags = explicitTags(doc.contents);
  if (tags.length > 0) {
    return fail(
      tags.map(({ tag, pos }) => ({
        path: "",
        message: `unsupported YAML tag${at(pos)}: ${tag}; a spec holds plain values (no !Ref, !!python/object or other tags)`,
      })),
    );
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof ReferenceError ? "expands too many aliases (an alias bomb?)" : firstLine((error as Error).message);
    return fail([{ path: "", message: `not a usable ${kind} document: ${message}` }]);
  }
}

/** Text of the file: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is named. */
function decode(bytes: Buffer): string | { problem: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
    return { problem: "expected UTF-8 text, received what looks like UTF-16 without a byte-order mark; save the file as UTF-8" };
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { problem: "expected UTF-8 text, received bytes that are not valid UTF-8; save the file as UTF-8" };
  }
}

/** JSON's own syntax (YAML would accept more), reported by line and column without quoting the text. */
function jsonSyntaxProblems(text: string): SpecProblem[] {
  try {
    JSON.parse(text);
    return [];
  } catch (error) {
    if (error instanceof RangeError) return [{ path: "", message: `not valid JSON: nested too deeply (at most ${MAX_SPEC_DEPTH} levels)` }];
    const message = (error as Error).message;
    let offset = /position (\d+)/.exec(message)?.[1] === undefined ? undefined : Number(/position (\d+)/.exec(message)?.[1]);
    // Older engines name no position: YAML's JSON schema finds the same spot.
    offset ??= parseDocument(text, { schema: "json" }).errors[0]?.pos[0];
    const where = offset === undefined ? "" : ` at ${lineAndColumn(text, offset)}`;
    const what =
      /end of JSON input/.test(message) || (offset ?? 0) >= text.trimEnd().length ? "the document ends early" : "unexpected character";
    return [{ path: "", message: `not valid JSON${where}: ${what}` }];
  }
}

/** Deepest nesting of `[` and `{` outside quoted strings and comments (JSON, and YAML's flow collections). */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || (c === "'" && !/\w/.test(text[i - 1] ?? ""))) quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return max;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/:$/, "");
}

/** Tags written in the document other than the core schema's own (`!!str`, `!!int`…), which resolve to plain values. */
function explicitTags(contents: unknown): Array<{ tag: string; pos?: number[] }> {
  const found: Array<{ tag: string; pos?: number[] }> = [];
  const core = /^tag:yaml\.org,2002:(str|int|float|bool|null|map|seq)$/;
  if (contents === null || contents === undefined) return found;
  visit(contents as never, (_key, node) => {
    const tag = (node as { tag?: string }).tag;
    if (tag && !core.test(tag)) found.push({ tag: tag.replace(/^tag:yaml\.org,2002:/, "!!"), pos: (node as { range?: number[] }).range });
  });
  return found;
}

/** Depth of the node tree, iteratively (a recursive walk would overflow on the documents this guards against). */
function nestingDepth(root: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (isMap(node)) {
      max = Math.max(max, depth);
      for (const pair of node.items) stack.push([pair.value, depth + 1], [pair.key, depth + 1]);
    } else if (isSeq(node)) {
      max = Math.max(max, depth);
      for (const item of node.items) stack.push([item, depth + 1]);
    } else if (isScalar(node)) {
      max = Math.max(max, depth - 1);
    }
  }
  return max;
}
