/**
 * Metric names that differ between the engine versions the pinned exporters support, in one place for the rules and
 * the dashboards. Checked against the exporters' source at the versions the pinned charts deploy
 * (prometheus-mysql-exporter 2.14.0 = mysqld_exporter 0.19.0, prometheus-postgres-exporter 8.2.0 = postgres_exporter
 * 0.20.1).
 */

/**
 * mysqld_exporter names its slave_status metrics after the columns of the first statement the server accepts:
 * `SHOW SLAVE STATUS` up to MySQL 8.0 (column Seconds_Behind_Master), `SHOW REPLICA STATUS` on 8.4, where the old
 * statement is gone (Seconds_Behind_Source). SQL_Delay keeps its name in both.
 */
export const MYSQL_SECONDS_BEHIND = ["mysql_slave_status_seconds_behind_source", "mysql_slave_status_seconds_behind_master"] as const;
export const MYSQL_SQL_DELAY = "mysql_slave_status_sql_delay";

/** Replication lag of a MySQL replica in seconds, net of an intended delay, whichever name the server's version yields. */
export function mysqlReplicationLag(selector = ""): string {
  const behind = MYSQL_SECONDS_BEHIND.map((metric) => `${metric}${selector}`).join(" or ");
  return `((${behind}) - ${MYSQL_SQL_DELAY}${selector})`;
}

/**
 * postgres_exporter reports per collector whether its query worked. Some always fail on some engines (Aurora
 * PostgreSQL has no pg_last_xact_replay_timestamp(), so `replication` fails and pg_replication_lag_seconds is absent;
 * Aurora's lag comes from CloudWatch's AuroraReplicaLagMaximum instead).
 */
export const POSTGRES_COLLECTOR_SUCCESS = "pg_scrape_collector_success";
