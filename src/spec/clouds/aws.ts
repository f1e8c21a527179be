import { z } from "zod";
import { logGroupReserved } from "../../catalog/provider-names";
import type { EnvironmentSpec } from "../environment";
import { dnsLabelSchema, durationWithin, tagMapSchema, tagSelectorSchema } from "../primitives";
import { thresholdOverridesSchema } from "../thresholds";

/** Fields every watched resource shares: a logical name for alarm names, an owner and per-resource overrides. */
const watched = {
  /** Logical name used in alarm names (`<env>-<service>-<name>-<signal>-<severity>`); keep it stable. */
  name: dnsLabelSchema,
  /** Service (from `services`) the resource belongs to. @default - "platform" in alarm names */
  service: dnsLabelSchema.optional(),
  /** Threshold overrides for this resource only. @default {} */
  thresholds: thresholdOverridesSchema.prefault({}),
};

/**
 * Anomaly-detection alarms on the resource's traffic and latency metrics (a CloudWatch band learnt from the metric's
 * own history; alarms when the value leaves it). Off by default: a band needs about two weeks of data to settle.
 * @default false
 */
const anomalyDetection = z.boolean().default(false);

/** A JSON field name in structured logs, e.g. "duration_ms" or "http.status". */
const jsonField = z.string().regex(/^[A-Za-z_][\w.]*$/, 'expected a JSON field name such as "duration_ms"');

export const awsWatchSchema = z.strictObject({
  /** EC2 instances selected by tags; instances launched later with the same tags are covered too. @default [] */
  ec2: z
    .array(
      z.strictObject({
        ...watched,
        /** Instances carrying all these tags (at most 5: SSM State Manager targets at most 5 tag keys). */
        tags: tagSelectorSchema.refine((t) => Object.keys(t).length > 0 && Object.keys(t).length <= 5, "between 1 and 5 tags"),
      }),
    )
    .default([]),
  /** @default [] */
  autoScalingGroups: z
    .array(
      z.strictObject({
        ...watched,
        groupName: z.string().min(1),
        /** Target-tracking CPU utilisation for scaling. @default 60 - headroom below the 80 % alarm */
        targetCpuPercent: z.number().min(10).max(95).default(60),
      }),
    )
    .default([]),
  /** RDS instances or Aurora clusters. @default [] */
  rds: z
    .array(
      z.strictObject({
        ...watched,
        identifier: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, "expected an RDS identifier"),
        /** @default "instance" */
        kind: z.enum(["instance", "cluster"]).default("instance"),
        /**
         * The engine's `max_connections` (parameter group); the connections alarm fires at a share of it.
         * @default - none: CloudWatch only knows the connection count, so without it no connections alarm is created
         */
        maxConnections: z.number().int().positive().optional(),
      }),
    )
    .default([]),
  /** Application load balancers. @default [] */
  loadBalancers: z
    .array(
      z.strictObject({
        ...watched,
        /** Name of the ALB; its ARN suffix (the CloudWatch dimension) is looked up through a data source. */
        loadBalancerName: z.string().regex(/^[a-zA-Z0-9-]{1,32}$/, "expected an ALB name"),
        /** Anomaly bands on request count and p99 response time. @default false */
        anomalyDetection,
      }),
    )
    .default([]),
  /** @default [] */
  lambdaFunctions: z
    .array(
      z.strictObject({
        ...watched,
        functionName: z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/, "expected a Lambda function name"),
        /** The function's configured timeout, for the duration-vs-timeout alarm. @default "3s", Lambda's default */
        timeout: durationWithin("1s", "15m", "Lambda's maximum timeout").prefault("3s"),
        /** Concurrency the function may reach: its reserved concurrency, or the account's regional limit. @default 1000, the default regional limit */
        concurrencyLimit: z.number().int().positive().default(1000),
        /** Anomaly bands on invocations and p99 duration. @default false */
        anomalyDetection,
      }),
    )
    .default([]),
  /** @default [] */
  sqsQueues: z
    .array(
      z.strictObject({
        ...watched,
        queueName: z.string().regex(/^[a-zA-Z0-9_-]{1,80}(\.fifo)?$/, "expected an SQS queue name"),
        /** Dead-letter queue whose messages mean failed processing. @default - none */
        deadLetterQueueName: z
          .string()
          .regex(/^[a-zA-Z0-9_-]{1,80}(\.fifo)?$/)
          .optional(),
        /** Anomaly band on messages sent (traffic). @default false */
        anomalyDetection,
      }),
    )
    .default([]),
  /** Application log groups the stack creates (retention and KMS encryption). @default [] */
  logGroups: z
    .array(
      z.strictObject({
        ...watched,
        logGroupName: z
          .string()
          .regex(/^[\w\-/.#]{1,512}$/, "expected a CloudWatch log group name: 1-512 letters, digits and _-/.#")
          .refine(
            (name) => !logGroupReserved(name),
            'expected a log group name not starting with "aws/", which CloudWatch Logs reserves for AWS services',
          ),
        /** @default - the environment's log retention */
        retention: durationWithin("1d", "3653d", "CloudWatch Logs keeps 1 day to 10 years").optional(),
        /**
         * Log files on the monitored instances that the CloudWatch agent ships into this group (globs), on instances of
         * the same service (or on all monitored instances when the group has no service). @default [] - nothing shipped
         */
        files: z.array(z.string().startsWith("/", "expected an absolute path or glob such as /var/log/app/*.log")).default([]),
        /** Field names of the structured JSON logs, for metric filters and saved queries. @default - see each field */
        fields: z
          .strictObject({
            /** @default "level" - error lines have the value "error" */
            level: jsonField.default("level"),
            /** @default "status" - HTTP status code */
            status: jsonField.default("status"),
            /** @default "duration_ms" - request duration in milliseconds */
            durationMs: jsonField.default("duration_ms"),
            /** @default "path" - request path */
            path: jsonField.default("path"),
            /** @default "request_id" */
            requestId: jsonField.default("request_id"),
            /** @default "message" */
            message: jsonField.default("message"),
          })
          .prefault({}),
      }),
    )
    .default([]),
});

