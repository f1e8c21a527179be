import type { z } from "zod";
import { type FieldDocs, splitDoc } from "./field-docs";

/** One documented field of the spec: its path (`services[].metrics.port`), type, default and meaning. */
interface SpecField {
  readonly path: string;
  readonly type: string;
  readonly defaultText: string;
  readonly description: string;
}

interface ZodDef {
  readonly type: string;
  readonly [key: string]: unknown;
}

const def = (schema: unknown): ZodDef => (schema as { _zod: { def: ZodDef } })._zod.def;

/** Wrappers that change presence or defaults, not the shape. */
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/**
 * Every field of `root` with its doc comment. `named` maps the exported schema constants of the spec files to their
 * names, so a field's comment is found under the constant whose object literal declares it. A named object used in
 * more than one place (a secret reference, per-resource thresholds) is listed once, under its own name, in `shared`.
 */
export function specFields(
  root: z.ZodType,
  named: ReadonlyMap<unknown, string>,
  docs: FieldDocs,
): { fields: SpecField[]; shared: Array<{ name: string; fields: SpecField[] }> } {
  const uses = new Map<unknown, number>();
  countUses(root, named, uses, new Set());
  const shared = [...uses].filter(([schema, count]) => count > 1 && schema !== root).map(([schema]) => schema);
  const sharedNames = new Map(shared.map((schema) => [schema, sharedLabel(named.get(schema) ?? "")]));
  return {
    fields: collect(root, named, docs, sharedNames),
    shared: shared
      .map((schema) => ({ name: sharedNames.get(schema) ?? "", fields: collect(schema, named, docs, sharedNames, schema) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** How often each named object or union schema is reached from `schema`. */
function countUses(schema: unknown, named: ReadonlyMap<unknown, string>, uses: Map<unknown, number>, path: Set<unknown>): void {
  const inner = unwrap(schema).schema;
  if (path.has(inner)) return;
  const d = def(inner);
  if (named.has(inner) && (d.type === "object" || d.type === "union")) {
    uses.set(inner, (uses.get(inner) ?? 0) + 1);
    if ((uses.get(inner) ?? 0) > 1) return;
  }
  const next = new Set(path).add(inner);
  for (const child of children(d)) countUses(child, named, uses, next);
}

function children(d: ZodDef): unknown[] {
  switch (d.type) {
    case "object":
      return Object.values(d.shape as Record<string, unknown>);
    case "array":
      return [d.element];
    case "record":
      return [d.valueType];
    case "union":
      return d.options as unknown[];
    case "intersection":
      return [d.left, d.right];
    default:
      return [];
  }
}

interface Row {
  types: string[];
  defaultText: string;
  /** Each distinct description with the variants (`type "eks"`) it was found in. */
  descriptions: Map<string, string[]>;
  /** The union variants the field exists in; empty when it exists whatever the variant. */
  only: string[];
}

function collect(
  root: unknown,
  named: ReadonlyMap<unknown, string>,
  docs: FieldDocs,
  sharedNames: ReadonlyMap<unknown, string>,
  self?: unknown,
): SpecField[] {
  const rows = new Map<string, Row>();
  /** The paths each union option being walked has added to (nested unions stack). */
  const touching: Array<Set<string>> = [];

  const add = (path: string, type: string, defaultText: string, description: string, variant: string | undefined) => {
    for (const set of touching) set.add(path);
    const row: Row = rows.get(path) ?? { types: [], defaultText, descriptions: new Map(), only: [] };
    rows.set(path, row);
    if (!row.types.includes(type)) row.types.push(type);
    if (row.defaultText === "required" && defaultText !== "required") row.defaultText = defaultText;
    if (description) row.descriptions.set(description, [...(row.descriptions.get(description) ?? []), ...(variant ? [variant] : [])]);
  };

  const walk = (
    schema: unknown,
    path: string,
    base: { name: string; rel: string[] } | undefined,
    variant: string | undefined,
    depth: number,
  ): void => {
    if (depth > 12) return;
    const inner = unwrap(schema).schema;
    if (inner !== self && sharedNames.has(inner)) return;
    const own = nameOf(schema, named);
    const d = def(inner);
    const here = own && d.type === "object" ? { name: own, rel: [] } : base;
    switch (d.type) {
      case "object":
        for (const [key, child] of Object.entries(d.shape as Record<string, unknown>)) {
          const childPath = path ? `${path}.${key}` : key;
          const doc = here ? docs.get(here.name)?.get([...here.rel, key].join(".")) : undefined;
          // A field built from data (the watch kinds of a registry) carries its doc as the schema's description.
          const { description, defaultText } = splitDoc(doc ?? (child as { description?: string }).description ?? "");
          const type = sharedNames.has(unwrap(child).schema)
            ? sharedLink(sharedNames.get(unwrap(child).schema) ?? "")
            : typeText(child, named, sharedNames);
          add(childPath, type, defaultText ?? unwrap(child).defaultText, description, variant);
          walk(child, childPath, here ? { name: here.name, rel: [...here.rel, key] } : undefined, variant, depth + 1);
        }
        return;
      case "array":
        walk(d.element, `${path}[]`, here, variant, depth + 1);
        return;
      case "record":
        walk(d.valueType, `${path}.<name>`, here, variant, depth + 1);
        return;
      case "union": {
        const options = d.options as unknown[];
        const key = discriminator(options);
        const before = new Set(rows.keys());
        const seen = new Map<string, string[]>();
        for (const option of options) {
          const values = key ? (literalOf(option, key) as unknown[]) : [];
          const label = key ? `${key} ${values.map((v) => JSON.stringify(v)).join(" or ")}` : undefined;
          const touched = new Set<string>();
          touching.push(touched);
          walk(option, path, here, label ?? variant, depth + 1);
          touching.pop();
          for (const p of touched) seen.set(p, [...(seen.get(p) ?? []), ...(label ? [label] : [])]);
        }
        if (key) {
          for (const [p, labels] of seen) {
            const row = rows.get(p);
            if (row && !before.has(p) && p !== `${path ? `${path}.` : ""}${key}` && labels.length < options.length) row.only = labels;
          }
        }
        return;
      }
      case "intersection":
        walk(d.left, path, here, variant, depth + 1);
        walk(d.right, path, here, variant, depth + 1);
        return;
      default:
        return;
    }
  };

  walk(root, "", undefined, undefined, 0);
  return [...rows].map(([path, row]) => ({
    path,
    type: row.types.join(" | "),
    defaultText: row.defaultText,
    description: [row.only.length > 0 ? `(only with ${row.only.join(", ")})` : "", ...describe(row.descriptions)].filter(Boolean).join(" "),
  }));
}

/** One description, or each variant's own when they differ. */
function describe(descriptions: ReadonlyMap<string, readonly string[]>): string[] {
  if (descriptions.size <= 1) return [...descriptions.keys()];
  return [...descriptions].map(([text, variants]) => (variants.length > 0 ? `${variants.join(", ")}: ${text}` : text));
}

/** The key whose literal value tells the options of a union of objects apart (`type`, `provider`). */
function discriminator(options: readonly unknown[]): string | undefined {
  const shapes = options.map((o) => def(unwrap(o).schema)).filter((d) => d.type === "object");
  if (shapes.length !== options.length || shapes.length < 2) return undefined;
  const keys = Object.keys(shapes[0].shape as Record<string, unknown>);
  return keys.find((key) => options.every((o) => literalOf(o, key) !== undefined));
}

function literalOf(option: unknown, key: string): unknown {
  const field = (def(unwrap(option).schema).shape as Record<string, unknown> | undefined)?.[key];
  if (!field) return undefined;
  const d = def(unwrap(field).schema);
  return d.type === "literal" ? (d.values as unknown[]) : undefined;
}

/** The name of the first named schema on the way from `schema` through its wrappers. */
function nameOf(schema: unknown, named: ReadonlyMap<unknown, string>): string | undefined {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const name = named.get(current);
    if (name) return name;
    const d = def(current);
    if (WRAPPERS.has(d.type)) current = d.innerType;
    else if (d.type === "pipe") current = def(d.in).type === "transform" ? d.out : d.in;
    else return undefined;
  }
  return undefined;
}

/** The schema under presence wrappers, pipes and lazies, with the default a wrapper supplies. */
function unwrap(schema: unknown): { schema: unknown; defaultText: string } {
  let current = schema;
  let optional = false;
  let defaultText: string | undefined;
  for (let i = 0; i < 20; i++) {
    const d = def(current);
    if (WRAPPERS.has(d.type)) {
      if (d.type === "optional" || d.type === "nullable") optional = true;
      if ((d.type === "default" || d.type === "prefault") && defaultText === undefined) {
        defaultText = `\`${JSON.stringify(d.defaultValue)}\``;
      }
      current = d.innerType;
    } else if (d.type === "pipe") current = def(d.in).type === "transform" ? d.out : d.in;
    else if (d.type === "lazy") current = (d.getter as () => unknown)();
    else break;
  }
  return { schema: current, defaultText: defaultText ?? (optional ? "none" : "required") };
}

/** A short type for the reference: `string`, `"a" \| "b"`, `list of …`, or the name of a shared schema. */
function typeText(schema: unknown, named: ReadonlyMap<unknown, string>, sharedNames: ReadonlyMap<unknown, string>, depth = 0): string {
  const { schema: inner } = unwrap(schema);
  if (sharedNames.has(inner)) return sharedLink(sharedNames.get(inner) ?? "");
  const name = nameOf(schema, named);
  const d = def(inner);
  if (name && d.type !== "object") return sharedLabel(name);
  if (depth > 3) return d.type;
  switch (d.type) {
    case "string":
      return d.format ? `string (${d.format})` : "string";
    case "number":
      return d.format === "safeint" || d.format === "int32" ? "integer" : "number";
    case "literal":
      return (d.values as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
    case "enum":
      return Object.values(d.entries as Record<string, unknown>)
        .map((v) => JSON.stringify(v))
        .join(" | ");
    case "array":
      return `list of ${typeText(d.element, named, sharedNames, depth + 1)}`;
    case "record":
      return `map of ${typeText(d.valueType, named, sharedNames, depth + 1)}`;
    case "union": {
      const parts = [...new Set((d.options as unknown[]).map((o) => typeText(o, named, sharedNames, depth + 1)))];
      return parts.join(" | ");
    }
    case "object":
      return name ? sharedLabel(name) : "object";
    default:
      return d.type;
  }
}

function sharedLink(label: string): string {
  return `[${label}](#${label.replace(/ /g, "-")})`;
}

/** `secretRefSchema` -> "secret ref". */
function sharedLabel(constant: string): string {
  return constant
    .replace(/^.*#/, "")
    .replace(/Schema$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

/** The spec reference: the top-level fields, one table per section, then the shared types. */
export function renderSpecReference(reference: ReturnType<typeof specFields>): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const table = (rows: readonly SpecField[]) => [
    "| field | type | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows.map(
      (r) => `| \`${r.path}\` | ${cell(r.type).replace(/\\\|(?=[^\]]*\]\()/g, "|")} | ${cell(r.defaultText)} | ${cell(r.description)} |`,
    ),
  ];
  const sections = new Map<string, SpecField[]>();
  for (const field of reference.fields) {
    const top = field.path.includes(".") || field.path.includes("[") ? field.path.split(/[.[]/)[0] : "top level";
    sections.set(top, [...(sections.get(top) ?? []), field]);
  }
  // A section's own row (its type and meaning) heads its table.
  for (const [top, rows] of sections) {
    if (top === "top level") continue;
    const own = reference.fields.find((f) => f.path === top);
    if (own) {
      sections.set(top, [own, ...rows]);
      sections.set(
        "top level",
        (sections.get("top level") ?? []).filter((f) => f !== own),
      );
    }
  }
  const anchor = (title: string) => title.toLowerCase().replace(/ /g, "-");
  const titles = [...sections.keys(), ...(reference.shared.length > 0 ? ["shared types"] : [])];
  const lines = [
    "# Environment spec reference",
    "",
    "Generated by `npm run docs` from the zod schemas in `src/spec/` and their doc comments; do not edit by hand.",
    '`[]` marks the items of a list, `<name>` the keys of a map; "only with" names the variants a field belongs to.',
    "Unknown keys are errors. `monitoring-stack validate` runs the cross-field checks a table cannot show;",
    "`monitoring-stack schema` prints the same spec as JSON Schema.",
    "",
    `Contents: ${titles.map((t) => `[${t}](#${anchor(t)})`).join(" · ")}`,
    "",
  ];
  for (const [top, rows] of sections) lines.push(`## ${top}`, "", ...table(rows), "");
  if (reference.shared.length > 0) {
    lines.push("## shared types", "", "Types used by several fields, listed once.", "");
    for (const shared of reference.shared) lines.push(`### ${shared.name}`, "", ...table(shared.fields), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
