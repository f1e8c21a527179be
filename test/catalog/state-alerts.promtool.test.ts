import { describe, expect, it } from "vitest";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { realTool, writeTree } from "../support/tools";
import { TEST_ENVIRONMENT } from "./environment";
import { SERVICE } from "./fixtures";
import { counter, gauge, once, type PromtoolCase, promtoolTests, type Series } from "./promtool";

/**
 * Every single-tier alert of the catalog, from the real exporters' series: firing once its condition has held for its
 * `for:` (or at once, for alerts without one), and not before. The tiered alerts have their own harness
 * (thresholds.promtool.test.ts) and the incident scenarios cover the rest.
 */
const promtool = realTool("promtool");
const artifacts = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT));
const dir = writeTree(artifacts.files, "promtool-state-");
const ruleFiles = Object.keys(artifacts.files).filter((p) => p.startsWith("prometheus/rules/"));
const lbl = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ")}}`;
const serviceLabels = { ...SERVICE, service: "checkout", team: "payments" };

interface StateCase {
  readonly alert: string;
  /** Series in the bad state for `minutes` one-minute samples. */
  readonly bad: (minutes: number) => Series[];
  /** Series just short of the condition (alerts without `for:`), checked at `fireAt`. */
  readonly nearly?: (minutes: number) => Series[];
  /** Labels the alert carries besides alertname and severity. */
  readonly labels: Record<string, string>;
  readonly severity: "critical" | "warning";
  readonly fireAt: number;
  /** A time the condition holds but `for:` has not elapsed. */
  readonly quietAt?: number;
}

