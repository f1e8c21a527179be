// A fast reader for the large YAML the tests parse (the rule releases of a thousand-service stack are 26 MB of values):
// js-yaml reads them some 6 times faster than the `yaml` package, which the stack renders its values with. js-yaml's
// own schemas resolve plain scalars differently (`1_000`, `0b1`, timestamps, `<<` merge keys), so it reads here with
// the YAML 1.2 core schema exactly as `yaml` resolves it (its tags' patterns, in its order); parse-yaml.test.ts checks
// both read the same values.
import { FAILSAFE_SCHEMA, load, loadAll, Type } from "js-yaml";
import { parseAllDocuments } from "yaml";

const scalar = (tag: string, pattern: RegExp, construct: (text: string) => unknown) =>
  new Type(`tag:yaml.org,2002:${tag}`, { kind: "scalar", resolve: (text: string) => pattern.test(text), construct });

const CORE_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar("null", /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar("bool", /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === "t" || text[0] === "T"),
    scalar("int", /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/, (text) =>
      text.startsWith("0o") ? parseInt(text.slice(2), 8) : text.startsWith("0x") ? parseInt(text.slice(2), 16) : parseInt(text, 10),
    ),
    scalar(
      "float",
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/,
      (text) => {
        if (text.slice(-3).toLowerCase() === "nan") return Number.NaN;
        if (text.slice(-3).toLowerCase() === "inf") return text[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
        return parseFloat(text);
      },
    ),
  ],
});

/**
 * One YAML document as `yaml`'s `parse` reads it (an empty document is null), for YAML whose mapping keys are strings,
 * as the `yaml` package prints JS objects: a null key (`~:`) reads as "null" here, "" there.
 */
export function parseYaml(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA }) ?? null;
}

/** Every document of a multi-document YAML text, as {@link parseYaml} reads one (an empty document is null). */
export function parseYamlDocuments(text: string): unknown[] {
  const documents = loadAll(text, undefined, { schema: CORE_SCHEMA }).map((doc) => doc ?? null);
  // Comments alone are one empty document to js-yaml, none to `yaml` (a chart's values.yaml that only explains itself);
  // such a stream holds no data, so `yaml` reads it at no cost.
  if (documents.length === 1 && documents[0] === null) return parseAllDocuments(text).map((doc) => doc.toJS());
  return documents;
}
