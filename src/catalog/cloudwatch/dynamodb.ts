import type { z } from "zod";
import type { dynamodbTableWatchSchema } from "../../spec/clouds/aws-watch";
import type { AlarmIntent } from "../alarm-intents";
import { type AwsDashboardRows, expression, metric } from "../dashboards/aws-panels";
import { type CloudWatchPreset, insightsString, resourceMetric } from "./types";

type DynamodbResource = z.output<typeof dynamodbTableWatchSchema>;

const NS = "AWS/DynamoDB";
const table = resourceMetric<DynamodbResource>(NS, (r) => ({ TableName: r.tableName }));
/** SystemErrors and SuccessfulRequestLatency carry an Operation dimension too: Metrics Insights sums over operations. */
const overOperations = (fn: "SUM" | "AVG", metricName: string, r: DynamodbResource) =>
  `SELECT ${fn}(${metricName}) FROM SCHEMA("${NS}", Operation, TableName) WHERE TableName = ${insightsString(r.tableName)}`;

const INTENTS = {
  throttles: {
    category: "database",
    signal: "throttlesPerMinute",
    title: "throttled requests",
    meaning:
      "DynamoDB rejects reads or writes of the table: they exceed its provisioned capacity, its on-demand maximum or a hot partition's limit.",
    impact:
      "Callers get ProvisionedThroughputExceededException or ThrottlingException; SDK retries add latency, and requests fail once retries run out.",
    mitigation: [
      "Provisioned table: raise capacity or its auto-scaling maximum; on-demand: raise the table's maximum throughput if one is set.",
      "A hot key: spread writes over more partition key values; cache hot reads (DAX).",
    ],
  },
  systemErrors: {
    category: "database",
    signal: "serverErrorsPerMinute",
    title: "system errors",
    meaning: "DynamoDB answers requests on the table with HTTP 500 (an internal error on the service side).",
    impact: "Requests fail unless the SDK's retries succeed; a sustained rate means a service event in the region.",
    mitigation: [
      "Check the AWS Health Dashboard for DynamoDB in the region.",
      "Make sure clients retry with backoff; fail over to a global-table replica if one exists.",
    ],
    escalation: "Open an AWS support case when the errors last and AWS Health shows nothing.",
  },
  latency: {
    category: "database",
    signal: "databaseLatency",
    title: "request latency",
    meaning: "Successful requests on the table take longer than usual inside DynamoDB (network and client time excluded).",
    impact: "Endpoints reading or writing the table slow down.",
    mitigation: [
      "Look for large items, Scans or big Query pages; use projections and pagination.",
      "Check for throttling retries and transaction conflicts at the same time.",
    ],
  },
  readCapacity: {
    category: "database",
    signal: "capacityUtilization",
    title: "consumed read capacity",
    meaning: "Reads consume most of the table's provisioned read capacity units.",
    impact: "Past 100 % (and burst capacity) reads are throttled.",
    mitigation: ["Raise provisioned read capacity or the auto-scaling maximum; or switch the table to on-demand."],
  },
  writeCapacity: {
    category: "database",
    signal: "capacityUtilization",
    title: "consumed write capacity",
    meaning: "Writes consume most of the table's provisioned write capacity units.",
    impact: "Past 100 % (and burst capacity) writes are throttled, including writes to global secondary indexes.",
    mitigation: ["Raise provisioned write capacity or the auto-scaling maximum; or switch the table to on-demand."],
  },
} as const satisfies Record<string, AlarmIntent>;

const AUTO_SCALING =
  "Auto scaling: `aws application-autoscaling describe-scalable-targets --region <region> --service-namespace dynamodb --resource-ids table/<table>` (MaxCapacity reached?).";

/** Consumed capacity units per second (the Sum over a period, divided by it) as a share of the provisioned units. */
function capacityShare(r: DynamodbResource, kind: "Read" | "Write") {
  return {
    kind: "math" as const,
    expression: "100 * (m1 / PERIOD(m1)) / m2",
    label: `consumed ${kind.toLowerCase()} capacity, % of provisioned`,
    metrics: {
      m1: table(r, `Consumed${kind}CapacityUnits`, "Sum"),
      m2: table(r, `Provisioned${kind}CapacityUnits`, "Average"),
    },
  };
}

/**
 * DynamoDB tables: throttled requests (read and write throttle events of the table), system errors, average latency
 * of successful requests, and for provisioned tables consumed capacity as a share of the provisioned capacity.
 * Metric names, dimensions and statistics: the DynamoDB developer guide, "DynamoDB Metrics and dimensions".
 */
