import { createHash } from "node:crypto";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Fn, Lazy, TerraformLocal, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import type { SecretRef } from "../src/spec";
import { EphemeralResource } from "../src/terraform/ephemeral-resource";
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

export interface SecretValuesProps {
  /** Region of the AWS provider, for the ARN of SSM parameters read ephemerally. @default - no AWS cloud section */
  readonly awsRegion?: string;
}

/**
 * Turns secret references from the spec into Terraform expressions, creating each sensitive variable, ephemeral
 * resource or data source once. Never in the synthesized JSON; `writeOnly` values never in state either.
 */
export class SecretValues extends Construct {
  private readonly cache = new Map<string, string>();
  private readonly variables = new Map<string, TerraformVariable>();
  /** Variables some persisted attribute reads: they cannot be `ephemeral`. */
  private readonly persistedVariables = new Set<string>();
  private awsAccount?: { account: string; partition: string };

  constructor(
    scope: Construct,
    id: string,
    private readonly props: SecretValuesProps = {},
  ) {
    super(scope, id);
  }

  /**
   * A Terraform expression for the secret that Terraform never stores: an ephemeral resource (or variable), for
   * write-only arguments (`data_wo`) and provider configurations only; any other argument rejects it at plan time.
   */
  writeOnly(ref: SecretRef, purpose: string): string {
    const key = `ephemeral:${JSON.stringify(ref)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const id = `ephemeral-${createHash("sha256").update(JSON.stringify(ref)).digest("hex").slice(0, 10)}`;
    let value: string;
    if ("terraformVariable" in ref) {
      value = this.variable(ref.terraformVariable, purpose).stringValue;
    } else if ("ssmParameter" in ref) {
      // The ephemeral resource takes the parameter's ARN, not its name.
      const region = this.props.awsRegion ?? failWith(`${purpose}: an SSM reference needs an AWS cloud section`);
      const { account, partition } = this.awsAccountOf();
      const path = ref.ssmParameter.startsWith("/") ? ref.ssmParameter : `/${ref.ssmParameter}`;
      value = new EphemeralResource(this, id, "aws_ssm_parameter", {
        arn: `arn:${partition}:ssm:${region}:${account}:parameter${path}`,
        with_decryption: true,
      }).attribute("value");
    } else if ("secretsManager" in ref) {
      const secret = new EphemeralResource(this, id, "aws_secretsmanager_secret_version", { secret_id: ref.secretsManager }).attribute(
        "secret_string",
      );
      value = ref.jsonKey ? Fn.lookup(Fn.jsondecode(secret), ref.jsonKey) : secret;
    } else if ("gcpSecretManager" in ref) {
      value = new EphemeralResource(this, id, "google_secret_manager_secret_version", {
        secret: this.gcpSecretName(id, ref.gcpSecretManager),
        version: ref.version ?? "latest",
      }).attribute("secret_data");
    } else if ("azureKeyVault" in ref) {
      const { vault, resourceGroup, secret } = ref.azureKeyVault;
      value = new EphemeralResource(this, id, "azurerm_key_vault_secret", {
        name: secret,
        key_vault_id: this.keyVaultId(id, vault, resourceGroup),
      }).attribute("value");
    } else {
      throw new Error(
        `${purpose} needs the secret in Terraform, but it references the Kubernetes Secret "${ref.kubernetesSecret.name}"; use { terraformVariable } or a cloud secret store for it`,
      );
    }
    this.cache.set(key, value);
    return value;
  }
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
      this.persistedVariables.add(ref.terraformVariable);
      value = this.variable(ref.terraformVariable, purpose).stringValue;
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
      const keyVaultId = this.keyVaultId(id, vault, resourceGroup);
      value = new (dataAzurermKeyVaultSecretModule().DataAzurermKeyVaultSecret)(this, id, { name: secret, keyVaultId }).value;
    } else {
      throw new Error(
        `${purpose} needs the secret in Terraform, but it references the Kubernetes Secret "${ref.kubernetesSecret.name}"; use { terraformVariable } or a cloud secret store ({ ssmParameter }, { secretsManager }, { gcpSecretManager }, { azureKeyVault }) for this channel`,
      );
    }
    this.cache.set(key, value);
    return value;
  }

  /** The sensitive variable of that name, created once on the stack; `ephemeral` when only write-only uses read it. */
  private variable(name: string, purpose: string): TerraformVariable {
    let variable = this.variables.get(name);
    if (!variable) {
      // Variables are stack-level by nature; create them on the stack so their names are exactly the spec's.
      variable = new TerraformVariable(this.stackScope(), name, {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `Secret for ${purpose}. Set it with TF_VAR_${name}; never commit it.`,
      });
      variable.addOverride("ephemeral", Lazy.anyValue({ produce: () => !this.persistedVariables.has(name) }));
      this.variables.set(name, variable);
    }
    return variable;
  }

  /** The id of a Key Vault (not secret: a data source is fine), read once per vault. */
  private keyVaultId(id: string, vault: string, resourceGroup: string): string {
    const vaultKey = `vault:${resourceGroup}/${vault}`;
    let vaultId = this.cache.get(vaultKey);
    if (!vaultId) {
      vaultId = new (dataAzurermKeyVaultModule().DataAzurermKeyVault)(this, `${id}-vault`, {
        name: vault,
        resourceGroupName: resourceGroup,
      }).id;
      this.cache.set(vaultKey, vaultId);
    }
    return vaultId;
  }

  private awsAccountOf(): { account: string; partition: string } {
    this.awsAccount ??= {
      account: new DataAwsCallerIdentity(this, "aws-account").accountId,
      partition: new DataAwsPartition(this, "aws-partition").partition,
    };
    return this.awsAccount;
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

function failWith(message: string): never {
  throw new Error(message);
}
