import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { awsPanels } from "../../src/catalog/dashboards/aws";
import { renderAwsMonitoring } from "../../src/render/aws/monitoring";
import { exportDataSources } from "../../src/render/dashboards/data-sources";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import type { AwsCloudSpec } from "../../src/spec/clouds/aws";
import { AWS_RENDER_INPUTS } from "../support/alarms";

/**
 * Every metric the CloudWatch catalog alarms on or graphs, checked against the names and dimension sets AWS documents.
 * A misspelt name is no error anywhere: CloudWatch accepts an alarm on a metric nobody publishes and it stays in
 * INSUFFICIENT_DATA (or OK, with missing data not breaching) forever. The lists below are copied from the pages cited,
 * not from the catalog; each entry maps a metric name to the dimension sets (sorted) it is published under.
 */
type Documented = Readonly<Record<string, readonly (readonly string[])[]>>;
const by = (...sets: (readonly string[])[]) => sets.map((s) => [...s].sort());

const DOCUMENTED: Readonly<Record<string, Documented>> = {
  // Step Functions developer guide, "Monitoring Step Functions metrics using Amazon CloudWatch", execution metrics
  // (https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html), dimension StateMachineArn.
  // The throttle metric is singular "Execution": ExecutionThrottled. aws-cdk-lib's StateMachine.metricThrottled()
  // uses that name too, bypassing its generated canned metric `executionsThrottledSum` ("There's a typo in the
  // 'canned' version of this", aws-stepfunctions/lib/state-machine.ts).
  "AWS/States": Object.fromEntries(
    [
      "ExecutionTime",
      "ExecutionThrottled",
      "ExecutionsAborted",
      "ExecutionsFailed",
      "ExecutionsStarted",
      "ExecutionsSucceeded",
      "ExecutionsTimedOut",
    ].map((m) => [m, by(["StateMachineArn"])]),
  ),
  // DynamoDB developer guide, "DynamoDB Metrics and dimensions"
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html).
  "AWS/DynamoDB": {
    ReadThrottleEvents: by(["TableName"], ["TableName", "Operation"], ["TableName", "GlobalSecondaryIndexName"]),
    WriteThrottleEvents: by(["TableName"], ["TableName", "Operation"], ["TableName", "GlobalSecondaryIndexName"]),
    ConsumedReadCapacityUnits: by(["TableName"], ["TableName", "GlobalSecondaryIndexName"]),
    ConsumedWriteCapacityUnits: by(["TableName"], ["TableName", "GlobalSecondaryIndexName"]),
    ProvisionedReadCapacityUnits: by(["TableName"], ["TableName", "GlobalSecondaryIndexName"]),
    ProvisionedWriteCapacityUnits: by(["TableName"], ["TableName", "GlobalSecondaryIndexName"]),
    // Published per operation only: TableName alone has no datapoints.
    SuccessfulRequestLatency: by(["TableName", "Operation"]),
    SystemErrors: by(["TableName", "Operation"]),
  },
  // Amazon ECS developer guide, "Amazon ECS CloudWatch metrics"
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html).
  "AWS/ECS": {
    CPUUtilization: by(["ClusterName"], ["ClusterName", "ServiceName"]),
    MemoryUtilization: by(["ClusterName"], ["ClusterName", "ServiceName"]),
  },
  // CloudWatch user guide, "Amazon ECS Container Insights metrics"
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html).
  "ECS/ContainerInsights": {
    DesiredTaskCount: by(["ClusterName", "ServiceName"]),
    RunningTaskCount: by(["ClusterName", "ServiceName"]),
    PendingTaskCount: by(["ClusterName", "ServiceName"]),
  },
  // REST APIs: API Gateway developer guide, "Amazon API Gateway dimensions and metrics" (5XXError, 4XXError by ApiName
  // and Stage; https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html).
  // HTTP APIs: "Monitor CloudWatch metrics for HTTP APIs" (5xx, 4xx by ApiId and Stage;
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html).
  "AWS/ApiGateway": {
    "5XXError": by(["ApiName"], ["ApiName", "Stage"]),
    "4XXError": by(["ApiName"], ["ApiName", "Stage"]),
    "5xx": by(["ApiId"], ["ApiId", "Stage"]),
    "4xx": by(["ApiId"], ["ApiId", "Stage"]),
    Count: by(["ApiName"], ["ApiName", "Stage"], ["ApiId"], ["ApiId", "Stage"]),
    Latency: by(["ApiName"], ["ApiName", "Stage"], ["ApiId"], ["ApiId", "Stage"]),
    IntegrationLatency: by(["ApiName"], ["ApiName", "Stage"], ["ApiId"], ["ApiId", "Stage"]),
  },
  // ElastiCache user guide, "Host-Level Metrics" and "Metrics for Valkey and Redis OSS"
  // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html,
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html); aws-cdk-lib's generated
  // ElastiCacheMetrics lists each with { CacheClusterId } and { CacheClusterId, CacheNodeId }.
  "AWS/ElastiCache": Object.fromEntries(
    ["CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "ReplicationLag"].map((m) => [
      m,
      by(["CacheClusterId"], ["CacheClusterId", "CacheNodeId"]),
    ]),
  ),
  // Amazon SQS developer guide, "Available CloudWatch metrics for Amazon SQS"
  // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
  "AWS/SQS": Object.fromEntries(
    ["ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible"].map((m) => [
      m,
      by(["QueueName"]),
    ]),
  ),
  // Lambda developer guide, "Types of metrics for Lambda functions"
  // (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
  "AWS/Lambda": Object.fromEntries(
    ["Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions"].map((m) => [m, by(["FunctionName"])]),
  ),
  // RDS user guide, "Amazon CloudWatch metrics for Amazon RDS" (instance metrics by DBInstanceIdentifier) and the
  // Aurora user guide, "Amazon CloudWatch metrics for Amazon Aurora" (instance metrics also aggregated by
  // DBClusterIdentifier; AuroraReplicaLagMaximum is cluster-level; FreeStorageSpace and ReplicaLag are RDS-only,
  // Aurora's local storage is FreeLocalStorage).
  "AWS/RDS": {
    CPUUtilization: by(["DBInstanceIdentifier"], ["DBClusterIdentifier"]),
    DatabaseConnections: by(["DBInstanceIdentifier"], ["DBClusterIdentifier"]),
    FreeableMemory: by(["DBInstanceIdentifier"], ["DBClusterIdentifier"]),
    ReadLatency: by(["DBInstanceIdentifier"], ["DBClusterIdentifier"]),
    WriteLatency: by(["DBInstanceIdentifier"], ["DBClusterIdentifier"]),
    FreeStorageSpace: by(["DBInstanceIdentifier"]),
    ReplicaLag: by(["DBInstanceIdentifier"]),
    FreeLocalStorage: by(["DBInstanceIdentifier"], ["DBClusterIdentifier"]),
    AuroraReplicaLagMaximum: by(["DBClusterIdentifier"]),
  },
  // Elastic Load Balancing, "CloudWatch metrics for your Application Load Balancer"
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
  "AWS/ApplicationELB": {
    HTTPCode_ELB_5XX_Count: by(["LoadBalancer"]),
    HTTPCode_Target_5XX_Count: by(["LoadBalancer"], ["LoadBalancer", "TargetGroup"]),
    RequestCount: by(["LoadBalancer"], ["LoadBalancer", "TargetGroup"]),
    TargetResponseTime: by(["LoadBalancer"], ["LoadBalancer", "TargetGroup"]),
    UnHealthyHostCount: by(["LoadBalancer", "TargetGroup"]),
  },
  // EC2 user guide, "CloudWatch metrics that are available for your instances"
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html).
  "AWS/EC2": Object.fromEntries(
    ["CPUUtilization", "StatusCheckFailed", "NetworkOut"].map((m) => [m, by(["InstanceId"], ["AutoScalingGroupName"])]),
  ),
  // EC2 Auto Scaling user guide, "CloudWatch metrics for Amazon EC2 Auto Scaling" (group metrics)
  // (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html).
  "AWS/AutoScaling": {
    GroupDesiredCapacity: by(["AutoScalingGroupName"]),
    GroupInServiceInstances: by(["AutoScalingGroupName"]),
  },
};

