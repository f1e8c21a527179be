/** One template variable of a dashboard JSON model (the fields the preview reads). */
export interface TemplateVariable {
  readonly name: string;
  readonly type: string;
  readonly query?: unknown;
  readonly includeAll?: boolean;
  readonly allValue?: string | null;
  readonly current?: { readonly value?: string | string[]; readonly text?: string | string[] };
  readonly options?: ReadonlyArray<{ readonly value?: string }>;
}

/** A variable's value as used by the preview: what replaces `$name`, and how it reads in the stamp. */
interface ResolvedVariable {
  readonly name: string;
  /** The text substituted into queries (a regex alternation for All, as Grafana formats it for Prometheus). */
  readonly value: string;
  /** How the stamp shows it ("All", or the value). */
  readonly label: string;
}

/** The Grafana marker of the All option in `current.value`. */
const ALL = "$__all";

/** A label_values(...) query: the label, and the series selector when given. */
export function parseLabelValues(query: unknown): { readonly label: string; readonly match?: string } | undefined {
  const text = typeof query === "string" ? query : (query as { query?: unknown } | undefined)?.query;
  if (typeof text !== "string") return undefined;
  const m = /^\s*label_values\(\s*(?:(.*)\s*,\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/.exec(text);
  if (!m) return undefined;
  return m[1]?.trim() ? { label: m[2], match: m[1].trim() } : { label: m[2] };
}

/** The options of a custom variable: comma-separated values, `text : value` pairs keep the value. */
export function customOptions(query: unknown): string[] {
  if (typeof query !== "string") return [];
  return query
    .split(/(?<!\\),/)
    .map((part) => {
      const pair = /^(.*)\s:\s(.*)$/.exec(part.trim());
      return (pair ? pair[2] : part).trim();
    })
    .filter((v) => v !== "");
}

/** Escapes a value for a PromQL regex matcher (Grafana's Prometheus regex formatting). */
function regexEscape(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}]/g, "\\$&");
}

/**
 * Resolves one variable to what the preview substitutes, given the values its query found (`options`): the
 * dashboard's current selection when it is All (or the first value when none is selected). All becomes the
 * variable's `allValue`, else the found values as a regex alternation, else `.*` (nothing found: match any).
 */
export function resolveVariable(variable: TemplateVariable, options: readonly string[]): ResolvedVariable {
  const current = variable.current?.value;
  const selected = Array.isArray(current) ? current : current === undefined ? [] : [current];
  const wantsAll = variable.includeAll === true && (selected.includes(ALL) || selected.length === 0);
  if (wantsAll) {
    const value =
      variable.allValue ??
      (options.length === 0 ? ".*" : options.length === 1 ? regexEscape(options[0]) : `(${options.map(regexEscape).join("|")})`);
    return { name: variable.name, value, label: "All" };
  }
  const chosen = selected.find((v) => v !== ALL && (options.length === 0 || options.includes(v))) ?? options[0] ?? "";
  return { name: variable.name, value: chosen, label: chosen === "" ? "(no value)" : chosen };
}

/**
 * Substitutes Grafana variables in a query: `$name`, `${name}`, `${name:format}` and `[[name]]`. A bare name takes
 * every word character, as in Grafana, so `$__interval_ms` is never read as `$__interval` followed by `_ms`.
 * Unknown variables are left as written.
 */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_]+)\]\]|\$([A-Za-z0-9_]+)/g, (whole, braced, bracketed, bare) => {
    const name = (braced ?? bracketed ?? bare) as string;
    return Object.hasOwn(values, name) ? values[name] : whole;
  });
}
