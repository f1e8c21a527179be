import { describe, expect, it } from "vitest";
import type { MetricAlarmDefinition } from "../../../src/render/aws/alarm-types";
import { renderAwsMonitoring } from "../../../src/render/aws/monitoring";
import { deployPrerequisites } from "../../../src/render/prerequisites";
import { type EnvironmentInput, resolveEnvironment } from "../../../src/spec";
import type { AwsCloudSpec } from "../../../src/spec/clouds/aws";
import { AWS_RENDER_INPUTS } from "../../support/alarms";

/** The AWS services of the registry beyond the first ones: metric names, dimensions and statistics of each preset. */

const inputs = AWS_RENDER_INPUTS;

function alarmsOf(watch: Record<string, unknown>): MetricAlarmDefinition[] {
  const input = {
    name: "qa",
    relativeRunbookLinks: { reason: "a test fixture" },
    backend: { type: "s3", bucket: "qa-terraform-state", dynamodbTable: "qa-terraform-locks" },
    channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
    cloud: { provider: "aws", region: "eu-west-1", watch },
  } as EnvironmentInput;
  const spec = resolveEnvironment(input);
  return [...renderAwsMonitoring(spec, spec.cloud as AwsCloudSpec, inputs).alarms];
}

const warning = (alarms: readonly MetricAlarmDefinition[], preset: string) => {
  const alarm = alarms.find((a) => a.meta?.preset === preset && a.meta.severity === "warning");
  if (!alarm) throw new Error(`no warning alarm of ${preset}; have ${alarms.map((a) => a.name).join(", ")}`);
  return alarm;
};

describe("DynamoDB tables", () => {
  const onDemand = alarmsOf({ dynamodbTables: [{ name: "carts", tableName: "qa-carts" }] });
  const provisioned = alarmsOf({ dynamodbTables: [{ name: "carts", tableName: "qa-carts", provisioned: true }] });

  it("alarm on the table's read and write throttle events per minute, no data being no throttling", () => {
    const a = warning(onDemand, "throttles");
    expect(a.treatMissingData).toBe("notBreaching");
    expect(a.source).toMatchObject({
      kind: "queries",
      queries: [
        {
          id: "m1",
          metric: {
            namespace: "AWS/DynamoDB",
            metricName: "ReadThrottleEvents",
            dimensions: { TableName: "qa-carts" },
            statistic: "Sum",
            periodSeconds: 60,
          },
        },
        { id: "m2", metric: { namespace: "AWS/DynamoDB", metricName: "WriteThrottleEvents", statistic: "Sum" } },
        { id: "e1", expression: "FILL(m1, 0) + FILL(m2, 0)" },
      ],
    });
  });

  it("sum system errors and average latency over every operation (both metrics carry an Operation dimension)", () => {
    const errors = warning(onDemand, "systemErrors");
    expect(errors.source).toMatchObject({
      kind: "queries",
      queries: [{ expression: `SELECT SUM(SystemErrors) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = 'qa-carts'` }],
    });
    const latency = warning(onDemand, "latency");
    expect(latency.source).toMatchObject({
      queries: [
        {
          expression: `SELECT AVG(SuccessfulRequestLatency) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = 'qa-carts'`,
        },
      ],
    });
    expect(latency.threshold).toBe(20);
  });

  it("compare consumed with provisioned capacity only on provisioned tables", () => {
    expect(onDemand.some((a) => a.meta?.preset === "readCapacity")).toBe(false);
    const read = warning(provisioned, "readCapacity");
    expect(read.threshold).toBe(80);
    expect(read.source).toMatchObject({
      queries: [
        { id: "m1", metric: { metricName: "ConsumedReadCapacityUnits", statistic: "Sum" } },
        { id: "m2", metric: { metricName: "ProvisionedReadCapacityUnits", statistic: "Average" } },
        { id: "e1", expression: "100 * (m1 / PERIOD(m1)) / m2" },
      ],
    });
    const write = warning(provisioned, "writeCapacity").source;
    expect(write.kind === "queries" && write.queries.map((q) => q.metric?.metricName)).toEqual([
      "ConsumedWriteCapacityUnits",
      "ProvisionedWriteCapacityUnits",
      undefined,
    ]);
  });
});

