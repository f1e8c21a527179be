import type { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import type { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct } from "constructs";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const storageBucketModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () => require("@cdktf/provider-google/lib/storage-bucket") as typeof import("@cdktf/provider-google/lib/storage-bucket"),
  );
const storageBucketIamMemberModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/storage-bucket-iam-member") as typeof import("@cdktf/provider-google/lib/storage-bucket-iam-member"),
  );

export interface GcpObjectStorageBucketProps {
  readonly project: string;
  /** Globally unique bucket name, 3-63 characters. */
  readonly name: string;
  readonly location: string;
  /** Objects are deleted this many days after they are written: the data's retention. */
  readonly expirationDays: number;
  /** Only objects whose name starts with this expire. @default "" - every object */
  readonly expirationPrefix?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Allow `terraform destroy` to delete a bucket that still holds objects. @default false */
  readonly forceDestroy?: boolean;
  /** Days a replaced or deleted object's old version is kept (object versioning). @default 7 */
  readonly noncurrentVersionDays?: number;
}

/**
 * A private GCS bucket for application data (Loki chunks and indexes): uniform bucket-level access, public access
 * prevention enforced, Google-managed encryption, object versioning (an overwrite or a deletion by mistake can be
 * undone for a week), lifecycle deletion as retention.
 */
export class GcpObjectStorageBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: GcpObjectStorageBucketProps) {
    super(scope, id);
    if (!Number.isInteger(props.expirationDays) || props.expirationDays < 1) {
      throw new Error(`'expirationDays' must be a whole number of days >= 1, received ${props.expirationDays}`);
    }
    if (!/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/.test(props.name))
      throw new Error(`'name' must be a valid bucket name, received "${props.name}"`);
    this.bucket = new (storageBucketModule().StorageBucket)(this, "bucket", {
      project: props.project,
      name: props.name,
      location: props.location,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: props.forceDestroy ?? false,
      labels: props.labels ? { ...props.labels } : undefined,
      versioning: { enabled: true },
      lifecycleRule: [
        {
          action: { type: "Delete" },
          condition: { age: props.expirationDays, ...(props.expirationPrefix ? { matchesPrefix: [props.expirationPrefix] } : {}) },
        },
        {
          // Every prefix: old versions are never data anyone reads after the grace period.
          action: { type: "Delete" },
          condition: { daysSinceNoncurrentTime: props.noncurrentVersionDays ?? 7, withState: "ARCHIVED" },
        },
      ],
    });
  }

  /** Read and write objects (no bucket administration) for a member such as `serviceAccount:<email>`. */
  grantReadWrite(id: string, member: string): StorageBucketIamMember {
    return new (storageBucketIamMemberModule().StorageBucketIamMember)(this, id, {
      bucket: this.bucket.name,
      role: "roles/storage.objectUser",
      member,
    });
  }
}
