import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run";
import { bundled, resourcesOf, synthEnvironment, type TerraformJson } from "../support/synth";

const SCHEMA = join(ROOT, "..", "shared", "reference", "terraform-providers", "grafana-4.40.1.schema.json");

/** The external Grafana's data sources that query a URL (the cloud one uses Grafana's own cloud identity). */
const urlSources = (stack: TerraformJson) => resourcesOf(stack, "grafana_data_source").filter((s) => s.url);

describe("the external Grafana's data sources", () => {
  it("prod reaches every URL through its private data source connect network: no open data source", () => {
    const sources = urlSources(synthEnvironment(bundled("prod")));
    expect(sources.map((s) => s.type).sort()).toEqual(["jaeger", "loki", "prometheus"]);
    for (const source of sources) expect(source.private_data_source_connect_network_id, source.name).toBe("pdc-shop-prod");
  });

  it("signs with SigV4, or sends basic auth or a bearer token from secret references that never reach the JSON", () => {
    const input = bundled("prod");
    input.grafana = {
      ...input.grafana,
      external: {
        url: "https://shop.grafana.net",
        auth: { terraformVariable: "grafana_auth" },
        dataSources: {
          prometheusUrl: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-0123/",
          lokiUrl: "https://loki.prod.example.com",
          jaegerUrl: "https://jaeger.prod.example.com",
          auth: {
            prometheus: {
              type: "sigv4",
              region: "eu-west-1",
              credentials: "grafana_assume_role",
              assumeRoleArn: "arn:aws:iam::123456789012:role/grafana-query",
            },
            loki: { type: "basic", user: "grafana", password: { terraformVariable: "loki_password" } },
            jaeger: { type: "bearer", token: { secretsManager: "monitoring/prod/jaeger-token" } },
          },
        },
      },
    };
    const stack = synthEnvironment(input);
    const byType = Object.fromEntries(urlSources(stack).map((s) => [s.type, s]));
    expect(JSON.parse(byType.prometheus.json_data_encoded)).toMatchObject({
      sigV4Auth: true,
      sigV4AuthType: "grafana_assume_role",
      sigV4Region: "eu-west-1",
      sigV4AssumeRoleArn: "arn:aws:iam::123456789012:role/grafana-query",
    });
    expect(byType.loki).toMatchObject({ basic_auth_enabled: true, basic_auth_username: "grafana" });
    expect(byType.loki.secure_json_data_encoded).toBe('${jsonencode({"basicAuthPassword" = var.loki_password})}');
    expect(byType.jaeger.http_headers.Authorization).toMatch(
      /^Bearer \$\{data\.aws_secretsmanager_secret_version\.[\w-]+\.secret_string\}$/,
    );
    // Only arguments the pinned provider has (its schema), when the reference data is here.
    if (existsSync(SCHEMA)) {
      const schema = JSON.parse(readFileSync(SCHEMA, "utf8"));
      const attributes = Object.values(schema.provider_schemas as Record<string, TerraformJson>)[0].resource_schemas.grafana_data_source
        .block.attributes as Record<string, { sensitive?: boolean }>;
      for (const source of Object.values(byType) as TerraformJson[]) {
        for (const key of Object.keys(source).filter((k) => !["provider", "depends_on", "//"].includes(k)))
          expect(attributes, key).toHaveProperty(key);
      }
      // The provider marks the secret-bearing arguments sensitive: plans show them as (sensitive value).
      expect(attributes.secure_json_data_encoded.sensitive).toBe(true);
      expect(attributes.http_headers.sensitive).toBe(true);
    }
  });
});