const prom = { instance: "10.0.0.5:9090", job: "kube-prometheus-prometheus" };
const CASES: StateCase[] = [
  ...(
    [
      ["TracesRefused", "receiver", "otlp", "otelcol_receiver_refused_spans_total", "otelcol_receiver_accepted_spans_total"],
      ["TracesExportFailing", "exporter", "otlp/jaeger", "otelcol_exporter_send_failed_spans_total", "otelcol_exporter_sent_spans_total"],
    ] as const
  ).map(([alert, stage, component, lost, passed]) => {
    // The collector gateway loses 1 span in 10.
    const labels = { job: "otel-collector", [stage]: component };
    const target = { ...labels, instance: "10.0.0.7:8888" };
    return {
      alert,
      bad: (m: number) => [
        { series: `${lost}${lbl(target)}`, values: counter(10, m) },
        { series: `${passed}${lbl(target)}`, values: counter(90, m) },
      ],
      labels,
      severity: "warning" as const,
      fireAt: 25,
      quietAt: 10,
    };
  }),
  {
    alert: "PrometheusRuleEvaluationFailures",
    bad: (m) => [
      { series: `prometheus_rule_evaluation_failures_total${lbl({ ...prom, rule_group: "hosts" })}`, values: counter(1 / 60, m) },
    ],
    labels: { ...prom, rule_group: "hosts" },
    severity: "critical",
    fireAt: 25,
    quietAt: 10,
  },
  {
    alert: "PrometheusTargetsDown",
    bad: (m) => [
      { series: `up${lbl({ job: "api", namespace: "shop", instance: "a" })}`, values: gauge(1, m) },
      { series: `up${lbl({ job: "api", namespace: "shop", instance: "b" })}`, values: gauge(0, m) },
    ],
    labels: { job: "api", namespace: "shop" },
    severity: "warning",
    fireAt: 15,
    quietAt: 5,
  },
  {
    alert: "KubeDeploymentReplicasMismatch",
    bad: (m) => [
      { series: `kube_deployment_spec_replicas${lbl({ namespace: "shop", deployment: "checkout" })}`, values: gauge(3, m) },
      { series: `kube_deployment_status_replicas_available${lbl({ namespace: "shop", deployment: "checkout" })}`, values: gauge(1, m) },
    ],
    labels: { namespace: "shop", deployment: "checkout" },
    severity: "warning",
    fireAt: 20,
    quietAt: 10,
  },
  {
    alert: "KubeStatefulSetReplicasMismatch",
    bad: (m) => [
      { series: `kube_statefulset_status_replicas_ready${lbl({ namespace: "shop", statefulset: "orders-db" })}`, values: gauge(1, m) },
      { series: `kube_statefulset_status_replicas${lbl({ namespace: "shop", statefulset: "orders-db" })}`, values: gauge(3, m) },
    ],
    labels: { namespace: "shop", statefulset: "orders-db" },
    severity: "warning",
    fireAt: 20,
    quietAt: 10,
  },
  {
    alert: "KubeJobFailed",
    bad: (m) => [
      { series: `kube_job_failed${lbl({ namespace: "shop", job_name: "nightly-report", condition: "true" })}`, values: gauge(1, m) },
    ],
    labels: { namespace: "shop", job_name: "nightly-report", condition: "true" },
    severity: "warning",
    fireAt: 20,
    quietAt: 10,
  },
  {
    alert: "KubeNodeNotReady",
    bad: (m) => [
      { series: `kube_node_status_condition${lbl({ node: "node-2", condition: "Ready", status: "true" })}`, values: gauge(0, m) },
    ],
    labels: { node: "node-2", condition: "Ready", status: "true" },
    severity: "critical",
    fireAt: 4,
    quietAt: 2,
  },
  {
    alert: "NodeExporterDown",
    bad: (m) => [
      {
        series: `up${lbl({ job: "node-exporter", namespace: "monitoring", pod: "node-exporter-x7k2p", instance: "10.0.3.4:9100" })}`,
        values: gauge(0, m),
      },
      {
        series: `kube_pod_info${lbl({ namespace: "monitoring", pod: "node-exporter-x7k2p", node: "node-3", uid: "a1" })}`,
        values: gauge(1, m),
      },
    ],
    labels: { job: "node-exporter", namespace: "monitoring", pod: "node-exporter-x7k2p", instance: "10.0.3.4:9100", node: "node-3" },
    severity: "warning",
    fireAt: 8,
    quietAt: 3,
  },
  {
    alert: "PostgresqlDown",
    bad: (m) => [{ series: `pg_up${lbl({ instance: "orders-db:9187", job: "postgres-exporter" })}`, values: gauge(0, m) }],
    labels: { instance: "orders-db:9187", job: "postgres-exporter" },
    severity: "critical",
    fireAt: 5,
    quietAt: 1,
  },
  {
    alert: "MysqlDown",
    bad: (m) => [{ series: `mysql_up${lbl({ instance: "shop-mysql:9104", job: "mysql-exporter" })}`, values: gauge(0, m) }],
    labels: { instance: "shop-mysql:9104", job: "mysql-exporter" },
    severity: "critical",
    fireAt: 5,
    quietAt: 1,
  },
  {
    alert: "PostgresqlDeadlocks",
    bad: (m) => [
      { series: `pg_stat_database_deadlocks${lbl({ instance: "orders-db:9187", datname: "orders" })}`, values: counter(2 / 60, m) },
    ],
    nearly: (m) => [
      { series: `pg_stat_database_deadlocks${lbl({ instance: "orders-db:9187", datname: "orders" })}`, values: counter(0.5 / 60, m) },
    ],
    labels: { instance: "orders-db:9187", datname: "orders" },
    severity: "warning",
    fireAt: 10,
  },
  {
    alert: "PostgresqlSlowQueries",
    bad: (m) => [
      {
        series: `pg_stat_activity_max_tx_duration${lbl({ instance: "orders-db:9187", datname: "orders", state: "active" })}`,
        values: gauge(600, m),
      },
    ],
    labels: { instance: "orders-db:9187", datname: "orders" },
    severity: "warning",
    fireAt: 8,
    quietAt: 3,
  },
  {
    alert: "MysqlSlowQueries",
    bad: (m) => [{ series: `mysql_global_status_slow_queries${lbl({ instance: "shop-mysql:9104" })}`, values: counter(5 / 60, m) }],
    nearly: (m) => [{ series: `mysql_global_status_slow_queries${lbl({ instance: "shop-mysql:9104" })}`, values: counter(1 / 60, m) }],
    labels: { instance: "shop-mysql:9104" },
    severity: "warning",
    fireAt: 10,
  },
  {
    alert: "ServiceRequestRateCollapse",
    // 100 requests/s for 70 minutes, then 10/s: under a fifth of an hour earlier.
    bad: (m) => [
      { series: `http_requests_total${lbl({ ...SERVICE, code: "200" })}`, values: `0+6000x70 420600+600x${Math.max(1, m - 70)}` },
    ],
    labels: serviceLabels,
    severity: "warning",
    fireAt: 90,
    quietAt: 78,
  },
  {
    alert: "ServiceNotScraped",
    // Prometheus runs (its own target is up) but nothing matches the service.
    bad: (m) => [{ series: `up${lbl(prom)}`, values: gauge(1, m) }],
    labels: serviceLabels,
    severity: "warning",
    fireAt: 20,
    quietAt: 10,
  },
];

