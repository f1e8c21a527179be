import { z } from "zod";
import { azureResourceGroupNameSchema } from "./azure-names";
import { credentialKind } from "./credentials";
import { describeValue } from "./errors";
import { dnsSubdomainSchema, secretDataKeySchema } from "./primitives";

/**
 * A reference names where a credential is stored. A value that looks like the credential itself (a Slack webhook, a
 * token, a URL with `?token=`) was pasted into the wrong place: it would be written into the Terraform JSON.
 */
const notACredential = (schema: z.ZodType<string>) =>
  z.string().superRefine((value, ctx) => {
    const kind = credentialKind(value);
    if (kind) {
      ctx.addIssue({
        code: "custom",
        message: `expected the name of where the credential is stored, received what looks like the credential itself, a ${kind} (value not shown); store it there and give its name`,
      });
      return;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({
          code: "custom",
          message: issue.code === "custom" ? issue.message : `${issue.message}, received ${describeValue(value)}`,
        });
      }
    }
  });

/** Secrets Manager: a secret name, or the ARN of a secret (of Secrets Manager, not another service). */
const secretsManagerId = z.string().superRefine((value, ctx) => {
  if (value.startsWith("arn:")) {
    const service = value.split(":")[2];
    if (!/^arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/.test(value)) {
      ctx.addIssue({
        code: "custom",
        message: `expected the ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>), received an ARN of service "${service ?? ""}"`,
      });
    }
  } else if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(value)) {
    ctx.addIssue({ code: "custom", message: "expected a Secrets Manager secret name (1-512 letters, digits and / _ + = . @ -) or ARN" });
  }
});

/**
 * Where a credential lives. The spec never holds a secret value, only one of these references, so nothing secret is
 * written to the synthesized Terraform JSON (values read through data sources or variables stay in state only).
 */
export const secretRefSchema = z.union(
  [
    z.strictObject({
      /** Name of a sensitive Terraform variable the stack declares; set it with TF_VAR_<name> or a .tfvars file. */
      terraformVariable: notACredential(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a Terraform identifier")),
    }),
    z.strictObject({
      /** Name of an SSM Parameter Store SecureString, read through a data source. Needs an AWS cloud section. */
      ssmParameter: notACredential(
        z
          .string()
          .max(2048)
          .regex(/^\/?[A-Za-z0-9_.\-/]+$/, "expected an SSM parameter name (letters, digits and _ . - /; not an ARN or URL)"),
      ),
    }),
    z.strictObject({
      /** Name or ARN of a Secrets Manager secret. Needs an AWS cloud section. */
      secretsManager: notACredential(secretsManagerId),
      /** Key inside a JSON secret. @default - the whole secret string */
      jsonKey: notACredential(z.string().min(1).max(256)).optional(),
    }),
    z.strictObject({
      /** A Secret Manager secret: its id in the environment's project, or `projects/<project>/secrets/<id>`. Needs a GCP cloud section. */
      gcpSecretManager: notACredential(
        z.string().regex(/^(projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/secrets\/)?[\w-]{1,255}$/, "expected a Secret Manager secret id"),
      ),
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
        resourceGroup: azureResourceGroupNameSchema,
        secret: notACredential(z.string().regex(/^[A-Za-z0-9-]{1,127}$/, "expected a Key Vault secret name")),
      }),
    }),
    z.strictObject({
      /**
       * An existing Kubernetes Secret in the monitoring namespace (pods mount Secrets of their own namespace only),
       * mounted into the component that needs it, never copied. It must exist before the deploy: a prerequisite
       * (`monitoring-stack preflight`).
       */
      kubernetesSecret: z.strictObject({
        name: notACredential(dnsSubdomainSchema("a Kubernetes Secret name")),
        key: notACredential(secretDataKeySchema),
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

const TERRAFORM_READ_KEYS = ["terraformVariable", "ssmParameter", "secretsManager", "gcpSecretManager", "azureKeyVault"] as const;

/**
 * Every secret reference in a spec that Terraform resolves (all but `kubernetesSecret`, which the cluster mounts),
 * with its path: the spec's secrets that plans read.
 */
export function terraformSecretRefs(value: unknown, path: ReadonlyArray<string | number> = []): Array<{ path: Array<string | number> }> {
  if (Array.isArray(value)) return value.flatMap((item, i) => terraformSecretRefs(item, [...path, i]));
  if (typeof value !== "object" || value === null) return [];
  if (TERRAFORM_READ_KEYS.some((key) => key in value)) return [{ path: [...path] }];
  return Object.entries(value).flatMap(([key, item]) => terraformSecretRefs(item, [...path, key]));
}
