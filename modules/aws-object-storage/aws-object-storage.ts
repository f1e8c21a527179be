import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";

export interface AwsObjectStorageBucketProps {
  /** Bucket name prefix (AWS appends a unique suffix), at most 37 characters. */
  readonly bucketPrefix: string;
  /** Objects are deleted this many days after they are written: the data's retention. */
  readonly expirationDays: number;
  /** Only objects whose key starts with this expire. @default "" - every object */
  readonly expirationPrefix?: string;
  /** Days a replaced or deleted object version is kept (versioning guards against mistakes). @default 7 */
  readonly noncurrentVersionDays?: number;
  /** Allow `terraform destroy` to delete a bucket that still holds objects. @default false */
  readonly forceDestroy?: boolean;
}

/**
 * A private S3 bucket for application data (Loki chunks and indexes): KMS encryption (AWS-managed key, bucket key on),
 * versioning, public access blocked, owner-enforced ACLs, TLS-only policy, lifecycle expiry as retention.
 */
export class AwsObjectStorageBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: AwsObjectStorageBucketProps) {
    super(scope, id);
    if (!Number.isInteger(props.expirationDays) || props.expirationDays < 1) {
      throw new Error(`'expirationDays' must be a whole number of days >= 1, received ${props.expirationDays}`);
    }
    if (props.bucketPrefix.length > 37) throw new Error(`'bucketPrefix' must be at most 37 characters, received "${props.bucketPrefix}"`);
    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: props.bucketPrefix, forceDestroy: props.forceDestroy ?? false });
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
    });
    new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "retention",
          status: "Enabled",
          filter: [{ prefix: props.expirationPrefix ?? "" }],
          expiration: [{ days: props.expirationDays }],
        },
        {
          // Every prefix: old versions and abandoned uploads are never data anyone reads.
          id: "versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 7 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, "tls-only", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "policy", { bucket, policy: tlsOnly.json });
  }

  /** Read, write, list and delete objects: what Loki's service account needs. */
  readWriteStatements(): DataAwsIamPolicyDocumentStatement[] {
    return [
      { sid: "ListBucket", actions: ["s3:ListBucket"], resources: [this.bucket.arn] },
      { sid: "ReadWriteObjects", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [`${this.bucket.arn}/*`] },
    ];
  }
}
