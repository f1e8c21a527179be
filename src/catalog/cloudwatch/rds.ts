import type { z } from "zod";
import type { rdsWatchSchema } from "../../spec/clouds/aws-watch";
import { ALARM_INTENTS } from "../alarm-intents";
import { COMMON_PRESETS } from "../common-presets";
import { type AwsDashboardRows, metric } from "../dashboards/aws-panels";
import { LAST_HOURS } from "../runbooks/facts";
import type { RunbookFacts } from "../runbooks/types";
import { type CloudWatchMetric, type CloudWatchPreset, type CloudWatchStatistic, convert } from "./types";

type RdsResource = z.output<typeof rdsWatchSchema>;

/** An RDS instance by DBInstanceIdentifier, an Aurora cluster by DBClusterIdentifier (the worst of its instances). */
function rds(
  r: RdsResource,
  metricName: string,
  instanceStatistic: CloudWatchStatistic,
  clusterStatistic = instanceStatistic,
): CloudWatchMetric {
  return r.kind === "cluster"
    ? { namespace: "AWS/RDS", metricName, dimensions: { DBClusterIdentifier: r.identifier }, statistic: clusterStatistic }
    : { namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: r.identifier }, statistic: instanceStatistic };
}

/**
 * Runbook facts of a database: the instance the CLI commands take (an Aurora cluster's writer), its dimension, its
 * Performance Insights id and parameter group (looked up by the command itself: the spec does not know them), and the
 * last 3 hours as the time range.
 */
export function rdsRunbookFacts(r: RdsResource): RunbookFacts {
  const instance =
    r.kind === "cluster"
      ? `$(aws rds describe-db-clusters --region <region> --db-cluster-identifier ${r.identifier} --query 'DBClusters[0].DBClusterMembers[?IsClusterWriter].DBInstanceIdentifier' --output text)`
      : r.identifier;
  const describe = (query: string) =>
    `$(aws rds describe-db-instances --region <region> --db-instance-identifier ${instance} --query '${query}' --output text)`;
  return {
    "db-instance": instance,
    dimensions: `Name=${r.kind === "cluster" ? "DBClusterIdentifier" : "DBInstanceIdentifier"},Value=${r.identifier}`,
    "resource-id": describe("DBInstances[0].DbiResourceId"),
    "parameter-group": describe("DBInstances[0].DBParameterGroups[0].DBParameterGroupName"),
    ...LAST_HOURS,
  };
}

/**
 * RDS instances and Aurora clusters. Connections are alarmed as a share of `maxConnections` from the spec:
 * CloudWatch only reports the count and max_connections depends on engine, class and parameter group, so the
 * preset is skipped when the spec does not say (docs/guides/clouds.md, "AWS presets").
 */
