import { stringify } from "yaml";

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
 * strings and tokens stay whole), undefined fields dropped, Terraform template sequences escaped.
 */
export function renderHelmValues(values: object): string {
  return escapeTerraformTemplate(stringify(values, { lineWidth: 0, aliasDuplicateObjects: false }));
}