function firingSeries(c: StateCase): string {
  const labels = { alertname: c.alert, alertstate: "firing", ...c.labels, severity: c.severity };
  return `ALERTS${lbl(labels)}`;
}

describe.skipIf(promtool.skip)("every single-tier alert, in promtool", () => {
  it("covers every alert that neither the tiered harness nor the scenarios cover", () => {
    const tiered = new Set(
      artifacts.alerts
        .filter((a) => artifacts.alerts.filter((b) => b.alert === a.alert && b.labels?.service === a.labels?.service).length === 2)
        .map((a) => a.alert),
    );
    const scenarios = new Set([
      "Watchdog",
      "HostDiskFillingUp",
      "ServiceTargetDown",
      "KubePodCrashLooping",
      "ServiceErrorBudgetBurn",
      // anomaly.promtool.test.ts: over days of generated traffic.
      "ServiceTrafficSurge",
      "ServiceTrafficDrop",
      "ServiceLatencyAnomaly",
      "PostgresqlExporterCollectorFailing",
      "ServiceAnomalyDetectionWarmingUp",
    ]);
    // Loki ruler alerts (LogQL) cannot run in promtool; their queries are parsed in artifacts-validators.test.ts.
    const prometheusAlerts = new Set(
      Object.values(artifacts.prometheusRules).flatMap((f) => f.groups.flatMap((g) => g.rules.map((r) => r.alert))),
    );
    const single = [...new Set(artifacts.alerts.map((a) => a.alert))].filter(
      (a) => prometheusAlerts.has(a) && !tiered.has(a) && !scenarios.has(a),
    );
    expect(single.sort()).toEqual(CASES.map((c) => c.alert).sort());
  });

  /** An alert's cases: firing once its condition has held long enough and not before, and quiet just short of it. */
  function casesOf(c: StateCase): PromtoolCase[] {
    const minutes = c.fireAt + 10;
    const query = `ALERTS{alertname="${c.alert}", alertstate="firing"}`;
    return [
      {
        name: `${c.alert} fires`,
        input_series: c.bad(minutes),
        promql_expr_test: [
          { expr: query, eval_time: `${c.fireAt}m`, exp_samples: [{ labels: firingSeries(c), value: 1 }] },
          ...(c.quietAt !== undefined ? [{ expr: query, eval_time: `${c.quietAt}m`, exp_samples: [] }] : []),
        ],
      },
      ...(c.nearly
        ? [
            {
              name: `${c.alert} stays quiet just short of it`,
              input_series: c.nearly(minutes),
              promql_expr_test: [{ expr: query, eval_time: `${c.fireAt}m`, exp_samples: [] }],
            },
          ]
        : []),
    ];
  }

  // One promtool run for every alert (a test file each, so each test reads its own section of the report), each
  // against the rules that decide it.
  const results = once(() =>
    promtoolTests(promtool.path as string, dir, Object.fromEntries(CASES.map((c) => [c.alert, { ruleFiles, cases: casesOf(c) }]))),
  );

  it.each(CASES)(
    "$alert fires once its condition has held long enough, and not before",
    async (c) => {
      const result = (await results())[c.alert];
      expect(result.output).toContain("SUCCESS");
      expect(result.status, result.output).toBe(0);
    },
    240_000,
  );
});
