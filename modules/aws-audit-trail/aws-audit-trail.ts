import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import type { MetricAlarmDefinition } from "../../src/render/aws/alarm-types";
import { LOG_RETENTION_DAYS, type LogRetentionDays, type MetricFilterDefinition } from "../../src/render/aws/logs";
import { AwsAlarms } from "../aws-alarms/aws-alarms";
import { accountContext, LogMetricFilters, logsKeyStatements } from "../aws-logs/aws-logs";

export interface AwsAuditTrailProps {
  /** Trail name, also the prefix of the bucket, log group and key alias (e.g. "prod-audit"). */
  readonly name: string;
  /** Retention of the trail's log group (a value CloudWatch accepts, see `logRetentionDays`). @default 365 */
  readonly retentionDays?: LogRetentionDays;
  /** Record every region. @default true */
  readonly multiRegion?: boolean;
  /**
   * S3 Object Lock mode for the log files, retained for `retentionDays` (set when the bucket is created).
   * @default - no object lock
   */
  readonly objectLock?: "GOVERNANCE" | "COMPLIANCE";
  /** Metric filters on the trail's log group; their `logGroupName` must be `logGroupName`. @default [] */
  readonly metricFilters?: readonly MetricFilterDefinition[];
  /** Alarms on the filters' metrics (see `renderAuditTrail`). @default [] */
  readonly alarms?: readonly MetricAlarmDefinition[];
  /** @default 30 - days */
  readonly keyDeletionWindowDays?: number;
}

/**
 * CloudTrail into a KMS-encrypted CloudWatch log group and a private, encrypted S3 bucket, with metric filters
 * and alarms on the events that matter (CIS benchmark: root use, IAM policy changes, trail changes, KMS keys disabled
 * or scheduled for deletion, sign-in failures, denied calls). The bucket keeps the files for the retention (lifecycle),
 * optionally write-once (S3 Object Lock).
 */
export class AwsAuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;
  readonly bucket: S3Bucket;
  readonly key: KmsKey;
  /** The trail's log group name: `/aws/cloudtrail/<name>`. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: AwsAuditTrailProps) {
    super(scope, id);
    const retention = props.retentionDays ?? 365;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
      throw new Error(`retentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, received ${retention}`);
    }
    const ctx = accountContext(this);
    const { account, partition, region } = ctx;
    this.logGroupName = `/aws/cloudtrail/${props.name}`;
    const trailArn = `arn:${partition}:cloudtrail:${region}:${account}:trail/${props.name}`;
    const fromThisTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] };

    const keyPolicy = new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        ...logsKeyStatements(ctx, this.logGroupName),
        {
          sid: "CloudTrailEncryptsLogFiles",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey*"],
          resources: ["*"],
          condition: [
            fromThisTrail,
            {
              test: "StringLike",
              variable: "kms:EncryptionContext:aws:cloudtrail:arn",
              values: [`arn:${partition}:cloudtrail:*:${account}:trail/*`],
            },
          ],
        },
        {
          // The bucket encrypts with an S3 Bucket Key (one data key per bucket instead of a KMS call per log file):
          // CloudTrail then needs kms:Decrypt on the key to create or update the trail (CloudTrail's KMS key policy docs).
          sid: "CloudTrailDecryptsForBucketKey",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["kms:Decrypt"],
          resources: ["*"],
          condition: [fromThisTrail],
        },
        {
          sid: "CloudTrailDescribesKey",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["kms:DescribeKey"],
          resources: ["*"],
        },
      ],
    });
    this.key = new KmsKey(this, "key", {
      description: `Encrypts the ${props.name} audit trail`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, "key-alias", { name: `alias/${props.name}`, targetKeyId: this.key.keyId });

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: this.logGroupName,
      retentionInDays: retention,
      kmsKeyId: this.key.arn,
    });

    // The bucket CloudTrail requires: private, encrypted with the key, objects owned by the bucket owner.
    this.bucket = new S3Bucket(this, "bucket", {
      bucketPrefix: `${props.name.slice(0, 30)}-`,
      forceDestroy: false,
      objectLockEnabled: props.objectLock !== undefined,
    });
    new S3BucketPublicAccessBlock(this, "bucket-public-access", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "bucket-ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const versioning = new S3BucketVersioningA(this, "bucket-versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, "bucket-object-lock", {
        bucket: this.bucket.id,
        rule: { defaultRetention: { mode: props.objectLock, days: retention } },
        dependsOn: [versioning],
      });
    }
    // The files live as long as the log group's events; replaced or deleted versions a month more (a delete marker
    // is placed at expiry, and a locked version stays until its retention ends).
    new S3BucketLifecycleConfiguration(this, "bucket-lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "retention",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: retention }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
      dependsOn: [versioning],
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "bucket-encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    const bucketPolicy = new DataAwsIamPolicyDocument(this, "bucket-policy-document", {
      statement: [
        {
          sid: "CloudTrailChecksAcl",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:GetBucketAcl"],
          resources: [this.bucket.arn],
          condition: [fromThisTrail],
        },
        {
          sid: "CloudTrailWrites",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`${this.bucket.arn}/AWSLogs/${account}/*`],
          condition: [fromThisTrail, { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] }],
        },
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
    const policy = new S3BucketPolicy(this, "bucket-policy", { bucket: this.bucket.id, policy: bucketPolicy.json });

    const assume = new DataAwsIamPolicyDocument(this, "logs-role-assume", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
        },
      ],
    });
    const role = new IamRole(this, "logs-role", { name: `${props.name}-cloudtrail-logs`, assumeRolePolicy: assume.json });
    const writeLogs = new DataAwsIamPolicyDocument(this, "logs-role-policy-document", {
      statement: [{ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.logGroup.arn}:log-stream:*`] }],
    });
    const rolePolicy = new IamRolePolicy(this, "logs-role-policy", {
      name: "write-trail-log-group",
      role: role.id,
      policy: writeLogs.json,
    });

    this.trail = new Cloudtrail(this, "trail", {
      name: props.name,
      s3BucketName: this.bucket.id,
      kmsKeyId: this.key.arn,
      isMultiRegionTrail: props.multiRegion ?? true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      // CreateTrail checks that it may write to the bucket and that the role may write to the log group: both policies
      // must exist first, and the trail references neither.
      dependsOn: [policy, rolePolicy],
    });

    const filters = props.metricFilters ?? [];
    for (const f of filters) {
      if (f.logGroupName !== this.logGroupName) {
        throw new Error(`metric filter "${f.name}" is for log group "${f.logGroupName}", not the trail's "${this.logGroupName}"`);
      }
    }
    new LogMetricFilters(this, "metric-filters", { filters, logGroupRef: () => this.logGroup.name });
    if ((props.alarms ?? []).length > 0) new AwsAlarms(this, "alarms", { alarms: props.alarms ?? [] });
  }
}
