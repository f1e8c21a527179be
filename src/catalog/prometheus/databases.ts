import { resolveTiers } from "../../plan/tiers";
import { Duration } from "../../spec/duration";
import { mysqlReplicationLag, POSTGRES_COLLECTOR_SUCCESS } from "./exporter-metrics";
import { type CatalogContext, type RuleGroupDefinition, tieredAlerts } from "./types";

/** Database alerts from postgres_exporter and mysqld_exporter metrics (the database exporters the stack deploys). */
export function databaseRules(context: CatalogContext): RuleGroupDefinition[] {
  const env = context.spec;
  const r5m = context.range(Duration.minutes(5));
  const r1m = context.range(Duration.minutes(1));
  const exporterDown = context.scaled(Duration.minutes(2));
  const connections = resolveTiers("databaseConnectionUtilization", env);
  const lag = resolveTiers("replicationLag", env);
  return [
    {
      name: "databases",
      engine: "prometheus",
      rules: [
        {
          kind: "alert",
          alert: "PostgresqlDown",
          expr: "pg_up == 0",
          for: exporterDown,
          severity: "critical",
          summary: "PostgreSQL is unreachable",
          description: "postgres_exporter {{ $labels.instance }} cannot connect to its database (pg_up = {{ $value }}).",
          runbook: {
            meaning:
              "The exporter's connection to PostgreSQL fails: the database is down, refuses connections or the exporter's credentials broke.",
            impact: "Applications using the database fail; database metrics are blind.",
            diagnosis: [
              "Exporter logs: `kubectl logs -n <namespace> deploy/<exporter>`; connect with `psql` from a pod in the cluster.",
              "On RDS: the instance status and events in the console.",
            ],
            mitigation: ["Restore the database (fail over, restart); rotate the exporter's password Secret if credentials expired."],
          },
        },
        ...tieredAlerts(context, connections, (v, op) => ({
          alert: "PostgresqlTooManyConnections",
          expr: `100 * sum by (instance) (pg_stat_activity_count) / on (instance) max by (instance) (pg_settings_max_connections) ${op} ${v}`,
          summary: "PostgreSQL connections are nearly exhausted",
          description: `{{ $labels.instance }} uses {{ printf "%.0f" $value }}% of max_connections (threshold ${v}%).`,
          runbook: {
            meaning: "Open connections approach `max_connections`; new ones will be refused.",
            impact: "Applications fail to get a connection and return errors.",
            diagnosis: [
              'By state and database: `sum by (datname, state) (pg_stat_activity_count{instance="<instance>"})`.',
              "`SELECT usename, application_name, state, count(*) FROM pg_stat_activity GROUP BY 1,2,3 ORDER BY 4 DESC;`",
            ],
            mitigation: ["Cap application pool sizes or add a pooler (PgBouncer); terminate idle-in-transaction sessions."],
          },
        })),
        // pg_replication_lag_seconds comes from the `replication` collector (default on) of postgres_exporter 0.13 and
        // later; the chart pins 0.20.1. Older exporters (Debian's 0.11.1) have no lag-in-seconds metric at all, only
        // pg_stat_replication_pg_wal_lsn_diff (bytes, on the primary, per connected replica): no name both emit.
        ...tieredAlerts(context, lag, (v, op) => ({
          alert: "PostgresqlReplicationLag",
          expr: `pg_replication_lag_seconds ${op} ${v}`,
          summary: "PostgreSQL replica lags behind",
          description: `Replica {{ $labels.instance }} is {{ printf "%.0f" $value }} s behind its primary (threshold ${v} s).`,
          runbook: {
            meaning: "The replica replays WAL later than the threshold allows.",
            impact: "Reads from the replica are stale; a failover would lose the lagging transactions.",
            diagnosis: ["`SELECT * FROM pg_stat_replication;` on the primary; network and disk I/O of the replica."],
            mitigation: ["Reduce write bursts or long queries on the replica (they block replay); scale the replica up."],
          },
        })),
        {
          kind: "alert",
          alert: "PostgresqlExporterCollectorFailing",
          // Only a collector that worked within the last day: those that never work on an engine (Aurora's
          // replication collector) would otherwise warn forever. A collector left broken goes quiet after a day.
          expr: `${POSTGRES_COLLECTOR_SUCCESS} == 0 and max_over_time(${POSTGRES_COLLECTOR_SUCCESS}[${context.range(Duration.days(1))}]) == 1`,
          for: context.scaled(Duration.minutes(15)),
          severity: "warning",
          summary: "A postgres_exporter collector stopped working",
          description:
            "Collector {{ $labels.collector }} of postgres_exporter {{ $labels.instance }} fails since it last worked (success = {{ $value }}): its metrics, and the alerts reading them, are gone.",
          runbook: {
            meaning: "A collector's query fails (a privilege was revoked, an extension or view changed after an engine upgrade).",
            impact: "Alerts on that collector's metrics cannot fire (replication: PostgresqlReplicationLag; stat_activity: connections).",
            diagnosis: [
              "Exporter logs name the failing query: `kubectl logs -n <namespace> deploy/<exporter> | grep -i collector`.",
              "Check the monitoring user still has `pg_monitor`.",
            ],
            mitigation: ["Restore the privilege, or disable the collector in the exporter's values when the engine cannot serve it."],
          },
        },
        {
          kind: "alert",
          alert: "PostgresqlDeadlocks",
          expr: `increase(pg_stat_database_deadlocks{datname!~"template.*"}[${r5m}]) > 5`,
          severity: "warning",
          summary: "PostgreSQL reports deadlocks",
          description: "{{ $value }} deadlocks in database {{ $labels.datname }} on {{ $labels.instance }} in the last 5 minutes.",
          runbook: {
            meaning: "Transactions wait on each other's locks and PostgreSQL aborts one of them.",
            impact: "Aborted transactions surface as application errors and retries.",
            diagnosis: ["The server log lists both statements of every deadlock (`log_lock_waits = on`)."],
            mitigation: ["Make the transactions take locks in one order; keep transactions short."],
          },
        },
        {
          kind: "alert",
          alert: "PostgresqlSlowQueries",
          expr: 'max by (instance, datname) (pg_stat_activity_max_tx_duration{state="active"}) > 300',
          for: context.scaled(Duration.minutes(5)),
          severity: "warning",
          summary: "PostgreSQL has long-running transactions",
          description: "A transaction in {{ $labels.datname }} on {{ $labels.instance }} has been active for {{ $value }} s.",
          runbook: {
            meaning: "A transaction has been running for more than 5 minutes.",
            impact: "Long transactions hold locks and block vacuum, bloating tables and slowing everyone.",
            diagnosis: ["`SELECT pid, now() - xact_start, query FROM pg_stat_activity WHERE state = 'active' ORDER BY 2 DESC;`"],
            mitigation: ["Cancel it (`SELECT pg_cancel_backend(<pid>);`) if it is not expected; add an index or a statement timeout."],
          },
        },
        {
          kind: "alert",
          alert: "MysqlDown",
          expr: "mysql_up == 0",
          for: exporterDown,
          severity: "critical",
          summary: "MySQL is unreachable",
          description: "mysqld_exporter {{ $labels.instance }} cannot connect to its database (mysql_up = {{ $value }}).",
          runbook: {
            meaning: "The exporter's connection to MySQL fails.",
            impact: "Applications using the database fail; database metrics are blind.",
            diagnosis: ["Exporter logs; connect with `mysql` from a pod in the cluster; RDS events."],
            mitigation: ["Restore the database; fix the exporter's credentials Secret."],
          },
        },
        ...tieredAlerts(context, connections, (v, op) => ({
          alert: "MysqlTooManyConnections",
          expr: `100 * max_over_time(mysql_global_status_threads_connected[${r1m}]) / mysql_global_variables_max_connections ${op} ${v}`,
          summary: "MySQL connections are nearly exhausted",
          description: `{{ $labels.instance }} uses {{ printf "%.0f" $value }}% of max_connections (threshold ${v}%).`,
          runbook: {
            meaning: "Connected threads approach `max_connections`.",
            impact: "New connections are refused with 'Too many connections'.",
            diagnosis: ["`SHOW PROCESSLIST;` grouped by user and host."],
            mitigation: ["Cap application pools; kill sleeping connections; raise max_connections if memory allows."],
          },
        })),
        ...tieredAlerts(context, lag, (v, op) => ({
          alert: "MysqlReplicationLag",
          expr: `${mysqlReplicationLag()} ${op} ${v}`,
          summary: "MySQL replica lags behind",
          description: `Replica {{ $labels.instance }} is {{ printf "%.0f" $value }} s behind (threshold ${v} s).`,
          runbook: {
            meaning: "The replica applies the binlog later than the threshold allows.",
            impact: "Stale reads; data loss on failover.",
            diagnosis: [
              "`SHOW REPLICA STATUS\\G` on the replica (MySQL 8.4 reports Seconds_Behind_Source, 8.0 Seconds_Behind_Master; the rule reads both).",
            ],
            mitigation: ["Reduce write bursts; enable parallel replication; scale the replica."],
          },
        })),
        {
          kind: "alert",
          alert: "MysqlSlowQueries",
          expr: `increase(mysql_global_status_slow_queries[${r5m}]) > 10`,
          severity: "warning",
          summary: "MySQL has slow queries",
          description: "{{ $value }} slow queries on {{ $labels.instance }} in the last 5 minutes.",
          runbook: {
            meaning: "Queries exceed `long_query_time`.",
            impact: "Slow queries hold connections and locks and slow the application.",
            diagnosis: ["The slow query log or `performance_schema.events_statements_summary_by_digest`."],
            mitigation: ["Add indexes; rewrite the query; cap its runtime."],
          },
        },
      ],
    },
  ];
}