export const DYNAMODB_PRESETS: readonly CloudWatchPreset<DynamodbResource>[] = [
  {
    id: "throttles",
    intent: INTENTS.throttles,
    // The TableName dimension alone counts the table's events, not its indexes' (those carry GlobalSecondaryIndexName).
    source: (r) => ({
      kind: "math",
      expression: "FILL(m1, 0) + FILL(m2, 0)",
      label: "read and write throttle events",
      metrics: { m1: table(r, "ReadThrottleEvents", "Sum"), m2: table(r, "WriteThrottleEvents", "Sum") },
    }),
    periodSeconds: 60,
    // DynamoDB publishes throttle events only when there are some.
    treatMissingData: "notBreaching",
    diagnosis: [
      "Which index and which limit: `SELECT SUM(ReadThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", GlobalSecondaryIndexName, TableName) WHERE TableName = '<table>' GROUP BY GlobalSecondaryIndexName` (and WriteThrottleEvents), then ReadProvisionedThroughputThrottleEvents, ReadKeyRangeThroughputThrottleEvents (hot partition) and ReadMaxOnDemandThroughputThrottleEvents.",
      "Capacity mode and limits: `aws dynamodb describe-table --region <region> --table-name <table> --query 'Table.[BillingModeSummary,ProvisionedThroughput,OnDemandThroughput]'`.",
      "Hot keys: CloudWatch Contributor Insights for DynamoDB (`aws dynamodb update-contributor-insights --region <region> --table-name <table> --contributor-insights-action ENABLE`).",
    ],
  },
  {
    id: "systemErrors",
    intent: INTENTS.systemErrors,
    source: (r) => ({ kind: "insights", label: "system errors per minute", query: overOperations("SUM", "SystemErrors", r) }),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      "By operation: `SELECT SUM(SystemErrors) FROM SCHEMA(\"AWS/DynamoDB\", Operation, TableName) WHERE TableName = '<table>' GROUP BY Operation`.",
      "AWS Health: `aws health describe-events --filter services=DYNAMODB,eventStatusCodes=open` (from us-east-1).",
    ],
  },
  {
    id: "latency",
    intent: INTENTS.latency,
    source: (r) => ({
      kind: "insights",
      label: "average successful request latency (ms)",
      query: overOperations("AVG", "SuccessfulRequestLatency", r),
    }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "By operation: `SELECT AVG(SuccessfulRequestLatency) FROM SCHEMA(\"AWS/DynamoDB\", Operation, TableName) WHERE TableName = '<table>' GROUP BY Operation` (Scan and Query grow with page size).",
      "Returned data: ReturnedItemCount and ReturnedBytes by operation over the same window.",
    ],
  },
  {
    id: "readCapacity",
    intent: INTENTS.readCapacity,
    appliesTo: (r) => r.provisioned,
    source: (r) => capacityShare(r, "Read"),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [AUTO_SCALING],
  },
  {
    id: "writeCapacity",
    intent: INTENTS.writeCapacity,
    appliesTo: (r) => r.provisioned,
    source: (r) => capacityShare(r, "Write"),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [AUTO_SCALING, "A bulk import or backfill: WriteThrottleEvents and ConsumedWriteCapacityUnits per index."],
  },
];

/** Grafana rows: throttle events, consumed and provisioned capacity, errors and latency by operation. */
export const DYNAMODB_DASHBOARD: AwsDashboardRows<DynamodbResource> = (p, tables) => {
  p.section(
    "dynamodb",
    "DynamoDB tables",
    tables.map((t) => [t.name, t.tableName]),
    "DynamoDB ${dynamodb}",
  );
  const dims = { TableName: "$dynamodb" };
  const byOperation = (metricName: string, stat: string) =>
    expression(
      p.region,
      `SEARCH('{${NS},Operation,TableName} MetricName="${metricName}" TableName="$dynamodb"', '${stat}', 60)`,
      "${PROP('Dim.Operation')}",
    );
  p.chart(
    "Throttle events",
    [metric(p.region, NS, "ReadThrottleEvents", dims, "Sum"), metric(p.region, NS, "WriteThrottleEvents", dims, "Sum")],
    "short",
    6,
  );
  p.chart(
    "Consumed capacity (units per minute)",
    [metric(p.region, NS, "ConsumedReadCapacityUnits", dims, "Sum"), metric(p.region, NS, "ConsumedWriteCapacityUnits", dims, "Sum")],
    "short",
    6,
  );
  p.chart(
    "Provisioned capacity (units per second)",
    [
      metric(p.region, NS, "ProvisionedReadCapacityUnits", dims, "Average"),
      metric(p.region, NS, "ProvisionedWriteCapacityUnits", dims, "Average"),
    ],
    "short",
    6,
  );
  p.chart("System errors by operation", [byOperation("SystemErrors", "Sum")], "short", 6);
  p.chart("Latency by operation", [byOperation("SuccessfulRequestLatency", "Average")], "ms", 24);
};
