import type { z } from "zod";
import {
  apiGatewayWatchSchema,
  autoScalingGroupWatchSchema,
  dynamodbTableWatchSchema,
  ec2WatchSchema,
  ecsServiceWatchSchema,
  elasticacheWatchSchema,
  lambdaFunctionWatchSchema,
  loadBalancerWatchSchema,
  logGroupWatchSchema,
  rdsWatchSchema,
  sqsQueueWatchSchema,
  stateMachineWatchSchema,
} from "../../spec/clouds/aws-watch";
import type { AwsDashboardRows } from "../dashboards/aws-panels";
import { LAST_HOURS_EPOCH } from "../runbooks/facts";
import type { RunbookFacts } from "../runbooks/types";
import { serviceOwner, type WatchKindBase } from "../watch-kinds";
import { ALB_ANOMALIES, ALB_DASHBOARD, ALB_PRESETS, type AlbResource, albRunbookFacts } from "./alb";
import { API_GATEWAY_DASHBOARD, API_GATEWAY_PRESETS, apiGatewayRunbookFacts } from "./api-gateway";
import { ASG_PRESETS } from "./asg";
import { DYNAMODB_DASHBOARD, DYNAMODB_PRESETS } from "./dynamodb";
import { EC2_DASHBOARD, EC2_PRESETS, type Ec2Resource, ec2RunbookFacts } from "./ec2";
import { ECS_DASHBOARD, ECS_PRESETS, ecsPrerequisites, ecsRunbookFacts } from "./ecs";
import { ELASTICACHE_DASHBOARD, ELASTICACHE_PRESETS, elasticacheRunbookFacts } from "./elasticache";
import { LAMBDA_ANOMALIES, LAMBDA_DASHBOARD, LAMBDA_PRESETS } from "./lambda";
import { LOG_PRESETS, type LogGroupResource } from "./logs";
import { RDS_DASHBOARD, RDS_PRESETS, rdsRunbookFacts } from "./rds";
import { SQS_ANOMALIES, SQS_DASHBOARD, SQS_PRESETS, sqsRunbookFacts } from "./sqs";
import { STEP_FUNCTIONS_DASHBOARD, STEP_FUNCTIONS_PRESETS, stepFunctionsRunbookFacts } from "./step-functions";
import type { CloudWatchAnomalyPreset, CloudWatchPreset } from "./types";

/** An account setting a kind's alarms need and the stack does not turn on (listed by `monitoring-stack preflight`). */
export interface AwsKindPrerequisite {
  readonly name: string;
  readonly why: string;
  /** A read-only AWS CLI command that exits 0 when the setting is on. */
  readonly check: string;
}

/**
 * One kind of AWS resource `cloud.watch` can list: everything the stack derives from it is here or reached from here.
 * `S` is the spec schema of one resource; `R` what the presets receive (the spec entry, plus attributes only
 * Terraform knows for the few kinds that need a lookup: see `src/render/aws/monitoring.ts`). `collected` defaults to
 * "CloudWatch metrics (AWS namespaces and CWAgent)".
 */
export interface AwsWatchKindDefinition<S extends z.ZodType = z.ZodType, R = z.output<S>> extends WatchKindBase<S> {
  readonly presets: readonly CloudWatchPreset<R>[];
  /** Anomaly-band presets, for resources whose entry sets `anomalyDetection`. @default [] */
  readonly anomalies: readonly CloudWatchAnomalyPreset<R>[];
  /** Rows of the Grafana AWS dashboard. @default - none (the CloudWatch dashboard still graphs every alarm) */
  dashboard?(...args: Parameters<AwsDashboardRows<z.output<S>>>): void;
  /**
   * What fills the placeholders of the kind's runbooks (`<function>`, `<table>`…) for one resource: names from the
   * spec, or shell lookups for what only AWS knows (an ARN, an endpoint). @default - nothing to fill
   */
  runbookFacts(resource: R): RunbookFacts;
  /** Account settings the kind's alarms rely on, per resource. @default - none */
  prerequisites?(resource: z.output<S>, region: string): readonly AwsKindPrerequisite[];
}

/** Builds one registry entry, keeping the schema's own type (so spec input and output types stay exact). */
export function watchKind<S extends z.ZodType, R = z.output<S>>(
  definition: Omit<AwsWatchKindDefinition<S, R>, "anomalies" | "owner" | "runbookFacts"> &
    Partial<Pick<AwsWatchKindDefinition<S, R>, "anomalies" | "owner" | "runbookFacts">>,
): AwsWatchKindDefinition<S, R> {
  return {
    anomalies: [],
    runbookFacts: () => ({}),
    owner: serviceOwner,
    ...definition,
  };
}

/**
 * The AWS watch kinds, in the order of the spec, the alarms, the dashboards and the docs. Adding an AWS service: a
 * schema in src/spec/clouds/aws-watch.ts, a catalog file beside the others, and one line here (CONTRIBUTING.md).
 */