export const awsCloudSchema = z.strictObject({
  provider: z.literal("aws"),
  region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'expected an AWS region such as "eu-west-1"'),
  /** Accept a region missing from src/catalog/regions.ts (one opened after this release). @default false */
  newRegion: z.boolean().default(false),
  /** Guards against deploying to the wrong account (provider `allowed_account_ids`). @default - any account */
  accountId: z
    .string()
    .regex(/^\d{12}$/, "expected a 12-digit AWS account id")
    .optional(),
  /** Tags put on every AWS resource the stack creates. @default {} */
  tags: tagMapSchema.default({}),
  /** Resources to watch with CloudWatch alarms. @default {} */
  watch: awsWatchSchema.prefault({}),
  /**
   * CloudTrail into an encrypted log group (and S3 bucket), with CIS-benchmark alarms on root use, IAM policy
   * changes, trail changes, KMS keys disabled or scheduled for deletion, console sign-in failures and unauthorized
   * API calls. Set `{}` to turn it on. @default - no audit trail
   */
  auditTrail: z
    .strictObject({
      /** How long the trail's log group keeps events (rounded up to a value CloudWatch allows). @default "365d" */
      retention: durationWithin("1d", "3653d", "CloudWatch Logs keeps 1 day to 10 years").prefault("365d"),
      /** Record every region, not only `region`. @default true */
      multiRegion: z.boolean().default(true),
      /**
       * S3 Object Lock on the trail bucket: every log file is write-once for `retention` (`COMPLIANCE`: not even the
       * root user can delete it; `GOVERNANCE`: principals with `s3:BypassGovernanceRetention` can). Chosen when the
       * bucket is created: changing it later plans a new bucket. @default - no object lock (versioning and the
       * bucket policy protect the files)
       */
      objectLock: z.enum(["GOVERNANCE", "COMPLIANCE"]).optional(),
    })
    .optional(),
  /** CloudWatch dashboards of the watched resources (split every 500 widgets). @default true */
  dashboard: z.boolean().default(true),
});

export type AwsCloudSpec = z.output<typeof awsCloudSchema>;
export type AwsWatchSpec = z.output<typeof awsWatchSchema>;

/**
 * AWS-specific cross checks: watched resources name existing services, and channels delivered through SNS carry
 * credentials Terraform can read (an SNS subscription needs the endpoint at apply time; a Kubernetes Secret is
 * only readable inside the cluster).
 */
export function checkAwsEnvironment(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const cloud = env.cloud;
  if (cloud?.provider !== "aws") return;
  const serviceNames = new Set(env.services.map((s) => s.name));
  for (const [kind, resources] of Object.entries(cloud.watch)) {
    resources.forEach((resource: { service?: string }, i: number) => {
      if (resource.service && !serviceNames.has(resource.service)) {
        ctx.addIssue({
          code: "custom",
          path: ["cloud", "watch", kind, i, "service"],
          message: `expected the name of a service in 'services' (${[...serviceNames].join(", ") || "none defined"}), received "${resource.service}"`,
        });
      }
    });
  }
  env.channels.forEach((channel, i) => {
    const ref = channel.type === "pagerduty" ? channel.routingKey : channel.type === "webhook" ? channel.url : undefined;
    if (ref && "kubernetesSecret" in ref) {
      ctx.addIssue({
        code: "custom",
        path: ["channels", i, channel.type === "pagerduty" ? "routingKey" : "url"],
        message:
          "this channel also receives CloudWatch alarms through an SNS subscription, which needs the secret in Terraform; use { terraformVariable }, { ssmParameter } or { secretsManager } instead of { kubernetesSecret }",
      });
    }
  });
}
