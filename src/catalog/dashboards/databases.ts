import type { DatabaseSpec } from "../../spec/databases";
import { mysqlReplicationLag } from "../prometheus/exporter-metrics";
import { resolveThreshold } from "../thresholds";
import { baseDashboard } from "./common";
import { type AlertTiers, alertTiers, promInstant, promQuery, row, statPanel, timeSeriesPanel } from "./panels";
import type { DashboardDefinition } from "./types";

/** Databases: connections, query rate, latency and replication lag from the exporters the stack deploys. */
export const databasesDashboard: DashboardDefinition = {
  slug: "databases",
  title: "Databases",
  description:
    "Each database of kubernetes.databases through its exporter (postgres_exporter, mysqld_exporter): up, connections against the maximum, transactions or queries per second, slow work, replication lag.",
  appliesTo: (spec) => (spec.kubernetes?.databases.length ?? 0) > 0,
  build(context) {
    const builder = baseDashboard(context, databasesDashboard, ["prometheus"]);
    // Dashed lines at the alert's tiers (environment overrides applied).
    const lag = alertTiers(resolveThreshold("replicationLag", context.spec.thresholds));
    for (const db of context.spec.kubernetes?.databases ?? []) {
      builder.withRow(row(`${db.name} (${db.engine}, ${db.host})`));
      if (db.engine === "postgres") postgresPanels(builder, db, lag);
      else mysqlPanels(builder, db, lag);
    }
    return builder;
  },
};

/** Series of one database: the exporter's scrape job is named after its release, `<engine>-exporter-<name>`. */
function jobOf(db: DatabaseSpec): string {
  return `job=~"${db.engine}-exporter-${db.name}.*"`;
}

const upSteps: ReadonlyArray<readonly [number | null, string]> = [
  [null, "red"],
  [1, "green"],
];

function postgresPanels(builder: ReturnType<typeof baseDashboard>, db: DatabaseSpec, lag: AlertTiers): void {
  const job = jobOf(db);
  builder
    .withPanel(statPanel(`${db.name}: up`, [promInstant(`min(pg_up{${job}})`)], { steps: upSteps, width: 4 }))
    .withPanel(
      timeSeriesPanel(
        `${db.name}: connections`,
        [
          promQuery(`sum(pg_stat_activity_count{${job}})`, "connections"),
          promQuery(`max(pg_settings_max_connections{${job}})`, "max_connections"),
        ],
        { width: 10 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        `${db.name}: transactions`,
        [
          promQuery(`sum(rate(pg_stat_database_xact_commit{${job}, datname!~"template.*"}[$__rate_interval]))`, "commits"),
          promQuery(`sum(rate(pg_stat_database_xact_rollback{${job}, datname!~"template.*"}[$__rate_interval]))`, "rollbacks"),
        ],
        { unit: "ops", width: 10 },
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
    )
    .withPanel(
      timeSeriesPanel(`${db.name}: replication lag`, [promQuery(`max(pg_replication_lag_seconds{${job}})`, "lag")], {
        unit: "s",
        width: 8,
        tiers: lag,
        description: "On a replica: how far it is behind its primary.",
      }),
    );
}

function mysqlPanels(builder: ReturnType<typeof baseDashboard>, db: DatabaseSpec, lag: AlertTiers): void {
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
    )
    .withPanel(
      timeSeriesPanel(`${db.name}: replication lag`, [promQuery(`max(${mysqlReplicationLag(`{${job}}`)})`, "lag")], {
        unit: "s",
        width: 12,
        tiers: lag,
      }),
    );
}
