import type { TerraformJson } from "./synth";

/** Data sources whose result is a secret value (they would store it in state). */
const SECRET_DATA_SOURCES = [
  "aws_ssm_parameter",
  "aws_secretsmanager_secret_version",
  "google_secret_manager_secret_version",
  "azurerm_key_vault_secret",
];

/** The addresses in a stack that evaluate to a secret: secret data sources, ephemeral resources, sensitive variables, integration keys. */
function secretSources(stack: TerraformJson): RegExp {
  const variables = Object.entries(stack.variable ?? {})
    .filter(([, v]) => (v as { sensitive?: boolean }).sensitive)
    .map(([name]) => `var\\.${name}\\b`);
  return new RegExp(
    [
      `data\\.(${SECRET_DATA_SOURCES.join("|")})\\.`,
      "ephemeral\\.",
      "pagerduty_service_integration\\.[^.]+\\.integration_key",
      ...variables,
    ].join("|"),
  );
}

export interface Use {
  /** `<block>.<type>.<name>` or `provider.<name>`, `output.<name>`, `locals.<name>`. */
  readonly where: string;
  readonly type: string;
  readonly argument: string;
  readonly path: readonly string[];
}

/** Every place a secret-derived value flows into, following locals that carry one. */
export function secretUses(stack: TerraformJson): Use[] {
  let sources = secretSources(stack);
  const uses: Use[] = [];
  const walk = (value: unknown, visit: (path: string[]) => void, path: string[] = []) => {
    if (typeof value === "string") {
      if (sources.test(value)) visit(path);
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, visit, [...path, String(i)]);
    } else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (k !== "//") walk(v, visit, [...path, k]);
  };
  // Locals that hold a secret make every reader of the local a secret use too.
  const secretLocals = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, value] of Object.entries(stack.locals ?? {})) {
      if (secretLocals.has(name)) continue;
      walk(value, () => secretLocals.add(name));
      if (secretLocals.has(name)) {
        changed = true;
        sources = new RegExp(`${sources.source}|local\\.${name}\\b`);
      }
    }
  }
  for (const block of ["resource", "data", "ephemeral"] as const)
    for (const [type, byName] of Object.entries(stack[block] ?? {}))
      for (const [name, body] of Object.entries(byName as Record<string, unknown>))
        walk(body, (path) => uses.push({ where: `${block}.${type}.${name}`, type: `${block}:${type}`, argument: path[0], path }));
  for (const [name, configs] of Object.entries(stack.provider ?? {}))
    walk(configs, (path) => uses.push({ where: `provider.${name}`, type: "provider", argument: path[1] ?? "", path }));
  for (const [name, body] of Object.entries(stack.output ?? {}))
    walk(body, (path) => uses.push({ where: `output.${name}`, type: "output", argument: path[0], path }));
  for (const name of secretLocals) uses.push({ where: `locals.${name}`, type: "locals", argument: name, path: [] });
  return uses;
}
