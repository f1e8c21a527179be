import { z } from "zod";

/**
 * Where a credential lives. The spec never holds a secret value, only one of these references, so nothing secret is
 * written to the synthesized Terraform JSON (values read through data sources or variables stay in state only).
 */
export const secretRefSchema = z.union(
  [
    z.strictObject({
      /** Name of a sensitive Terraform variable the stack declares; set it with TF_VAR_<name> or a .tfvars file. */
      terraformVariable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a Terraform identifier"),
    }),
    z.strictObject({
      /** Name of an SSM Parameter Store SecureString, read through a data source. Needs an AWS cloud section. */
      ssmParameter: z.string().regex(/^\/?[A-Za-z0-9_.\-/]+$/, "expected an SSM parameter name"),
    }),
    z.strictObject({
      /** Name or ARN of a Secrets Manager secret. Needs an AWS cloud section. */
      secretsManager: z.string().min(1),
      /** Key inside a JSON secret. @default - the whole secret string */
      jsonKey: z.string().min(1).optional(),
    }),
    z.strictObject({
      /** A Secret Manager secret: its id in the environment's project, or `projects/<project>/secrets/<id>`. Needs a GCP cloud section. */
      gcpSecretManager: z
        .string()
        .regex(/^(projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/secrets\/)?[\w-]{1,255}$/, "expected a Secret Manager secret id"),
      /** @default "latest" */
      version: z
        .string()
        .regex(/^(latest|\d+)$/, 'expected "latest" or a version number')
        .optional(),
    }),
    z.strictObject({
      /** A Key Vault secret, read through data sources. Needs an Azure cloud section. */
      azureKeyVault: z.strictObject({
        vault: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/, "expected a Key Vault name"),
        resourceGroup: z.string().min(1),
        secret: z.string().regex(/^[A-Za-z0-9-]{1,127}$/, "expected a Key Vault secret name"),
      }),
    }),
    z.strictObject({
      /**
       * An existing Kubernetes Secret in the monitoring namespace (pods mount Secrets of their own namespace only),
       * mounted into the component that needs it, never copied. It must exist before the deploy: a prerequisite
       * (`monitoring-stack preflight`).
       */
      kubernetesSecret: z.strictObject({
        name: z.string().min(1),
        key: z.string().min(1),
      }),
    }),
  ],
  {
    error: (issue) =>
      typeof issue.input === "string"
        ? "expected a secret reference ({ terraformVariable }, { ssmParameter }, { secretsManager }, { gcpSecretManager }, { azureKeyVault } or { kubernetesSecret }); a literal value is not allowed here, because it would be written into the synthesized Terraform"
        : "expected exactly one of { terraformVariable }, { ssmParameter }, { secretsManager [, jsonKey] }, { gcpSecretManager [, version] }, { azureKeyVault: { vault, resourceGroup, secret } } or { kubernetesSecret: { name, key } } (a Secret in the monitoring namespace)",
  },
);

export type SecretRef = z.infer<typeof secretRefSchema>;

/** Which cloud a reference needs to be resolved, if any. */
export function secretRefCloud(ref: SecretRef): "aws" | "gcp" | "azure" | undefined {
  if ("ssmParameter" in ref || "secretsManager" in ref) return "aws";
  if ("gcpSecretManager" in ref) return "gcp";
  if ("azureKeyVault" in ref) return "azure";
  return undefined;
}
