import * as cloudwatch from "@grafana/grafana-foundation-sdk/cloudwatch";
import { resolveTiers } from "../../plan/tiers";
import type { DatabaseSpec } from "../../spec/databases";
import { mysqlReplicationLag, POSTGRES_COLLECTOR_SUCCESS } from "../prometheus/exporter-metrics";
import { baseDashboard } from "./common";
import { type AlertTiers, alertTiers, ds, notePanel, promInstant, promQuery, row, statPanel, timeSeriesPanel } from "./panels";
import type { DashboardContext, DashboardDefinition } from "./types";

/** Databases: connections, query rate, latency and replication lag from the exporters the stack deploys. */
export const databasesDashboard: DashboardDefinition = {
  slug: "databases",
  title: "Databases",
  description:
    "Each database of kubernetes.databases through its exporter (postgres_exporter, mysqld_exporter): up, connections against the maximum, transactions or queries per second, slow work, replication lag (from CloudWatch on Aurora).",
  appliesTo: (spec) => (spec.kubernetes?.databases.length ?? 0) > 0,
  build(context) {
    const databases = context.spec.kubernetes?.databases ?? [];
    const withCloudWatch = context.dataSources.cloudwatch !== undefined && databases.some((db) => db.aurora);
    const builder = baseDashboard(context, databasesDashboard, withCloudWatch ? ["prometheus", "cloudwatch"] : ["prometheus"]);
    // Dashed lines at the alert's tiers (environment overrides applied).
    const lag = alertTiers(resolveTiers("replicationLag", context.spec));
    for (const db of databases) {
      builder.withRow(row(`${db.name} (${db.aurora ? "Aurora " : ""}${db.engine}, ${db.host})`));
      if (db.engine === "postgres") postgresPanels(builder, db);
      else mysqlPanels(builder, db);
      lagPanel(context, builder, db, lag);
    }
    return builder;
  },
};

/**
 * Replication lag against the alert's tiers: from the exporter, or on Aurora (whose replication the exporters cannot
 * see) CloudWatch's AuroraReplicaLagMaximum of the cluster, in milliseconds.
 */
function lagPanel(context: DashboardContext, builder: ReturnType<typeof baseDashboard>, db: DatabaseSpec, lag: AlertTiers): void {
  const title = `${db.name}: replication lag`;
  if (db.aurora) {
    const cluster = db.aurora.clusterIdentifier;
    if (context.dataSources.cloudwatch === undefined) {
      builder.withPanel(
        notePanel(
          title,
          `Aurora replicates in its storage layer: the exporter has no replication metrics. Replica lag is CloudWatch's \`AuroraReplicaLagMaximum\` of cluster \`${cluster}\` (AWS/RDS), and this Grafana has no CloudWatch data source.`,
          { width: 8, height: 8 },
        ),
      );
      return;
    }
    const region = context.spec.cloud?.provider === "aws" ? context.spec.cloud.region : "default";
    const query = new cloudwatch.MetricsQueryBuilder()
      .datasource(ds("cloudwatch"))
      .queryMode(cloudwatch.QueryMode.Metrics)
      .metricQueryType(cloudwatch.MetricQueryType.Search)
      .metricEditorMode(cloudwatch.MetricEditorMode.Builder)
      .region(region)
      .namespace("AWS/RDS")
      .metricName("AuroraReplicaLagMaximum")
      .dimensions({ DBClusterIdentifier: cluster })
      .matchExact(true)
      .statistic("Maximum")
      .period("")
      .label("lag");
    builder.withPanel(
      timeSeriesPanel(title, [query], {
        kind: "cloudwatch",
        unit: "ms",
        width: 8,
        tiers: { ...(lag.warning !== undefined ? { warning: lag.warning * 1000 } : {}), critical: lag.critical * 1000 },
        description: `Aurora: CloudWatch's AuroraReplicaLagMaximum of cluster ${cluster} (the slowest reader), as the exporter cannot see storage-level replication. Dashed lines: the replicationLag tiers.`,
      }),
    );
    return;
  }
  const expr = db.engine === "postgres" ? `max(pg_replication_lag_seconds{${jobOf(db)}})` : `max(${mysqlReplicationLag(`{${jobOf(db)}}`)})`;
  builder.withPanel(
    timeSeriesPanel(title, [promQuery(expr, "lag")], {
      unit: "s",
      width: db.engine === "postgres" ? 8 : 12,
      tiers: lag,
      description:
        db.engine === "postgres"
          ? "On a replica: how far it is behind its primary (0 on a primary)."
          : "On a replica: Seconds_Behind_Source (MySQL 8.4) or Seconds_Behind_Master (8.0) less SQL_Delay. Empty on a primary.",
    }),
  );
}