describe("ECS services", () => {
  const dims = { ClusterName: "qa-cluster", ServiceName: "qa-api" };
  const alarms = alarmsOf({ ecsServices: [{ name: "api", clusterName: "qa-cluster", serviceName: "qa-api" }] });

  it("alarm on the service's average CPU and memory utilisation (AWS/ECS)", () => {
    expect(warning(alarms, "cpu").source).toEqual({
      kind: "metric",
      metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: dims, statistic: "Average" },
      periodSeconds: 60,
    });
    expect(warning(alarms, "memory").source).toMatchObject({ metric: { namespace: "AWS/ECS", metricName: "MemoryUtilization" } });
  });

  it("alarm when running tasks stay below desired (Container Insights), and skip it without Container Insights", () => {
    const tasks = alarms.find((a) => a.meta?.preset === "tasks");
    expect(tasks?.threshold).toBe(0);
    expect(tasks?.treatMissingData).toBe("breaching");
    expect(tasks?.source).toMatchObject({
      kind: "queries",
      queries: [
        { id: "m1", metric: { namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount", dimensions: dims } },
        { id: "m2", metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: dims } },
        { id: "e1", expression: "m1 - m2" },
      ],
    });
    const without = alarmsOf({
      ecsServices: [{ name: "api", clusterName: "qa-cluster", serviceName: "qa-api", containerInsights: false }],
    });
    expect(without.map((a) => a.meta?.preset)).not.toContain("tasks");
  });

  it("list Container Insights on the cluster as a prerequisite preflight checks", () => {
    const spec = resolveEnvironment({
      name: "qa",
      relativeRunbookLinks: { reason: "a test fixture" },
      backend: { type: "s3", bucket: "qa-terraform-state", dynamodbTable: "qa-terraform-locks" },
      channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
      cloud: {
        provider: "aws",
        region: "eu-west-1",
        watch: { ecsServices: [{ name: "api", clusterName: "qa-cluster", serviceName: "qa-api" }] },
      },
    } as EnvironmentInput);
    const setting = deployPrerequisites(spec).find((p) => p.name === "ecs-container-insights:qa-cluster");
    expect(setting?.check).toContain("--include SETTINGS");
  });
});

