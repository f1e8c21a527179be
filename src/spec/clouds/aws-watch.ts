import { z } from "zod";
import { logGroupReserved } from "../../catalog/provider-names";
import { dnsLabelSchema, durationWithin, tagSelectorSchema } from "../primitives";
import { thresholdOverridesSchema } from "../thresholds";
import { jsonFieldsSchema } from "./shared";

/**
 * One schema per kind of AWS resource `cloud.watch` can list. The registry of watch kinds
 * (src/catalog/cloudwatch/registry.ts) pairs each with its presets, doc label and dashboard rows, and builds
 * `cloud.watch` from them: a new kind is a schema here, a catalog file and one registry line (CONTRIBUTING.md).
 */

/** Fields every watched resource shares: a logical name for alarm names, an owner and per-resource overrides. */
export const watchedFields = {
  /** Logical name used in alarm names (`<env>-<service>-<name>-<signal>-<severity>`); keep it stable. */
  name: dnsLabelSchema,
  /** Service (from `services`) the resource belongs to; its team owns the alarms. @default - "platform" in alarm names */
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

export const ec2WatchSchema = z.strictObject({
  ...watchedFields,
  /** Instances carrying all these tags (at most 5: SSM State Manager targets at most 5 tag keys). */
  tags: tagSelectorSchema.refine((t) => Object.keys(t).length > 0 && Object.keys(t).length <= 5, "between 1 and 5 tags"),
});

export const autoScalingGroupWatchSchema = z.strictObject({
  ...watchedFields,
  groupName: z.string().min(1),
  /** Target-tracking CPU utilisation for scaling. @default 60 - headroom below the 80 % alarm */
  targetCpuPercent: z.number().min(10).max(95).default(60),
});

export const rdsWatchSchema = z.strictObject({
  ...watchedFields,
  identifier: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, "expected an RDS identifier"),
  /** @default "instance" */
  kind: z.enum(["instance", "cluster"]).default("instance"),
  /**
   * The engine's `max_connections` (parameter group); the connections alarm fires at a share of it.
   * @default - none: CloudWatch only knows the connection count, so without it no connections alarm is created
   */
  maxConnections: z.number().int().positive().optional(),
});

export const loadBalancerWatchSchema = z.strictObject({
  ...watchedFields,
  /** Name of the ALB; its ARN suffix (the CloudWatch dimension) is looked up through a data source. */
  loadBalancerName: z.string().regex(/^[a-zA-Z0-9-]{1,32}$/, "expected an ALB name"),
  /** Anomaly bands on request count and p99 response time. @default false */
  anomalyDetection,
});

export const lambdaFunctionWatchSchema = z.strictObject({
  ...watchedFields,
  functionName: z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/, "expected a Lambda function name"),
  /** The function's configured timeout, for the duration-vs-timeout alarm. @default "3s", Lambda's default */
  timeout: durationWithin("1s", "15m", "Lambda's maximum timeout").prefault("3s"),
  /** Concurrency the function may reach: its reserved concurrency, or the account's regional limit. @default 1000, the default regional limit */
  concurrencyLimit: z.number().int().positive().default(1000),
  /** Anomaly bands on invocations and p99 duration. @default false */
  anomalyDetection,
});

const sqsQueueName = z.string().regex(/^[a-zA-Z0-9_-]{1,80}(\.fifo)?$/, "expected an SQS queue name");

export const sqsQueueWatchSchema = z.strictObject({
  ...watchedFields,
  queueName: sqsQueueName,
  /** Dead-letter queue whose messages mean failed processing. @default - none */
  deadLetterQueueName: sqsQueueName.optional(),
  /** Anomaly band on messages sent (traffic). @default false */
  anomalyDetection,
});

export const logGroupWatchSchema = z.strictObject({
  ...watchedFields,
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
  files: z
    .array(
      z
        .string()
        .regex(
          /^\/[^\s"'\\$`{}]+$/,
          "expected an absolute path or glob such as /var/log/app/*.log, without spaces, quotes, $, ` or braces",
        ),
    )
    .default([]),
  /** Field names of the structured JSON logs, for metric filters and saved queries. @default - see each field */
  fields: jsonFieldsSchema,
});

export const dynamodbTableWatchSchema = z.strictObject({
  ...watchedFields,
  /** The table's name (the CloudWatch dimension `TableName`). */
  tableName: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, "expected a DynamoDB table name: 3-255 letters, digits and _.-"),
  /**
   * Whether the table uses provisioned capacity: then consumed read and write capacity are alarmed as a share of the
   * provisioned capacity. On-demand tables have none to compare with. @default false - on-demand
   */
  provisioned: z.boolean().default(false),
});

export const ecsServiceWatchSchema = z.strictObject({
  ...watchedFields,
  /** Name of the ECS cluster (the CloudWatch dimension `ClusterName`). */
  clusterName: z.string().regex(/^[a-zA-Z0-9_-]{1,255}$/, "expected an ECS cluster name"),
  /** Name of the ECS service (the CloudWatch dimension `ServiceName`). */
  serviceName: z.string().regex(/^[a-zA-Z0-9_-]{1,255}$/, "expected an ECS service name"),
  /**
   * The cluster has CloudWatch Container Insights on: then running tasks are compared with the desired count (those
   * metrics exist only with Container Insights, which costs extra). Preflight checks the cluster setting.
   * @default true
   */
  containerInsights: z.boolean().default(true),
});

const apiStage = z.string().regex(/^[\w$-]{1,128}$/, 'expected an API Gateway stage name such as "prod" or "$default"');

/** A REST API (API Gateway v1): CloudWatch reports it by ApiName and Stage. */
export const restApiWatchSchema = z.strictObject({
  ...watchedFields,
  /** A REST API (API Gateway v1). */
  type: z.literal("rest"),
  /** The REST API's name (the CloudWatch dimension `ApiName`). */
  apiName: z.string().min(1).max(1024),
  /** The deployed stage. */
  stage: apiStage,
});

/** An HTTP API (API Gateway v2): CloudWatch reports it by ApiId and Stage. */
export const httpApiWatchSchema = z.strictObject({
  ...watchedFields,
  /** An HTTP API (API Gateway v2). */
  type: z.literal("http"),
  /** The HTTP API's id (the CloudWatch dimension `ApiId`), e.g. "a1b2c3d4e5". */
  apiId: z.string().regex(/^[a-z0-9]{10}$/, "expected an API Gateway API id (10 lowercase letters and digits)"),
  /** The stage. @default "$default" */
  stage: apiStage.default("$default"),
});

/** REST APIs (API Gateway v1) report by ApiName and Stage; HTTP APIs (v2) by ApiId and Stage. */
export const apiGatewayWatchSchema = z.discriminatedUnion("type", [restApiWatchSchema, httpApiWatchSchema]);

export const elasticacheWatchSchema = z.strictObject({
  ...watchedFields,
  /**
   * The cache cluster id (the CloudWatch dimension `CacheClusterId`): for Valkey or Redis OSS with replication, one
   * entry per node cluster (e.g. "orders-cache-001"); replication lag is reported by replicas only.
   */
  cacheClusterId: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,49}$/, "expected an ElastiCache cluster id"),
});

export const stateMachineWatchSchema = z.strictObject({
  ...watchedFields,
  /** ARN of the state machine (the CloudWatch dimension `StateMachineArn`). */
  stateMachineArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/,
      "expected a state machine ARN such as arn:aws:states:eu-west-1:123456789012:stateMachine:orders",
    ),
});