/** Series of one database: the exporter's scrape job is named after its release, `<engine>-exporter-<name>`. */
function jobOf(db: DatabaseSpec): string {
  return `job=~"${db.engine}-exporter-${db.name}.*"`;
}

const upSteps: ReadonlyArray<readonly [number | null, string]> = [
  [null, "red"],
  [1, "green"],
];

function postgresPanels(builder: ReturnType<typeof baseDashboard>, db: DatabaseSpec): void {
  const job = jobOf(db);
  builder
    .withPanel(statPanel(`${db.name}: up`, [promInstant(`min(pg_up{${job}})`)], { steps: upSteps, width: 4, height: 8 }))
    .withPanel(
      statPanel(
        `${db.name}: collectors failing`,
        [promInstant(`sum by (collector) (1 - ${POSTGRES_COLLECTOR_SUCCESS}{${job}})`, "{{collector}}")],
        {
          steps: [
            [null, "green"],
            [1, "red"],
          ],
          width: 4,
          height: 8,
          description: `Red: a collector's query fails at every scrape (${POSTGRES_COLLECTOR_SUCCESS} = 0), so its metrics and the alerts reading them are gone. On Aurora the replication collector always fails: its lag comes from CloudWatch.`,
        },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        `${db.name}: connections`,
        [
          promQuery(`sum(pg_stat_activity_count{${job}})`, "connections"),
          promQuery(`max(pg_settings_max_connections{${job}})`, "max_connections"),
        ],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        `${db.name}: transactions`,
        [
          promQuery(`sum(rate(pg_stat_database_xact_commit{${job}, datname!~"template.*"}[$__rate_interval]))`, "commits"),
          promQuery(`sum(rate(pg_stat_database_xact_rollback{${job}, datname!~"template.*"}[$__rate_interval]))`, "rollbacks"),
        ],
        { unit: "ops", width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        `${db.name}: longest active transaction`,
        [promQuery(`max(pg_stat_activity_max_tx_duration{${job}, state="active"})`, "longest")],
        { unit: "s", width: 8, description: "Latency proxy: how long the oldest running transaction has been going." },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        `${db.name}: deadlocks`,
        [promQuery(`sum(increase(pg_stat_database_deadlocks{${job}}[$__rate_interval]))`, "deadlocks")],
        { width: 8 },
      ),
    );
}

function mysqlPanels(builder: ReturnType<typeof baseDashboard>, db: DatabaseSpec): void {
  const job = jobOf(db);
  builder
    .withPanel(statPanel(`${db.name}: up`, [promInstant(`min(mysql_up{${job}})`)], { steps: upSteps, width: 4 }))
    .withPanel(
      timeSeriesPanel(
        `${db.name}: connections`,
        [
          promQuery(`sum(mysql_global_status_threads_connected{${job}})`, "connections"),
          promQuery(`max(mysql_global_variables_max_connections{${job}})`, "max_connections"),
        ],
        { width: 10 },
      ),
    )
    .withPanel(
      timeSeriesPanel(`${db.name}: queries`, [promQuery(`sum(rate(mysql_global_status_queries{${job}}[$__rate_interval]))`, "queries")], {
        unit: "ops",
        width: 10,
      }),
    )
    .withPanel(
      timeSeriesPanel(
        `${db.name}: slow queries`,
        [promQuery(`sum(rate(mysql_global_status_slow_queries{${job}}[$__rate_interval]))`, "slow queries")],
        { unit: "ops", width: 12, description: "Latency proxy: queries slower than long_query_time." },
      ),
    );
}
