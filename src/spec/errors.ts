import type { z } from "zod";
import { credentialKind, redactCredentials } from "./credentials";

/** One problem in a spec: where it is, and what was expected versus given. */
export interface SpecProblem {
  /** Dotted path inside the spec, e.g. `channels[1].webhookUrl`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
  /**
   * The file (or module) the problem is in, when one message lists several: a name from the file system, not spec
   * text, so it is printed as it is (a temporary folder's random name is not a credential). @default - the error's source
   */
  readonly file?: string;
}

/** Thrown when one or more specs are invalid; `problems` holds every problem found, not just the first. */
export class SpecValidationError extends Error {
  readonly problems: readonly SpecProblem[];

  constructor(
    readonly source: string,
    problems: readonly SpecProblem[],
  ) {
    super(formatProblems(source, problems));
    this.problems = redactProblems(problems);
    this.name = "SpecValidationError";
  }
}

/** Problems with every credential-looking part of their paths and messages replaced. */
export function redactProblems(problems: readonly SpecProblem[]): SpecProblem[] {
  return problems.map((p) => ({ ...p, path: redactCredentials(p.path), message: redactCredentials(p.message) }));
}

/**
 * A problem found while building the stack of a spec that validation accepted (a limit no rule covers yet): one line
 * of the error's message, never its stack trace. `MONITORING_DEBUG=1` adds the stack for whoever fixes the rule.
 */
export function problemFromException(error: unknown, what = "the stack cannot be built from this spec"): SpecProblem {
  if (process.env.MONITORING_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").filter((line) => line.trim() !== "");
  return {
    path: "",
    message: `${what}: ${lines.slice(0, 6).join("; ")}${lines.length > 6 ? "; …" : ""}`,
  };
}

/** One line per problem. The last guard of every error path: nothing that looks like a credential is printed. */
export function formatProblems(source: string, problems: readonly SpecProblem[]): string {
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  const lines = problems.map(
    (p) =>
      `  - ${p.file ? `${p.file} ` : ""}${redactCredentials(p.path) || (p.file ? "" : "(spec)")}`.trimEnd() +
      `: ${redactCredentials(p.message)}`,
  );
  return `${source}: ${count}\n${lines.join("\n")}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    return text === "" ? String(key) : `${text}.${String(key)}`;
  }, "");
}

/** A short, safe description of a received value: type and (truncated) content, never a whole document. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const kind = credentialKind(value);
    if (kind) return `a string that looks like a ${kind} (value not shown)`;
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return `${typeof value} ${String(value)}`;
}

/** Turns zod issues into problems that name the path, what was expected and what was given. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, input: unknown): SpecProblem[] {
  return redactProblems(issues.flatMap((issue) => problemsFromIssue(issue, schema, input)));
}

function problemsFromIssue(issue: z.core.$ZodIssue, schema: z.ZodType, root: unknown): SpecProblem[] {
  const path = formatPath(issue.path);
  const received = "input" in issue ? issue.input : valueAt(root, issue.path);
  switch (issue.code) {
    case "invalid_type":
      return [
        {
          path,
          message:
            received === undefined
              ? `required (expected ${issue.expected})`
              : `expected ${issue.expected}, received ${describeValue(received)}`,
        },
      ];
    case "unrecognized_keys": {
      const allowed = allowedKeys(schema, root, issue.path);
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: `unknown key${allowed.length ? `; expected one of: ${allowed.join(", ")}${suggestion(key, allowed)}` : ""}`,
      }));
    }
    case "invalid_value":
      return [{ path, message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}, received ${describeValue(received)}` }];
    case "invalid_union": {
      const detail = issue as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
      if (detail.discriminator) {
        const value = valueAt(root, issue.path);
        const options = (detail.options ?? []).map((o) => JSON.stringify(o)).join(" | ");
        return [{ path, message: `expected ${options}, received ${describeValue(value)}` }];
      }
      // Union members are secret references and similar shapes: name the shape, never echo the value.
      return [{ path, message: `${issue.message}; received ${kindOf(received)}` }];
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      const op = issue.code === "too_small" ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than";
      const custom = isDefaultMessage(issue.message) ? undefined : issue.message;
      const what =
        issue.origin === "string"
          ? `${op} ${bound} characters`
          : issue.origin === "array"
            ? `${op} ${bound} item${bound === 1 ? "" : "s"}`
            : `a number ${op} ${bound}`;
      return [{ path, message: `${custom ?? `expected ${what}`}, received ${describeValue(received)}` }];
    }
    case "invalid_key": {
      // A record (tags, labels) key that fails its pattern: name the key, and the pattern's own message if it has one.
      const inner = (issue as { issues?: Array<{ message: string }> }).issues?.[0]?.message;
      const expected =
        inner && !isDefaultMessage(inner)
          ? inner.startsWith("expected")
            ? inner
            : `expected a valid key (${inner})`
          : "expected a valid key";
      return [{ path, message: `${expected}, received the key ${JSON.stringify(String(received))}` }];
    }
    case "invalid_format":
      return [
        {
          path,
          message: `${isDefaultMessage(issue.message) ? `expected ${issue.format}` : issue.message}, received ${describeValue(received)}`,
        },
      ];
    default:
      return [
        {
          path,
          message:
            received === undefined || issue.code === "custom" ? issue.message : `${issue.message}, received ${describeValue(received)}`,
        },
      ];
  }
}

