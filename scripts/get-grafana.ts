/**
 * Offline replacement for `cdktf get` for the Grafana provider (no Terraform or network needed).
 *
 * Usage: npx tsx scripts/get-grafana.ts [schema.json] [--out <dir>]
 *   schema.json: output of `terraform providers schema -json`
 *   (default: ../shared/reference/terraform-providers/grafana-4.40.1.schema.json, relative to the project root)
 *
 * Keeps the provider block plus RESOURCES and writes TypeScript bindings to .gen/providers/grafana,
 * the same place `cdktf get` writes them (cdktf.json: codeMakerOutput ".gen").
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ProviderSchema } from "@cdktf/commons";

const PROVIDER = "grafana/grafana@~> 4.40"; // same constraint as cdktf.json "terraformProviders"
const FQPN = "registry.terraform.io/grafana/grafana";
const RESOURCES = [
  "grafana_folder",
  "grafana_dashboard",
  "grafana_data_source",
  "grafana_contact_point",
  "grafana_notification_policy",
  "grafana_rule_group",
  "grafana_message_template",
  "grafana_mute_timing",
];

// process.argv[1] is this script; avoids import.meta so it runs whether or not package.json is "type": "module".
const projectRoot = path.resolve(process.argv[1] ?? "scripts/get-grafana.ts", "../..");
const { values: options, positionals } = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true });
const schemaPath = path.resolve(
  positionals[0] ?? path.join(projectRoot, "../shared/reference/terraform-providers/grafana-4.40.1.schema.json"),
);
/** `--out` writes elsewhere (the freshness test compares that with the committed bindings). @default ".gen" */
const outDir = path.resolve(options.out ?? path.join(projectRoot, ".gen"));
const providerDir = path.join(outDir, "providers", "grafana");

async function main(): Promise<void> {
  if (!fs.existsSync(schemaPath)) {
    console.error(`Schema file not found: ${schemaPath}\nUsage: npx tsx scripts/get-grafana.ts <schema.json> [--out <dir>]`);
    process.exit(1);
  }
  const started = Date.now();

  const full = JSON.parse(fs.readFileSync(schemaPath, "utf8")) as ProviderSchema;
  const grafana = full.provider_schemas?.[FQPN];
  if (!grafana) throw new Error(`${schemaPath} has no provider schema for ${FQPN}`);
  const resources = Object.entries(grafana.resource_schemas ?? {}).filter(([type]) => RESOURCES.includes(type));
  const missing = RESOURCES.filter((type) => !resources.some(([t]) => t === type));
  if (missing.length > 0) throw new Error(`Resources missing from schema: ${missing.join(", ")}`);

  const filtered: ProviderSchema = {
    format_version: full.format_version,
    provider_schemas: {
      [FQPN]: { provider: grafana.provider, resource_schemas: Object.fromEntries(resources), data_source_schemas: {} },
    },
  };

  // @cdktf/commons reads CHECKPOINT_DISABLE when loaded and may otherwise send telemetry (e.g. when it
  // fails to run `terraform version`, which it does on load), so set it before the lazy imports.
  process.env.CHECKPOINT_DISABLE ??= "1";
  const { ConstructsMakerProviderTarget, Language } = await import("@cdktf/commons");
  const { CodeMaker, TerraformProviderConstraint, TerraformProviderGenerator } = await import("@cdktf/provider-generator");

  // Not generateProviderBindingsFromSchema(): it derives the constraint from the schema key and would emit
  // source "registry.terraform.io/grafana/grafana" with no version. An explicit constraint (what `cdktf get`
  // does) emits terraformProviderSource "grafana/grafana" and providerVersionConstraint "~> 4.40".
  const code = new CodeMaker();
  const target = new ConstructsMakerProviderTarget(new TerraformProviderConstraint(PROVIDER), Language.TYPESCRIPT);
  new TerraformProviderGenerator(code, filtered).generate(target);

  fs.rmSync(providerDir, { recursive: true, force: true });
  await code.save(outDir);

  postProcess();
  console.log(
    `Generated provider + ${resources.length} resources in ${path.relative(projectRoot, providerDir)} (${Date.now() - started} ms)`,
  );
}

/**
 * Make the output compile under the project's tsconfig (module "nodenext", noImplicitOverride):
 * - lazy-index.ts is CommonJS-only (`exports`/`require`) and unused: delete it;
 * - index.ts re-exports directories ('./folder'), which nodenext ESM rejects: use './folder/index.js';
 * - add the `override` modifiers the generator omits (ComplexList constructor parameter properties,
 *   synthesize*Attributes(), and the provider's `alias` accessors).
 */
function postProcess(): void {
  fs.rmSync(path.join(providerDir, "lazy-index.ts"), { force: true });
  const edit = (file: string, fn: (src: string) => string) =>
    fs.writeFileSync(path.join(providerDir, file), fn(fs.readFileSync(path.join(providerDir, file), "utf8")));

  edit("index.ts", (src) => src.replace(/from '\.\/([\w-]+)';/g, "from './$1/index.js';"));
  for (const dir of fs.readdirSync(providerDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    edit(`${dir.name}/index.ts`, (src) =>
      src
        .replace(/^( +constructor\(.*)$/gm, (line) => line.replaceAll("protected ", "protected override "))
        .replace(/^( +)protected (synthesizeAttributes|synthesizeHclAttributes)\(/gm, "$1protected override $2("),
    );
  }
  edit("provider/index.ts", (src) => src.replace(/^( +)public (get|set) alias\(/gm, "$1public override $2 alias("));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
