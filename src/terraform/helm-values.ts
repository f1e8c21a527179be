import { Token } from "cdktf";
import { blockYaml } from "./block-yaml";

/**
 * Escapes template sequences that Terraform would evaluate in a string: `${` becomes `$${` and `%{` becomes `%%{`.
 * cdktf tokens (`${TfToken[...]}`) are left alone, so references to other resources still resolve.
 */
export function escapeTerraformTemplate(text: string): string {
  // Function replacers: in a replacement string, "$$" would itself collapse to "$".
  return text.replace(/\$\{(?!TfToken\[)/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * Escapes `{{` for charts that pass a value through Helm's `tpl` (Alloy's config, Grafana's additional data sources),
 * so that the text reaches the component literally.
 */
export function escapeHelmTemplate(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}

/**
 * Renders a typed Helm values object into the YAML string of a helm_release `values` entry: no line folding (long
 * strings and tokens stay whole), undefined fields dropped, Terraform template sequences escaped. Written by blockYaml:
 * the yaml package's text, in a fraction of its time.
 */
export function renderHelmValues(values: object): string {
  return escapeTerraformTemplate(blockYaml(values));
}

/**
 * Splits a values object into a document without Terraform references and one with only the fields that hold them
 * (Helm merges the two: maps key by key, a list whole, so a list with a reference moves whole). cdktf scans every
 * string that holds a reference character by character for each reference; keeping the megabytes of rules and
 * routing out of those strings keeps synth linear.
 */
export function separateTokens(values: object): object[] {
  const [plain, withTokens] = split(values);
  const base = (plain ?? {}) as object;
  return withTokens === undefined ? [base] : [base, withTokens as object];
}

function hasToken(value: unknown): boolean {
  if (typeof value === "string") return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(hasToken);
  if (value && typeof value === "object") return Object.values(value).some(hasToken);
  return false;
}

/** [the part without references, the part with them]; undefined where a side is empty. */
function split(value: unknown): [unknown, unknown] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return hasToken(value) ? [undefined, value] : [value, undefined];
  const plain: Record<string, unknown> = {};
  const tokens: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const [p, t] = split(child);
    if (p !== undefined) plain[key] = p;
    if (t !== undefined) tokens[key] = t;
  }
  return [
    Object.keys(plain).length > 0 || Object.keys(tokens).length === 0 ? plain : undefined,
    Object.keys(tokens).length > 0 ? tokens : undefined,
  ];
}