/**
 * Namespaces whose dimensions the stack itself chooses: the CloudWatch agent's (names from "Metrics collected by the
 * CloudWatch agent", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/metrics-collected-by-CloudWatch-agent.html;
 * dimensions from the agent configuration this project writes) and the stack's own metric filters.
 */
const AGENT_METRICS = new Set(["mem_used_percent", "disk_used_percent"]);
const ownNamespace = (namespace: string) => namespace.startsWith("Monitoring/");

interface Used {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly string[];
  readonly where: string;
}

const inputs = AWS_RENDER_INPUTS;

/** Metrics named in a CloudWatch SEARCH expression (`{NS,Dim,…} MetricName="X"`) or a Metrics Insights query. */
function fromExpression(text: string, where: string): Used[] {
  const used: Used[] = [];
  for (const m of text.matchAll(/SEARCH\('\{([^}]+)\} MetricName="([^"]+)"/g)) {
    const [namespace, ...dimensions] = m[1].split(",");
    used.push({ namespace, metricName: m[2], dimensions: dimensions.sort(), where });
  }
  for (const m of text.matchAll(/SELECT \w+\((\w+)\) FROM (?:SCHEMA\("([^"]+)"((?:, *\w+)*)\)|"([^"]+)")/g)) {
    const dimensions = m[3]
      ? m[3]
          .split(",")
          .map((d) => d.trim())
          .filter(Boolean)
      : [];
    // FROM "NS" (no SCHEMA) spans every dimension set; Insights then filters by tag, so only the name is checked.
    used.push({ namespace: m[2] ?? m[4], metricName: m[1], dimensions: m[4] ? ["*"] : dimensions.sort(), where });
  }
  return used;
}

function usedMetrics(spec: EnvironmentSpec): Used[] {
  const cloud = spec.cloud as AwsCloudSpec;
  const used: Used[] = [];
  for (const alarm of renderAwsMonitoring(spec, cloud, inputs).alarms) {
    const where = `alarm ${alarm.name}`;
    const source = alarm.source;
    const queries = source.kind === "metric" ? [{ metric: source.metric, expression: undefined }] : source.queries;
    for (const q of queries) {
      if (q.metric) used.push({ ...q.metric, dimensions: Object.keys(q.metric.dimensions).sort(), where });
      if (q.expression) used.push(...fromExpression(q.expression, where));
    }
  }
  const model = awsPanels({ spec, dataSources: exportDataSources(spec), uid: (s) => s, slugs: new Set(["aws"]) }, cloud).build();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const q = node as { namespace?: string; metricName?: string; dimensions?: object; expression?: string; sqlExpression?: string };
    const where = `Grafana AWS dashboard of ${spec.name}`;
    if (q.namespace && q.metricName)
      used.push({ namespace: q.namespace, metricName: q.metricName, dimensions: Object.keys(q.dimensions ?? {}).sort(), where });
    if (q.expression) used.push(...fromExpression(q.expression, where));
    if (q.sqlExpression) used.push(...fromExpression(q.sqlExpression, where));
    for (const value of Object.values(node)) walk(value);
  };
  walk(model);
  return used;
}

const awsSpecs = Object.values(BUNDLED_ENVIRONMENTS)
  .map((input) => resolveEnvironment(input))
  .filter((spec) => spec.cloud?.provider === "aws");
const used = awsSpecs.flatMap(usedMetrics);

const undocumented = (u: Used): boolean => {
  if (u.namespace === "CWAgent") return !AGENT_METRICS.has(u.metricName);
  if (ownNamespace(u.namespace)) return false;
  const sets = DOCUMENTED[u.namespace]?.[u.metricName];
  if (!sets) return true;
  return !u.dimensions.includes("*") && !sets.some((s) => s.join() === u.dimensions.join());
};

describe("CloudWatch metric names and dimensions of the catalog", () => {
  it("covers every watch kind of the bundled environments (alarms and Grafana rows)", () => {
    const namespaces = new Set(used.map((u) => u.namespace));
    for (const namespace of Object.keys(DOCUMENTED)) expect(namespaces, namespace).toContain(namespace);
    expect(used.length).toBeGreaterThan(100);
  });

  it("name only metrics AWS documents, under a dimension set AWS publishes them with", () => {
    const wrong = [...new Set(used.filter(undocumented).map((u) => `${u.namespace} ${u.metricName} {${u.dimensions}} (${u.where})`))];
    expect(wrong).toEqual([]);
  });

  it("alarm on Step Functions throttling with the documented ExecutionThrottled, not the canned ExecutionsThrottled", () => {
    const throttle = used.filter((u) => u.namespace === "AWS/States" && /Throttled/.test(u.metricName));
    expect(throttle.some((u) => u.where.startsWith("alarm"))).toBe(true);
    expect(new Set(throttle.map((u) => u.metricName))).toEqual(new Set(["ExecutionThrottled"]));
  });

  it("keep REST and HTTP API metrics apart: 5XXError/4XXError by ApiName, 5xx/4xx by ApiId", () => {
    const api = used.filter((u) => u.namespace === "AWS/ApiGateway" && /^[45]xx|^[45]XXError$/i.test(u.metricName));
    expect(api.length).toBeGreaterThan(0);
    for (const u of api) expect(u.dimensions, u.metricName).toContain(/XXError$/.test(u.metricName) ? "ApiName" : "ApiId");
  });
});