function isDefaultMessage(message: string): boolean {
  return /^(Too small|Too big|Invalid)/.test(message);
}

function kindOf(value: unknown): string {
  if (typeof value === "string") return "a string (value not shown)";
  return describeValue(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The keys an object schema at `path` accepts, found by walking the schema along the input. */
function allowedKeys(schema: z.ZodType, root: unknown, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  let value: unknown = root;
  const keys = [...path];
  for (;;) {
    const def = (node as { _zod?: { def: Record<string, unknown> } })._zod?.def;
    if (!def) return [];
    switch (def.type) {
      case "optional":
      case "default":
      case "prefault":
      case "nullable":
      case "readonly":
        node = def.innerType;
        continue;
      case "pipe":
        node = def.in;
        continue;
      case "union": {
        const discriminator = def.discriminator as string | undefined;
        const options = def.options as unknown[];
        const wanted = discriminator && value && typeof value === "object" ? (value as Record<string, unknown>)[discriminator] : undefined;
        const match = options.find((option) => {
          const shape = (option as { _zod: { def: { shape?: Record<string, { _zod: { def: { values?: unknown[] } } }> } } })._zod.def.shape;
          if (!shape) return false;
          if (discriminator) return shape[discriminator]?._zod.def.values?.includes(wanted) ?? false;
          return value !== null && typeof value === "object" && Object.keys(value).some((k) => k in shape);
        });
        if (!match) return [];
        node = match;
        continue;
      }
      case "object": {
        const shape = def.shape as Record<string, unknown>;
        if (keys.length === 0) return Object.keys(shape);
        const key = keys.shift() as string;
        node = shape[key];
        value = (value as Record<string, unknown> | undefined)?.[key];
        continue;
      }
      case "array": {
        if (keys.length === 0) return [];
        const index = keys.shift() as number;
        node = def.element;
        value = (value as unknown[] | undefined)?.[index];
        continue;
      }
      case "record": {
        if (keys.length === 0) return [];
        const key = keys.shift() as string;
        node = def.valueType;
        value = (value as Record<string, unknown> | undefined)?.[key];
        continue;
      }
      default:
        return [];
    }
  }
}

function suggestion(key: string, allowed: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (!best) {
    // Fall back to the one candidate sharing a meaningful prefix ("cpuUsage" -> "cpuUtilization").
    const prefixed = allowed.filter((candidate) => commonPrefix(candidate.toLowerCase(), key.toLowerCase()) >= 3);
    if (prefixed.length === 1) best = prefixed[0];
  }
  return best ? ` (did you mean "${best}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