export const RDS_PRESETS: readonly CloudWatchPreset<RdsResource>[] = [
  {
    ...COMMON_PRESETS.databaseCpu,
    source: (r) => ({ kind: "metric", metric: rds(r, "CPUUtilization", "Average", "Maximum") }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      'Top SQL: Performance Insights, or `aws pi get-resource-metrics --region <region> --service-type RDS --identifier <resource-id> --metric-queries \'[{"Metric":"db.load.avg","GroupBy":{"Group":"db.sql_tokenized"}}]\' --start-time <t0> --end-time <t1>`.',
      "PostgreSQL: `SELECT pid, now() - query_start AS age, query FROM pg_stat_activity WHERE state = 'active' ORDER BY age DESC LIMIT 10;`",
    ],
    mitigation: [
      "Kill a runaway query (`SELECT pg_cancel_backend(<pid>)`); `aws rds modify-db-instance --region <region> --db-instance-identifier <db-instance> --db-instance-class <larger> --apply-immediately`.",
    ],
  },
  {
    ...COMMON_PRESETS.databaseStorage,
    // Aurora storage grows by itself; what can fill up is the instances' local (temporary) storage.
    source: (r) => ({ kind: "metric", metric: rds(r, r.kind === "cluster" ? "FreeLocalStorage" : "FreeStorageSpace", "Minimum") }),
    periodSeconds: 300,
    convert: convert.gibibytesToBytes,
    metricUnit: "bytes",
    // A database that stops reporting free storage is down or gone: say so.
    treatMissingData: "breaching",
    diagnosis: [
      "`aws rds describe-db-instances --region <region> --db-instance-identifier <db-instance> --query 'DBInstances[0].[AllocatedStorage,MaxAllocatedStorage]'`",
      "PostgreSQL: `SELECT relname, pg_size_pretty(pg_total_relation_size(relid)) FROM pg_catalog.pg_statio_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 10;`",
      "Metric: `aws cloudwatch get-metric-statistics --region <region> --namespace AWS/RDS --metric-name FreeStorageSpace --dimensions <dimensions> --statistics Minimum --period 3600 --start-time <t0> --end-time <t1>` (growth rate).",
    ],
    mitigation: [
      "`aws rds modify-db-instance --region <region> --db-instance-identifier <db-instance> --allocated-storage <GiB> --max-allocated-storage <GiB> --apply-immediately`",
    ],
  },
  {
    id: "freeMemory",
    intent: ALARM_INTENTS.databaseMemory,
    source: (r) => ({ kind: "metric", metric: rds(r, "FreeableMemory", "Minimum") }),
    periodSeconds: 300,
    convert: convert.mebibytesToBytes,
    metricUnit: "bytes",
    treatMissingData: "missing",
    diagnosis: [
      "Connections and their memory: `SELECT count(*), state FROM pg_stat_activity GROUP BY state;` (work_mem is per sort, per connection).",
      "Swap: `aws cloudwatch get-metric-statistics --region <region> --namespace AWS/RDS --metric-name SwapUsage --dimensions <dimensions> --statistics Maximum --period 300 --start-time <t0> --end-time <t1>`",
    ],
  },
  {
    ...COMMON_PRESETS.databaseConnections,
    // max_connections is per instance: an Aurora cluster is judged by its busiest instance (Maximum), not the sum of them.
    source: (r) => ({ kind: "metric", metric: rds(r, "DatabaseConnections", "Maximum") }),
    periodSeconds: 60,
    appliesTo: (r) => r.maxConnections !== undefined,
    convert: (percent, r) => Math.floor(convert.percentOf(percent, r.maxConnections ?? 0)),
    metricUnit: "connections",
    treatMissingData: "missing",
    diagnosis: [
      "PostgreSQL: `SELECT usename, application_name, client_addr, state, count(*) FROM pg_stat_activity GROUP BY 1,2,3,4 ORDER BY 5 DESC;`",
      "MySQL: `SELECT user, host, command, count(*) FROM information_schema.processlist GROUP BY 1,2,3 ORDER BY 4 DESC;`",
      "Check max_connections: `aws rds describe-db-parameters --region <region> --db-parameter-group-name <parameter-group> --query \"Parameters[?ParameterName=='max_connections']\"`",
    ],
  },
  {
    id: "readLatency",
    intent: ALARM_INTENTS.databaseReadLatency,
    source: (r) => ({ kind: "metric", metric: rds(r, "ReadLatency", "Average", "Maximum") }),
    periodSeconds: 60,
    convert: convert.millisecondsToSeconds,
    metricUnit: "s",
    treatMissingData: "missing",
    diagnosis: [
      "IOPS against the volume's limit: `aws cloudwatch get-metric-data --region <region>` on ReadIOPS, WriteIOPS, DiskQueueDepth, and for gp2 BurstBalance.",
      `Storage settings: \`aws rds describe-db-instances --region <region> --db-instance-identifier <db-instance> --query 'DBInstances[0].[StorageType,Iops,StorageThroughput]'\`.`,
    ],
  },
  {
    id: "writeLatency",
    intent: ALARM_INTENTS.databaseWriteLatency,
    source: (r) => ({ kind: "metric", metric: rds(r, "WriteLatency", "Average", "Maximum") }),
    periodSeconds: 60,
    convert: convert.millisecondsToSeconds,
    metricUnit: "s",
    treatMissingData: "missing",
    diagnosis: ["WriteIOPS, WriteThroughput and DiskQueueDepth over the same window; a bulk job or a checkpoint storm shows there."],
  },
  {
    id: "replicaLag",
    intent: ALARM_INTENTS.databaseReplicaLag,
    // RDS reports ReplicaLag (s) on read replicas; Aurora reports AuroraReplicaLagMaximum (ms) per cluster.
    source: (r) => ({ kind: "metric", metric: rds(r, r.kind === "cluster" ? "AuroraReplicaLagMaximum" : "ReplicaLag", "Maximum") }),
    periodSeconds: 60,
    convert: (seconds, r) => (r.kind === "cluster" ? convert.secondsToMilliseconds(seconds) : seconds),
    // Primaries without replicas report nothing: not a lag.
    treatMissingData: "notBreaching",
    diagnosis: [
      "PostgreSQL primary: `SELECT client_addr, state, replay_lag FROM pg_stat_replication;`",
      "Long transactions on the primary: `SELECT pid, now() - xact_start AS age, query FROM pg_stat_activity WHERE xact_start IS NOT NULL ORDER BY age DESC LIMIT 5;`",
    ],
  },
];

/** Grafana rows: instances and clusters apart (their dimensions differ). */
export const RDS_DASHBOARD: AwsDashboardRows<RdsResource> = (p, databases) => {
  for (const kind of ["instance", "cluster"] as const) {
    const dbs = databases.filter((db) => db.kind === kind);
    if (dbs.length === 0) continue;
    const variable = `rds_${kind}`;
    const dims = { [kind === "cluster" ? "DBClusterIdentifier" : "DBInstanceIdentifier"]: `$${variable}` };
    p.section(
      variable,
      kind === "cluster" ? "RDS clusters" : "RDS instances",
      dbs.map((db) => [db.name, db.identifier]),
      `RDS ${kind} \${${variable}}`,
    );
    p.chart("CPU", [metric(p.region, "AWS/RDS", "CPUUtilization", dims, kind === "cluster" ? "Maximum" : "Average")], "percent", 6);
    p.chart("Connections", [metric(p.region, "AWS/RDS", "DatabaseConnections", dims, "Maximum")], "short", 6);
    p.chart(
      "Read / write latency",
      [metric(p.region, "AWS/RDS", "ReadLatency", dims, "Average"), metric(p.region, "AWS/RDS", "WriteLatency", dims, "Average")],
      "s",
      6,
    );
    p.chart(
      "Replica lag",
      [metric(p.region, "AWS/RDS", kind === "cluster" ? "AuroraReplicaLagMaximum" : "ReplicaLag", dims, "Maximum")],
      kind === "cluster" ? "ms" : "s",
      6,
    );
  }
};
