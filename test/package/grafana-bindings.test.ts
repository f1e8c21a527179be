import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { Dashboard } from "../../.gen/providers/grafana/dashboard";
import { Folder } from "../../.gen/providers/grafana/folder";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { ProviderPinning } from "../../src/terraform/provider-pinning";
import { ROOT, runTs } from "../support/run";

const SCHEMA = join(ROOT, "..", "shared", "reference", "terraform-providers", "grafana-4.40.1.schema.json");
if (!existsSync(SCHEMA)) process.stderr.write(`skipping the Grafana bindings freshness check: ${SCHEMA} is absent\n`);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe("generated Grafana provider bindings", () => {
  it("synthesize grafana/grafana resources with a pinned, fully qualified source", () => {
    const stack = new TerraformStack(Testing.app(), "grafana");
    new GrafanaProvider(stack, "grafana", { url: "https://grafana.example.com", auth: "${var.grafana_auth}" });
    const folder = new Folder(stack, "folder", { title: "Monitoring (prod)", uid: "monitoring-prod" });
    new Dashboard(stack, "dashboard", { folder: folder.uid, configJson: JSON.stringify({ title: "Overview" }) });
    Aspects.of(stack).add(new ProviderPinning());
    const json = JSON.parse(Testing.synth(stack));
    expect(json.terraform.required_providers.grafana).toEqual({ source: "grafana/grafana", version: "~> 4.40" });
    expect(Object.values(json.resource.grafana_dashboard)[0]).toMatchObject({ folder: "${grafana_folder.folder.uid}" });
  });

  it.skipIf(!existsSync(SCHEMA))(
    "are exactly what `npm run get:grafana` generates from the pinned schema (skipped without ../shared)",
    () => {
      const out = mkdtempSync(join(tmpdir(), "grafana-gen-"));
      const result = runTs("scripts/get-grafana.ts", [SCHEMA, "--out", out]);
      expect(result.status, result.stderr).toBe(0);
      const committed = join(ROOT, ".gen", "providers", "grafana");
      const fresh = join(out, "providers", "grafana");
      expect(files(fresh)).toEqual(files(committed));
      for (const file of files(committed)) {
        expect(readFileSync(join(fresh, file), "utf8"), `${file} is stale: run npm run get:grafana`).toBe(
          readFileSync(join(committed, file), "utf8"),
        );
      }
    },
  );
});
