import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { bundled, synthEnvironment, synthEnvironments, type TerraformJson } from "../support/synth";

/** Patterns of credentials that must never appear as literals in synthesized Terraform. */
const SECRET_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ["Slack webhook", /hooks\.slack\.com\/services\/[A-Za-z0-9]/],
  ["AWS access key", /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["PagerDuty integration key", /events\.pagerduty\.com\/integration\/[a-z0-9]{32}\b/],
  ["bearer token", /\bBearer\s+[A-Za-z0-9._-]{20,}/],
];
const SECRET_KEYS = /^(password|secret|token|api_key|apikey|routing_key|integration_key|webhook_url|client_secret)$/i;

/** Every suspicious literal in a JSON document: pattern hits, and secret-named keys holding plain strings. */
function secretLiterals(document: TerraformJson): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      for (const [what, pattern] of SECRET_PATTERNS) if (pattern.test(value)) found.push(`${what} at ${path}`);
      const key = path.split(".").pop() ?? "";
      if (SECRET_KEYS.test(key) && value.length >= 6 && !value.includes("${")) found.push(`literal under "${key}" at ${path}`);
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`);
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(document, "");
  return found;
}

describe("no secret in synthesized output", () => {
  it("the scanner catches literals (so that a clean result means something)", () => {
    expect(secretLiterals({ a: { url: "https://hooks.slack.com/services/T0/B0/abc" } })).toHaveLength(1);
    expect(secretLiterals({ a: { routing_key: "0123456789abcdef" } })).toHaveLength(1);
    expect(secretLiterals({ a: { routing_key: "${var.pd_key}" } })).toHaveLength(0);
  });

  it.each(Object.keys(BUNDLED_ENVIRONMENTS))("the %s stack holds no secret-looking literal", (env) => {
    const stacks = synthEnvironments([resolveEnvironment(BUNDLED_ENVIRONMENTS[env])]);
    expect(secretLiterals(stacks[env])).toEqual([]);
  });

  it("secrets given as Terraform variables become sensitive variables, referenced not copied", () => {
    const spec = bundled("prod");
    spec.channels = [{ type: "webhook", name: "hook", url: { terraformVariable: "incident_webhook_url" } }];
    spec.oncall = undefined; // its PagerDuty subscriptions reference integration keys, tested with on-call
    const stack = synthEnvironment(spec);
    expect(stack.variable.incident_webhook_url).toMatchObject({ sensitive: true, type: "string", nullable: false });
    const endpoints = Object.values(stack.resource.aws_sns_topic_subscription).map((s) => (s as TerraformJson).endpoint);
    expect(new Set(endpoints)).toEqual(new Set(["${var.incident_webhook_url}"]));
  });

  it("covers the stacks of every cloud (AWS, Google Cloud, Azure)", () => {
    const providers = Object.keys(BUNDLED_ENVIRONMENTS).flatMap((env) =>
      Object.keys(synthEnvironments([resolveEnvironment(BUNDLED_ENVIRONMENTS[env])])[env].provider ?? {}),
    );
    expect(providers).toEqual(expect.arrayContaining(["aws", "google", "azurerm"]));
  });

  it("channel credentials on Google Cloud and Azure are references to Secret Manager, Key Vault or variables", () => {
    const gcp = synthEnvironments([resolveEnvironment(BUNDLED_ENVIRONMENTS.gcp)]).gcp;
    const channels = Object.values(gcp.resource.google_monitoring_notification_channel) as TerraformJson[];
    const sensitive = channels.flatMap((c) => Object.values(c.sensitive_labels ?? {}));
    expect(sensitive.length).toBeGreaterThan(0);
    for (const value of sensitive) expect(value).toMatch(/^\$\{data\.google_secret_manager_secret_version\.[^}]+\.secret_data\}$/);
    // Each data source reads the secret the spec names, through the one list of names the stack reads.
    const names = gcp.locals.gcp_secret_names as Record<string, string>;
    // Data sources for the channels Cloud Monitoring keeps, ephemeral reads for everything written write-only.
    const reads = {
      ...gcp.data.google_secret_manager_secret_version,
      ...gcp.ephemeral.google_secret_manager_secret_version,
    } as Record<string, TerraformJson>;
    const specNames = JSON.stringify(BUNDLED_ENVIRONMENTS.gcp).match(/(?<="gcpSecretManager":")[^"]+/g) ?? [];
    expect([...new Set(Object.values(names))].sort()).toEqual([...new Set(specNames)].sort());
    for (const read of Object.values(reads)) {
      const key = /^\$\{local\.gcp_secret_names\["([^"]+)"\]\}$/.exec(read.secret)?.[1];
      expect(names[key ?? ""], read.secret).toBeDefined();
    }
    expect(Object.keys(reads)).toHaveLength(Object.keys(names).length);
    const azure = synthEnvironments([resolveEnvironment(BUNDLED_ENVIRONMENTS.azure)]).azure;
    const uris = (Object.values(azure.resource.azurerm_monitor_action_group) as TerraformJson[]).flatMap((g) =>
      g.webhook_receiver.map((r: TerraformJson) => r.service_uri),
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toMatch(/\$\{(data\.azurerm_key_vault_secret\.[^}]+\.value|var\.incident_webhook_url)\}/);
  });

  it("secrets in SSM are read through a decrypting data source", () => {
    const spec = bundled("staging");
    spec.channels = [{ type: "webhook", name: "hook", url: { ssmParameter: "/monitoring/hook" } }];
    const stack = synthEnvironment(spec);
    const [parameter] = Object.values(stack.data.aws_ssm_parameter) as TerraformJson[];
    expect(parameter).toMatchObject({ name: "/monitoring/hook", with_decryption: true });
  });
});
