import { describe, expect, it } from "vitest";
import { checkEnvironment, type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { bundled, synthEnvironments } from "../support/synth";

const backendProblems = (input: EnvironmentInput) => {
  const result = checkEnvironment(input);
  return result.ok ? [] : result.problems.filter((p) => p.path.startsWith("backend")).map((p) => `${p.path}: ${p.message}`);
};

/** dev has no secret Terraform reads (its Slack URL is a Kubernetes Secret) and the small profile: local state is fine. */
const plain = (): EnvironmentInput => bundled("dev");

describe("state backends", () => {
  it("refuses local state for the ha profile and for secret references Terraform reads, unless allowed explicitly", () => {
    expect(backendProblems(plain())).toEqual([]);
    const ha = { ...plain(), profile: "ha" as const };
    expect(backendProblems(ha)).toEqual([
      'backend: expected a remote backend (s3, gcs or azurerm) for an environment with the "ha" profile, received local state (an unshared, unlocked, unencrypted file); set backend.allowLocalState: true to keep it on purpose',
    ]);
    const secret = plain();
    secret.channels = [...secret.channels, { type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }];
    expect(backendProblems(secret)).toEqual([
      `backend: expected a remote backend (s3, gcs or azurerm) for an environment with secret references Terraform reads (channels[${secret.channels.length - 1}].url), received local state (an unshared, unlocked, unencrypted file); set backend.allowLocalState: true to keep it on purpose`,
    ]);
    // Each bundled example that reads secrets keeps its state remotely.
    for (const name of ["gcp", "azure"] as const) {
      expect(backendProblems({ ...bundled(name), backend: { type: "local" } }), name).toHaveLength(1);
      expect(backendProblems(bundled(name)), name).toEqual([]);
    }
    expect(backendProblems({ ...ha, backend: { type: "local", allowLocalState: true } })).toEqual([]);
  });

  it("writes GCS, azurerm and S3-with-KMS backends, one state per environment", () => {
    const gcs = resolveEnvironment({
      ...bundled("gcp"),
      backend: { type: "gcs", bucket: "shop-state", kmsEncryptionKey: "projects/p/locations/europe/keyRings/r/cryptoKeys/k" },
    });
    const azure = resolveEnvironment({
      ...bundled("azure"),
      backend: {
        type: "azurerm",
        storageAccountName: "shopstate",
        containerName: "tfstate",
        resourceGroupName: "state-rg",
        keyPrefix: "mon",
      },
    });
    const s3 = resolveEnvironment({
      ...bundled("staging"),
      backend: {
        type: "s3",
        bucket: "shop-terraform-state",
        dynamodbTable: "locks",
        kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
    });
    const stacks = synthEnvironments([gcs, azure, s3]);
    expect(stacks.gcp.terraform.backend).toEqual({
      gcs: { bucket: "shop-state", prefix: "monitoring/gcp", kms_encryption_key: "projects/p/locations/europe/keyRings/r/cryptoKeys/k" },
    });
    expect(stacks.azure.terraform.backend).toEqual({
      azurerm: {
        storage_account_name: "shopstate",
        container_name: "tfstate",
        resource_group_name: "state-rg",
        key: "mon/azure/terraform.tfstate",
        use_azuread_auth: true,
      },
    });
    expect(stacks.staging.terraform.backend.s3).toMatchObject({
      encrypt: true,
      kms_key_id: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      // Moving from a DynamoDB table: both locks are taken until the table is removed from the spec.
      use_lockfile: true,
      dynamodb_table: "locks",
    });
  });

  it("locks S3 state with a lock file by default (no DynamoDB table), and refuses S3 state without any lock", () => {
    const stacks = synthEnvironments([
      resolveEnvironment({ ...bundled("staging"), backend: { type: "s3", bucket: "shop-terraform-state" } }),
    ]);
    const s3 = stacks.staging.terraform.backend.s3;
    expect(s3.use_lockfile).toBe(true);
    expect(s3).not.toHaveProperty("dynamodb_table");
    expect(backendProblems({ ...bundled("staging"), backend: { type: "s3", bucket: "shop-terraform-state", useLockfile: false } })).toEqual(
      [
        "backend.useLockfile: expected state locking: useLockfile true (the default) or a dynamodbTable, received neither (two applies at once would corrupt the state)",
      ],
    );
    expect(
      backendProblems({
        ...bundled("staging"),
        backend: { type: "s3", bucket: "shop-terraform-state", useLockfile: false, dynamodbTable: "locks" },
      }),
    ).toEqual([]);
  });

  it("rejects malformed backend settings with the path and what is expected", () => {
    expect(
      backendProblems({ ...bundled("staging"), backend: { type: "s3", bucket: "b-state", dynamodbTable: "locks", kmsKeyId: "my key" } }),
    ).toEqual(['backend.kmsKeyId: expected a KMS key ARN, alias ARN, key id or alias/<name>, received the string "my key"']);
    expect(backendProblems({ ...bundled("gcp"), backend: { type: "gcs", bucket: "shop-state", kmsEncryptionKey: "keyRings/r" } })).toEqual([
      'backend.kmsEncryptionKey: expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>, received the string "keyRings/r"',
    ]);
    expect(
      backendProblems({
        ...bundled("azure"),
        backend: { type: "azurerm", storageAccountName: "Shop_State", containerName: "tfstate", resourceGroupName: "rg" },
      }),
    ).toEqual([
      'backend.storageAccountName: expected a storage account name: a storage account name has 3 to 24 lower-case letters and digits, received "Shop_State"',
    ]);
  });
});
