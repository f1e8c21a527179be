import { z } from "zod";
import {
  azureContainerNameProblem,
  azureStorageAccountNameProblem,
  gcsBucketNameProblem,
  s3BucketNameProblem,
} from "../catalog/provider-names";
import { azureResourceGroupNameSchema } from "./azure-names";

export const localBackendSchema = z.strictObject({
  type: z.literal("local"),
  /**
   * Keep state in a local file even where that is refused: an `ha` environment, or one whose spec references
   * secrets. State holds what the stack reads and creates; a local file is neither shared, locked nor encrypted.
   * @default false
   */
  allowLocalState: z.boolean().default(false),
});

/** A name checked by a provider's naming rule (src/catalog/provider-names.ts), with the rule's reason. */
const providerName = (what: string, problemOf: (name: string) => string | undefined) =>
  z.string().check((ctx) => {
    const problem = problemOf(ctx.value);
    if (problem)
      ctx.issues.push({ code: "custom", message: `expected ${what}: ${problem}, received ${JSON.stringify(ctx.value)}`, input: ctx.value });
  });

export const s3BackendSchema = z.strictObject({
  type: z.literal("s3"),
  bucket: providerName("an S3 bucket name", s3BucketNameProblem),
  /** Region of the bucket. @default - the environment's AWS region */
  region: z.string().min(1).optional(),
  /**
   * Lock the state with a lock object next to it in the bucket (S3 conditional writes, `use_lockfile`; Terraform
   * >= 1.10): no DynamoDB table to create and pay for. @default true
   */
  useLockfile: z.boolean().default(true),
  /**
   * DynamoDB table used for state locking (partition key "LockID"). Deprecated by Terraform in favour of
   * `useLockfile`; list it while moving from a table to lock files (both locks are then taken), then remove it.
   * @default - no table: the lock file alone
   */
  dynamodbTable: z.string().min(3).max(255).optional(),
  /** Prefix of the state key; the key is <prefix>/<env>/terraform.tfstate. @default "monitoring" */
  keyPrefix: z.string().min(1).default("monitoring"),
  /**
   * A customer-managed KMS key (ARN, alias ARN or key id) that encrypts the state object (SSE-KMS): reading state then
   * needs `kms:Decrypt` on that key as well as `s3:GetObject`.
   * @default - the bucket's default encryption (SSE-S3 or the bucket's own KMS key); `encrypt` is always on
   */
  kmsKeyId: z
    .string()
    .regex(
      /^(arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias\/[A-Za-z0-9/_-]+)$/,
      "expected a KMS key ARN, alias ARN, key id or alias/<name>",
    )
    .optional(),
});

export const gcsBackendSchema = z.strictObject({
  type: z.literal("gcs"),
  /** The bucket (turn on object versioning: it is the only history of the state). */
  bucket: providerName("a Cloud Storage bucket name", gcsBucketNameProblem),
  /** Prefix of the state object; the state is <prefix>/<env>/default.tfstate. @default "monitoring" */
  prefix: z.string().min(1).default("monitoring"),
  /**
   * A Cloud KMS key (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`) that encrypts the state object.
   * @default - the bucket's default encryption (Google-managed, or the bucket's default KMS key)
   */
  kmsEncryptionKey: z
    .string()
    .regex(
      /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/,
      "expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>",
    )
    .optional(),
});

export const azurermBackendSchema = z.strictObject({
  type: z.literal("azurerm"),
  /** Storage account holding the state container (locking uses blob leases). */
  storageAccountName: providerName("a storage account name", azureStorageAccountNameProblem),
  /** Blob container of the state. */
  containerName: providerName("a blob container name", azureContainerNameProblem),
  /** Resource group of the storage account. */
  resourceGroupName: azureResourceGroupNameSchema,
  /** Prefix of the state blob; the blob is <prefix>/<env>/terraform.tfstate. @default "monitoring" */
  keyPrefix: z.string().min(1).default("monitoring"),
});

/** Where Terraform keeps this environment's state. @default { type: "local" } */
export const backendSchema = z.discriminatedUnion("type", [localBackendSchema, s3BackendSchema, gcsBackendSchema, azurermBackendSchema]);

export type BackendSpec = z.output<typeof backendSchema>;
