import { TerraformStack, Testing } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { EphemeralResource } from "../../src/terraform/ephemeral-resource";
import { PERSISTED_SECRET_ARGUMENTS } from "../../src/terraform/persisted-secrets";
import { loadEnvironments } from "../../stacks/environments";
import { secretUses } from "../support/secret-uses";
import { synthEnvironments, type TerraformJson } from "../support/synth";

/** Where Terraform never stores a value: write-only arguments, provider configurations, ephemeral blocks. */
const notStored = (use: import("../support/secret-uses").Use) =>
  use.type === "provider" || use.type.startsWith("ephemeral:") || use.path.some((p) => p.endsWith("_wo"));

let stacks: Record<string, TerraformJson>;
beforeAll(() => {
  stacks = synthEnvironments(loadEnvironments());
});

describe("no secret in Terraform state", () => {
  it("every attribute that derives from a secret is write-only, ephemeral or a documented receiver without a write-only form", () => {
    const stored = Object.entries(stacks).flatMap(([env, stack]) =>
      secretUses(stack)
        .filter((use) => !notStored(use))
        .map((use) => ({ env, ...use, key: `${use.type.replace(/^resource:/, "")}.${use.argument}` })),
    );
    const undocumented = stored.filter((use) => !(use.key in PERSISTED_SECRET_ARGUMENTS));
    // What is stored is at least hidden in plans: PagerDuty's provider does not mark integration keys sensitive.
    const valueAt = (env: string, use: (typeof stored)[number]) =>
      JSON.stringify(
        use.path.reduce((node, key) => node?.[key], stacks[env][use.type.split(":")[0]][use.type.split(":")[1]][use.where.split(".")[2]]),
      );
    for (const use of stored) {
      const value = valueAt(use.env, use);
      if (value.includes("pagerduty_service_integration."))
        expect(value, `${use.env}: ${use.where}`).toMatch(/sensitive\(pagerduty_service_integration\./);
    }
    expect(stored.some((use) => valueAt(use.env, use).includes("pagerduty_service_integration."))).toBe(true);
    expect(undocumented.map((u) => `${u.env}: ${u.where} ${u.path.join(".")}`)).toEqual([]);
    // The exceptions are real: each is still needed by some bundled environment (or the list would hide a new one).
    const needed = new Set(stored.map((use) => use.key));
    for (const key of ["aws_sns_topic_subscription.endpoint", "google_monitoring_notification_channel.sensitive_labels"])
      expect(needed, key).toContain(key);
  });

  it("Kubernetes Secrets, providers and Helm values take secrets from ephemeral reads only: no secret data source remains for them", () => {
    for (const [env, stack] of Object.entries(stacks)) {
      const uses = secretUses(stack);
      const stored = (type: string) => uses.filter((u) => u.type === type && !notStored(u)).map((u) => `${u.where} ${u.path.join(".")}`);
      expect(stored("resource:kubernetes_secret_v1"), env).toEqual([]);
      expect(stored("resource:helm_release"), env).toEqual([]);
      expect(stored("output"), env).toEqual([]);
      expect(stored("locals"), env).toEqual([]);
    }
    // The bundled examples do write Secrets from references, through data_wo with a revision.
    const secrets = Object.values(stacks.prod.resource.kubernetes_secret_v1 ?? {}) as Array<Record<string, unknown>>;
    const written = secrets.filter((s) => s.data_wo);
    expect(written.length).toBeGreaterThan(0);
    for (const s of written) {
      expect(s.data).toBeUndefined();
      expect(s.data_wo_revision).toBe(1);
    }
  });

  it("reads secrets for write-only arguments with ephemeral resources, and makes variables ephemeral when nothing stores them", () => {
    expect(Object.keys(stacks.prod.ephemeral ?? {}).sort()).toEqual(["aws_secretsmanager_secret_version", "aws_ssm_parameter"]);
    // Only the SNS webhook of staging stores its variable; prod's Grafana token goes to a provider only.
    expect(stacks.prod.variable.grafana_auth.ephemeral).toBe(true);
    expect(stacks.staging.variable.incident_bot_webhook_url.ephemeral).toBe(false);
    expect(Object.keys(stacks.gcp.ephemeral ?? {})).toEqual(["google_secret_manager_secret_version"]);
    expect(Object.keys(stacks.azure.ephemeral ?? {})).toEqual(["azurerm_key_vault_secret"]);
  });

  it("refuses HCL output for ephemeral blocks, which cdktf 0.21's HCL renderer would drop silently", () => {
    const stack = new TerraformStack(Testing.app(), "hcl");
    new EphemeralResource(stack, "read", "aws_secretsmanager_secret_version", { secret_id: "x" });
    expect(Testing.synth(stack)).toContain('"ephemeral"');
    expect(() => Testing.synthHcl(stack)).toThrow(/cannot express ephemeral blocks; synthesize JSON/);
  });
});
