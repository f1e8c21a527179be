import { z } from "zod";
import { s3BucketNameProblem } from "../catalog/provider-names";

export const localBackendSchema = z.strictObject({
  type: z.literal("local"),
});

export const s3BackendSchema = z.strictObject({
  type: z.literal("s3"),
  bucket: z.string().check((ctx) => {
    const problem = s3BucketNameProblem(ctx.value);
    if (problem)
      ctx.issues.push({
        code: "custom",
        message: `expected an S3 bucket name: ${problem}, received ${JSON.stringify(ctx.value)}`,
        input: ctx.value,
      });
  }),
  /** Region of the bucket. @default - the environment's AWS region */
  region: z.string().min(1).optional(),
  /** DynamoDB table used for state locking (partition key "LockID"). */
  dynamodbTable: z.string().min(3).max(255),
  /** Prefix of the state key; the key is <prefix>/<env>/terraform.tfstate. @default "monitoring" */
  keyPrefix: z.string().min(1).default("monitoring"),
});

/** Where Terraform keeps this environment's state. @default { type: "local" } */
export const backendSchema = z.discriminatedUnion("type", [localBackendSchema, s3BackendSchema]);

export type BackendSpec = z.output<typeof backendSchema>;
