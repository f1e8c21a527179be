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
      /** An existing Kubernetes Secret, mounted into the component that needs it (never copied). */
      kubernetesSecret: z.strictObject({
        name: z.string().min(1),
        key: z.string().min(1),
        /** @default - the monitoring namespace */
        namespace: z.string().min(1).optional(),
      }),
    }),
  ],
  {
    error: (issue) =>
      typeof issue.input === "string"
        ? "expected a secret reference ({ terraformVariable }, { ssmParameter }, { secretsManager } or { kubernetesSecret }); a literal value is not allowed here, because it would be written into the synthesized Terraform"
        : "expected exactly one of { terraformVariable }, { ssmParameter }, { secretsManager [, jsonKey] } or { kubernetesSecret: { name, key [, namespace] } }",
  },
);

export type SecretRef = z.infer<typeof secretRefSchema>;

/** Which cloud a reference needs to be resolved, if any. */
export function secretRefCloud(ref: SecretRef): "aws" | undefined {
  return "ssmParameter" in ref || "secretsManager" in ref ? "aws" : undefined;
}