export const AWS_WATCH_KINDS = {
  ec2: watchKind<typeof ec2WatchSchema, Ec2Resource>({
    schema: ec2WatchSchema,
    description: "EC2 instances selected by tags; instances launched later with the same tags are covered too.",
    label: "EC2 instances (by tag)",
    identify: (r) => r.name,
    service: "ec2",
    runbookFacts: ec2RunbookFacts,
    presets: EC2_PRESETS,
    dashboard: EC2_DASHBOARD,
  }),
  autoScalingGroups: watchKind({
    schema: autoScalingGroupWatchSchema,
    description: "Auto Scaling groups: capacity alarms and target-tracking CPU scaling.",
    label: "Auto Scaling groups",
    identify: (r) => r.groupName,
    service: "asg",
    runbookFacts: (r) => ({ group: r.groupName }),
    presets: ASG_PRESETS,
  }),
  rds: watchKind({
    schema: rdsWatchSchema,
    description: "RDS instances or Aurora clusters.",
    label: "RDS",
    identify: (r) => r.identifier,
    service: "rds",
    runbookFacts: rdsRunbookFacts,
    presets: RDS_PRESETS,
    dashboard: RDS_DASHBOARD,
  }),
  loadBalancers: watchKind<typeof loadBalancerWatchSchema, AlbResource>({
    schema: loadBalancerWatchSchema,
    description: "Application load balancers.",
    label: "Application load balancers",
    identify: (r) => r.loadBalancerName,
    service: "alb",
    runbookFacts: albRunbookFacts,
    presets: ALB_PRESETS,
    anomalies: ALB_ANOMALIES,
    dashboard: ALB_DASHBOARD,
  }),
  lambdaFunctions: watchKind({
    schema: lambdaFunctionWatchSchema,
    description: "Lambda functions.",
    label: "Lambda functions",
    identify: (r) => r.functionName,
    service: "lambda",
    runbookFacts: (r) => ({ function: r.functionName }),
    presets: LAMBDA_PRESETS,
    anomalies: LAMBDA_ANOMALIES,
    dashboard: LAMBDA_DASHBOARD,
  }),
  sqsQueues: watchKind({
    schema: sqsQueueWatchSchema,
    description: "SQS queues, with their dead-letter queues.",
    label: "SQS queues",
    identify: (r) => r.queueName,
    service: "sqs",
    runbookFacts: sqsRunbookFacts,
    presets: SQS_PRESETS,
    anomalies: SQS_ANOMALIES,
    dashboard: SQS_DASHBOARD,
  }),
  logGroups: watchKind<typeof logGroupWatchSchema, LogGroupResource>({
    schema: logGroupWatchSchema,
    description: "Application log groups the stack creates (retention and KMS encryption).",
    label: "Log groups",
    collected: "application logs (CloudWatch agent), metric filters and saved Logs Insights queries",
    identify: (r) => r.logGroupName,
    service: "logs",
    runbookFacts: (r) => ({ group: r.logGroupName, ...LAST_HOURS_EPOCH }),
    presets: LOG_PRESETS,
  }),
  dynamodbTables: watchKind({
    schema: dynamodbTableWatchSchema,
    description: "DynamoDB tables, by name.",
    label: "DynamoDB tables",
    identify: (r) => r.tableName,
    service: "dynamodb",
    runbookFacts: (r) => ({ table: r.tableName }),
    presets: DYNAMODB_PRESETS,
    dashboard: DYNAMODB_DASHBOARD,
  }),
  ecsServices: watchKind({
    schema: ecsServiceWatchSchema,
    description: "ECS services (EC2 or Fargate), by cluster and service name.",
    label: "ECS services",
    identify: (r) => `${r.clusterName}/${r.serviceName}`,
    service: "ecs",
    runbookFacts: ecsRunbookFacts,
    presets: ECS_PRESETS,
    dashboard: ECS_DASHBOARD,
    prerequisites: ecsPrerequisites,
  }),
  apiGateways: watchKind({
    schema: apiGatewayWatchSchema,
    description: "API Gateway REST APIs (by name and stage) and HTTP APIs (by id and stage).",
    label: "API Gateway APIs",
    identify: (r) => (r.type === "rest" ? `${r.apiName} (REST, stage ${r.stage})` : `${r.apiId} (HTTP, stage ${r.stage})`),
    service: "apigateway",
    runbookFacts: apiGatewayRunbookFacts,
    presets: API_GATEWAY_PRESETS,
    dashboard: API_GATEWAY_DASHBOARD,
  }),
  elasticache: watchKind({
    schema: elasticacheWatchSchema,
    description: "ElastiCache (Valkey, Redis OSS) nodes, by cache cluster id.",
    label: "ElastiCache nodes",
    identify: (r) => r.cacheClusterId,
    service: "elasticache",
    runbookFacts: elasticacheRunbookFacts,
    presets: ELASTICACHE_PRESETS,
    dashboard: ELASTICACHE_DASHBOARD,
  }),
  stateMachines: watchKind({
    schema: stateMachineWatchSchema,
    description: "Step Functions state machines, by ARN.",
    label: "Step Functions state machines",
    identify: (r) => r.stateMachineArn.split(":").at(-1) ?? r.stateMachineArn,
    service: "states",
    runbookFacts: stepFunctionsRunbookFacts,
    presets: STEP_FUNCTIONS_PRESETS,
    dashboard: STEP_FUNCTIONS_DASHBOARD,
  }),
};

/** A registry of watch kinds by key (the bundled one, or a test's fixture). */
export type WatchKindRegistry = Readonly<Record<string, AwsWatchKindDefinition<z.ZodType, never>>>;