describe("API Gateway APIs", () => {
  const alarms = alarmsOf({
    apiGateways: [
      { name: "rest", type: "rest", apiName: "qa-public", stage: "prod" },
      { name: "http", type: "http", apiId: "a1b2c3d4e5" },
    ],
  });
  const of = (resource: string, preset: string) => {
    const alarm = alarms.find((a) => a.meta?.resource === resource && a.meta.preset === preset && a.meta.severity === "warning");
    if (!alarm) throw new Error(`no ${preset} alarm on ${resource}`);
    return alarm;
  };

  it("read REST APIs by ApiName and Stage (5XXError, 4XXError, Count's SampleCount) and HTTP APIs by ApiId and Stage (5xx, 4xx, Count)", () => {
    expect(of("rest", "serverErrors").source).toMatchObject({
      metric: {
        namespace: "AWS/ApiGateway",
        metricName: "5XXError",
        dimensions: { ApiName: "qa-public", Stage: "prod" },
        statistic: "Sum",
      },
    });
    expect(of("http", "serverErrors").source).toMatchObject({
      metric: { namespace: "AWS/ApiGateway", metricName: "5xx", dimensions: { ApiId: "a1b2c3d4e5", Stage: "$default" }, statistic: "Sum" },
    });
    const restRate = of("rest", "errorRate").source;
    expect(restRate.kind === "queries" && restRate.queries.map((q) => [q.metric?.metricName, q.metric?.statistic, q.expression])).toEqual([
      ["5XXError", "Sum", undefined],
      ["Count", "SampleCount", undefined],
      [undefined, undefined, "100 * m1 / m2"],
    ]);
    const httpClient = of("http", "clientErrorRate").source;
    expect(httpClient.kind === "queries" && httpClient.queries.map((q) => [q.metric?.metricName, q.metric?.statistic])).toEqual([
      ["4xx", "Sum"],
      ["Count", "Sum"],
      [undefined, undefined],
    ]);
    expect(of("rest", "clientErrorRate").threshold).toBe(10);
  });

  it("alarm on p99 latency in milliseconds", () => {
    expect(of("http", "latency").source).toMatchObject({ metric: { metricName: "Latency", statistic: "p99" } });
    expect(of("http", "latency").threshold).toBe(500);
  });

  it("reject a REST API without a name or an HTTP API without an id", () => {
    const bad = {
      name: "qa",
      relativeRunbookLinks: { reason: "a test fixture" },
      backend: { type: "s3", bucket: "qa-terraform-state", dynamodbTable: "qa-terraform-locks" },
      channels: [],
      cloud: { provider: "aws", region: "eu-west-1", watch: { apiGateways: [{ name: "x", type: "http", apiName: "qa" }] } },
    } as unknown as EnvironmentInput;
    expect(() => resolveEnvironment(bad)).toThrow(/cloud\.watch\.apiGateways\[0\]\.apiId: required/);
  });
});

describe("ElastiCache nodes", () => {
  const alarms = alarmsOf({ elasticache: [{ name: "cache", cacheClusterId: "qa-cache-001" }] });

  it("read host and engine CPU, memory usage, evictions and replication lag by CacheClusterId", () => {
    const dims = { CacheClusterId: "qa-cache-001" };
    const read = (preset: string) => {
      const s = warning(alarms, preset).source;
      return s.kind === "metric" ? [s.metric.namespace, s.metric.metricName, s.metric.statistic, s.metric.dimensions] : undefined;
    };
    expect(["cpu", "engineCpu", "memory", "evictions", "replicationLag"].map(read)).toEqual([
      ["AWS/ElastiCache", "CPUUtilization", "Average", dims],
      ["AWS/ElastiCache", "EngineCPUUtilization", "Average", dims],
      ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Maximum", dims],
      ["AWS/ElastiCache", "Evictions", "Sum", dims],
      ["AWS/ElastiCache", "ReplicationLag", "Maximum", dims],
    ]);
  });

  it("treat a node that reports no replication lag (a primary) as not lagging; evictions have their own signal", () => {
    expect(warning(alarms, "replicationLag").treatMissingData).toBe("notBreaching");
    expect(warning(alarms, "replicationLag").threshold).toBe(30);
    expect(warning(alarms, "evictions").threshold).toBe(100);
  });
});

describe("Step Functions state machines", () => {
  const arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:qa-orders";
  const alarms = alarmsOf({ stateMachines: [{ name: "orders", stateMachineArn: arn }] });

  it("alarm on failed, timed-out and throttled executions by StateMachineArn, an idle machine being healthy", () => {
    const read = (preset: string) => {
      const a = warning(alarms, preset);
      return a.source.kind === "metric"
        ? [a.source.metric.namespace, a.source.metric.metricName, a.source.metric.statistic, a.treatMissingData]
        : undefined;
    };
    expect(["failed", "timedOut", "throttled"].map(read)).toEqual([
      ["AWS/States", "ExecutionsFailed", "Sum", "notBreaching"],
      ["AWS/States", "ExecutionsTimedOut", "Sum", "notBreaching"],
      ["AWS/States", "ExecutionThrottled", "Sum", "notBreaching"],
    ]);
    expect(warning(alarms, "failed").source).toMatchObject({ metric: { dimensions: { StateMachineArn: arn } } });
  });
});
