import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { Duration } from "../../src/spec/duration";
import { realTool, writeTree } from "../support/tools";
import { TEST_ENVIRONMENT } from "./environment";
import { SERVICE } from "./fixtures";
import {
  type AlertCheck,
  counter,
  expandAnnotation,
  gauge,
  type PromtoolCase,
  type PromtoolTestFile,
  promtoolBatch,
  type Series,
} from "./promtool";

/**
 * Realistic incidents, built from the series the real exporters publish, against the rule files `export` writes:
 * each must raise the matching alert at a paging-worthy severity, and a healthy system must raise only the Watchdog.
 */
const promtool = realTool("promtool");
const artifacts = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT));
const dir = writeTree(artifacts.files, "promtool-scenarios-");
const allRuleFiles = Object.keys(artifacts.files).filter((p) => p.startsWith("prometheus/rules/"));
const node = { instance: "node-1:9100", job: "node-exporter" };
const lbl = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ")}}`;

/** The alert as promtool reports it: labels plus the annotations expanded for `value`. */
function firing(alert: string, severity: string, labels: Record<string, string>, value: number) {
  const rule = artifacts.alerts.find((a) => a.alert === alert && a.severity === severity);
  if (!rule) throw new Error(`no ${severity} ${alert} in the catalog`);
  const all = { ...rule.labels, ...labels, severity };
  return {
    exp_labels: all,
    exp_annotations: {
      summary: rule.summary,
      description: expandAnnotation(rule.description, all, value),
      runbook_url: `runbooks/${alert}.md`,
    },
  };
}

/** A healthy node, service and cluster for `minutes` minutes. */
function healthy(minutes: number, overrides: Record<string, Series[]> = {}): Series[] {
  const parts: Record<string, Series[]> = {
    cpu: ["0", "1"].map((cpu) => ({
      series: `node_cpu_seconds_total${lbl({ ...node, cpu, mode: "idle" })}`,
      values: counter(0.8, minutes),
    })),
    memory: [
      { series: `node_memory_MemTotal_bytes${lbl(node)}`, values: gauge(16e9, minutes) },
      { series: `node_memory_MemAvailable_bytes${lbl(node)}`, values: gauge(10e9, minutes) },
    ],
    disk: [
      {
        series: `node_filesystem_size_bytes${lbl({ ...node, device: "/dev/nvme0n1p1", fstype: "ext4", mountpoint: "/" })}`,
        values: gauge(100e9, minutes),
      },
      {
        series: `node_filesystem_avail_bytes${lbl({ ...node, device: "/dev/nvme0n1p1", fstype: "ext4", mountpoint: "/" })}`,
        values: gauge(70e9, minutes),
      },
      {
        series: `node_filesystem_readonly${lbl({ ...node, device: "/dev/nvme0n1p1", fstype: "ext4", mountpoint: "/" })}`,
        values: gauge(0, minutes),
      },
    ],
    requests: [
      { series: `http_requests_total${lbl({ ...SERVICE, code: "200" })}`, values: counter(99.95, minutes) },
      { series: `http_requests_total${lbl({ ...SERVICE, code: "500" })}`, values: counter(0.05, minutes) },
    ],
    latency: [
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "0.1" })}`, values: counter(95, minutes) },
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "0.25" })}`, values: counter(100, minutes) },
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "+Inf" })}`, values: counter(100, minutes) },
    ],
    up: [{ series: `up${lbl({ ...SERVICE, instance: "10.0.0.7:8080" })}`, values: gauge(1, minutes) }],
    kube: [
      { series: `kube_node_status_condition${lbl({ node: "node-1", condition: "Ready", status: "true" })}`, values: gauge(1, minutes) },
      { series: `kube_deployment_spec_replicas${lbl({ namespace: "shop", deployment: "checkout" })}`, values: gauge(3, minutes) },
      {
        series: `kube_deployment_status_replicas_available${lbl({ namespace: "shop", deployment: "checkout" })}`,
        values: gauge(3, minutes),
      },
      {
        series: `kube_pod_container_status_waiting_reason${lbl({ namespace: "shop", pod: "checkout-7d9f-abcde", container: "app", reason: "CrashLoopBackOff" })}`,
        values: gauge(0, minutes),
      },
    ],
  };
  return Object.values({ ...parts, ...overrides }).flat();
}

const check = (eval_time: string, alertname: string, exp_alerts: AlertCheck["exp_alerts"]): AlertCheck => ({
  eval_time,
  alertname,
  exp_alerts,
});
/**
 * A promtool test file of `cases` against `files`, or rather against those of their rules that decide the alerts the
 * cases check (decidingRules: every alert, for a case that checks them all).
 */
const run = (cases: PromtoolCase[], files = allRuleFiles, evaluationInterval = "1m"): PromtoolTestFile => {
  expectOnGrid(files, cases, evaluationInterval);
  return { ruleFiles: files, cases, evaluationInterval };
};

/**
 * A grid coarser than a minute gives the one-minute grid's answers only while every check time, and the `for:` of
 * every rule a check expects to fire (its alert, its labels among the expected ones), is a multiple of the grid's
 * step: an alert's pending then starts on the first evaluation at or after its condition turns true, and it fires on
 * a check time on both grids. A 7-minute `for:` on a 5-minute grid would fire at 10 minutes, not 7: checked here,
 * before promtool runs, so that a changed rule or check fails with this message, not with a wrong answer.
 */
function expectOnGrid(ruleFiles: readonly string[], cases: readonly PromtoolCase[], evaluationInterval: string): void {
  const step = Duration.parse(evaluationInterval).toSeconds();
  if (step === 60) return;
  const rules = ruleFiles.flatMap((file) =>
    ((parse(readFileSync(join(dir, file), "utf8")) as { groups?: { rules: RuleDefinition[] }[] } | null)?.groups ?? []).flatMap(
      (group) => group.rules,
    ),
  );
  const offGrid: string[] = [];
  for (const c of cases) {
    for (const t of [...(c.alert_rule_test ?? []), ...(c.promql_expr_test ?? [])])
      if (Duration.parse(t.eval_time).toSeconds() % step !== 0) offGrid.push(`${c.name}: check at ${t.eval_time}`);
    for (const rule of rules) {
      const expected = (c.alert_rule_test ?? [])
        .filter((t) => t.alertname === rule.alert)
        .flatMap((t) => t.exp_alerts)
        .some((a) => Object.entries(rule.labels ?? {}).every(([k, v]) => a.exp_labels[k] === v));
      if (expected && rule.for && Duration.parse(rule.for).toSeconds() % step !== 0)
        offGrid.push(`${c.name}: ${rule.alert} ${JSON.stringify(rule.labels ?? {})} for: ${rule.for}`);
    }
  }
  expect(
    offGrid,
    `off the ${evaluationInterval} evaluation grid, which then gives wrong answers: shrink the grid (the evaluation interval given to run) to a divisor of each of these`,
  ).toEqual([]);
}

interface RuleDefinition {
  readonly alert?: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
}

/** Every scenario's test files in one promtool run: a scenario passes when each of its files' sections says SUCCESS. */
const batch = promtoolBatch(promtool.path as string, dir);

/** A test of one scenario: its cases (from `build`) pass in promtool. */
function scenario(title: string, build: () => PromtoolTestFile[]) {
  batch.add(title, build);
  it(title, async () => {
    const reports = await batch.results(title);
    for (const result of reports) {
      expect(result.output).toContain("SUCCESS");
      expect(result.status, result.output).toBe(0);
    }
    expect(reports.length).toBeGreaterThan(0);
  }, 240_000);
}

describe.skipIf(promtool.skip)("incident scenarios in promtool", () => {
  scenario("a healthy system raises only the Watchdog (and, while it has under a week of history, the anomaly warm-up notice)", () => {
    const names = [...new Set(artifacts.alerts.map((a) => a.alert))];
    const watchdog = artifacts.alerts.find((a) => a.alert === "Watchdog");
    return [
      run([
        {
          name: "healthy",
          input_series: healthy(180),
          alert_rule_test: names.map((name) =>
            check(
              "170m",
              name,
              name === "ServiceAnomalyDetectionWarmingUp"
                ? [firing(name, "info", { namespace: "shop", job: "checkout" }, 0)]
                : name === "Watchdog" && watchdog
                  ? [
                      {
                        exp_labels: { severity: "info", heartbeat: "true" },
                        exp_annotations: {
                          summary: watchdog.summary,
                          description: watchdog.description,
                          runbook_url: "runbooks/Watchdog.md",
                        },
                      },
                    ]
                  : [],
            ),
          ),
        },
      ]),
    ];
  });

  scenario("a node at 95 % CPU for 30 minutes raises a warning and a critical alert, not info", () => {
    const busy = ["0", "1"].map((cpu) => ({
      series: `node_cpu_seconds_total${lbl({ ...node, cpu, mode: "idle" })}`,
      values: counter(0.05, 40),
    }));
    return [
      run([
        {
          name: "cpu",
          input_series: healthy(40, { cpu: busy }),
          alert_rule_test: [
            check("30m", "HostHighCpuLoad", [
              firing("HostHighCpuLoad", "warning", { instance: node.instance }, 95),
              firing("HostHighCpuLoad", "critical", { instance: node.instance }, 95),
            ]),
          ],
        },
      ]),
    ];
  });

  scenario("memory nearly exhausted raises the critical memory alert", () => {
    const memory = [
      { series: `node_memory_MemTotal_bytes${lbl(node)}`, values: gauge(16e9, 30) },
      { series: `node_memory_MemAvailable_bytes${lbl(node)}`, values: gauge(16e9 * 0.03, 30) },
    ];
    return [
      run([
        {
          name: "memory",
          input_series: healthy(30, { memory }),
          alert_rule_test: [
            check("20m", "HostMemoryPressure", [
              firing("HostMemoryPressure", "warning", node, 97),
              firing("HostMemoryPressure", "critical", node, 97),
            ]),
          ],
        },
      ]),
    ];
  });

  scenario("a disk or volume filling up within hours warns, then pages under four hours; fresh series and empty volumes stay quiet", () => {
    // 100 GB with 60 GB free, losing 5 GB per hour: full in 12 hours at the start, in under 4 hours from 480m. The
    // trend needs 5h45m of history (until 345m) and the disk must be 60 % full (from 240m); `for:` is 30 minutes.
    const minutes = 540;
    const shrinking = `60000000000-${5e9 / 60}x${minutes}`;
    const fs = { ...node, device: "/dev/nvme0n1p1", fstype: "ext4", mountpoint: "/" };
    const data = { ...node, device: "/dev/nvme1n1", fstype: "xfs", mountpoint: "/data" };
    const disk = [
      { series: `node_filesystem_size_bytes${lbl(fs)}`, values: gauge(100e9, minutes) },
      { series: `node_filesystem_avail_bytes${lbl(fs)}`, values: shrinking },
      { series: `node_filesystem_readonly${lbl(fs)}`, values: gauge(0, minutes) },
      // A nearly empty data disk filling at 4 GB per hour: full within 24 hours by the trend, but under 60 % full.
      { series: `node_filesystem_size_bytes${lbl(data)}`, values: gauge(100e9, minutes) },
      { series: `node_filesystem_avail_bytes${lbl(data)}`, values: `95000000000-${4e9 / 60}x${minutes}` },
      { series: `node_filesystem_readonly${lbl(data)}`, values: gauge(0, minutes) },
    ];
    const pvc = (name: string) => ({ namespace: "shop", persistentvolumeclaim: name, job: "kubelet" });
    const [filling, fresh, quiet, empty] = [pvc("data-orders-0"), pvc("data-orders-1"), pvc("data-orders-2"), pvc("data-orders-3")];
    const volumes = [
      { series: `kubelet_volume_stats_capacity_bytes${lbl(filling)}`, values: gauge(100e9, minutes) },
      { series: `kubelet_volume_stats_available_bytes${lbl(filling)}`, values: shrinking },
      // A claim created at 300m that fills fast: 15 noisy minutes are no trend.
      { series: `kubelet_volume_stats_capacity_bytes${lbl(fresh)}`, values: `_x300 ${gauge(100e9, minutes - 300)}` },
      { series: `kubelet_volume_stats_available_bytes${lbl(fresh)}`, values: `_x300 30000000000-200000000x${minutes - 300}` },
      // Steady at 30 % used: the static tiers are quiet, and so is the trend.
      { series: `kubelet_volume_stats_capacity_bytes${lbl(quiet)}`, values: gauge(100e9, minutes) },
      { series: `kubelet_volume_stats_available_bytes${lbl(quiet)}`, values: gauge(70e9, minutes) },
      // Nearly empty and filling at 4 GB per hour with the whole history: full within 24 hours by the trend (17 hours
      // at 380m), but under 60 % full until 675m: not news yet.
      { series: `kubelet_volume_stats_capacity_bytes${lbl(empty)}`, values: gauge(100e9, minutes) },
      { series: `kubelet_volume_stats_available_bytes${lbl(empty)}`, values: `95000000000-${4e9 / 60}x${minutes}` },
    ];
    const expected = (alert: string, severity: string, labels: Record<string, string>) => {
      const rule = artifacts.alerts.find((a) => a.alert === alert && a.severity === severity);
      return {
        exp_labels: { ...labels, severity },
        exp_annotations: {
          summary: rule?.summary ?? "",
          description: expandAnnotation(rule?.description ?? "", labels, 0),
          runbook_url: `runbooks/${alert}.md`,
        },
      };
    };
    return [
      run(
        [
          {
            name: "disk and volume filling",
            input_series: healthy(minutes, { disk, kube: volumes }),
            alert_rule_test: [
              check("340m", "HostDiskFillingUp", []),
              check("340m", "KubePersistentVolumeFullSoon", []),
              check("380m", "HostDiskFillingUp", [expected("HostDiskFillingUp", "warning", fs)]),
              check("380m", "KubePersistentVolumeFullSoon", [expected("KubePersistentVolumeFullSoon", "warning", filling)]),
              check("515m", "HostDiskFillingUp", [
                expected("HostDiskFillingUp", "warning", fs),
                expected("HostDiskFillingUp", "critical", fs),
              ]),
              check("515m", "KubePersistentVolumeFullSoon", [
                expected("KubePersistentVolumeFullSoon", "warning", filling),
                expected("KubePersistentVolumeFullSoon", "critical", filling),
              ]),
            ],
          },
        ],
        allRuleFiles.filter((f) => /\/(hosts|kubernetes)\.yaml$/.test(f)),
        // Every five minutes, not every minute: the checks (340m, 380m, 515m) and the `for:` (30m) are multiples of five
        // (run asserts it: expectOnGrid) and each condition, once true, stays true, so an alert fires by a check on this
        // grid exactly when it does on the one-minute grid (its pending starts on the first evaluation at or after the
        // condition turns true). The expressions read only the samples (one a minute), never the evaluations. A fifth
        // of promtool's steps.
        "5m",
      ),
    ];
  });

  scenario("10 % errors raise the critical error-ratio alert at once and the fast burn-rate page after an hour", () => {
    const requests = [
      { series: `http_requests_total${lbl({ ...SERVICE, code: "200" })}`, values: counter(90, 120) },
      { series: `http_requests_total${lbl({ ...SERVICE, code: "500" })}`, values: counter(10, 120) },
    ];
    const labels = { ...SERVICE };
    return [
      run([
        {
          name: "errors",
          input_series: healthy(120, { requests }),
          alert_rule_test: [
            check("15m", "ServiceHighErrorRatio", [
              firing("ServiceHighErrorRatio", "warning", labels, 10),
              firing("ServiceHighErrorRatio", "critical", labels, 10),
            ]),
            check("30m", "ServiceErrorBudgetBurn", []),
            check("70m", "ServiceErrorBudgetBurn", [firing("ServiceErrorBudgetBurn", "critical", labels, 0.1)]),
          ],
        },
      ]),
    ];
  });

  scenario("each burn-rate window pair waits its own for: 6h/30m pages after 15 minutes, 3d/6h warns after 3 hours", () => {
    const serviceFiles = allRuleFiles.filter((f) => /\/(service|slo)-checkout\.yaml$/.test(f));
    // 1 % errors = 10x the 99.9 % budget: under the 14.4x of the 1h/5m pair, over the 6x of the 6h/30m pair, whose
    // data guard (5h30m of history) opens at 5h30m; its 15-minute `for:` then runs until 5h45m.
    const page = [
      { series: `http_requests_total${lbl({ ...SERVICE, code: "200" })}`, values: counter(99, 360) },
      { series: `http_requests_total${lbl({ ...SERVICE, code: "500" })}`, values: counter(1, 360) },
    ];
    // 0.2 % errors = 2x the budget: under the 3x of the 1d/2h pair, over the 1x of the 3d/6h pair (guard at 66h,
    // `for:` 3h until 69h).
    // Days at one-minute resolution are slow in promtool: the service's own two rule files, five-minute samples and
    // 15-minute evaluations for the three-day pair.
    const steps = (70 * 60) / 5;
    const ticket = [
      { series: `http_requests_total${lbl({ ...SERVICE, code: "200" })}`, values: `0+${99.8 * 300}x${steps}` },
      { series: `http_requests_total${lbl({ ...SERVICE, code: "500" })}`, values: `0+${0.2 * 300}x${steps}` },
    ];
    return [
      run(
        [
          {
            name: "6h/30m page",
            input_series: page,
            alert_rule_test: [
              check("340m", "ServiceErrorBudgetBurn", []),
              check("346m", "ServiceErrorBudgetBurn", [
                firing("ServiceErrorBudgetBurn", "critical", { ...SERVICE, long: "6h", short: "30m" }, 0.01),
              ]),
            ],
          },
        ],
        serviceFiles,
      ),
      run(
        [
          {
            name: "3d/6h ticket",
            interval: "5m",
            input_series: ticket,
            alert_rule_test: [
              check("4125m", "ServiceErrorBudgetBurn", []),
              check("4155m", "ServiceErrorBudgetBurn", [
                firing("ServiceErrorBudgetBurn", "warning", { ...SERVICE, long: "3d", short: "6h" }, 0.002),
              ]),
            ],
          },
        ],
        serviceFiles,
        "15m",
      ),
    ];
  });

  scenario("MySQL 8.0 and 8.4 replicas lagging raise MysqlReplicationLag under either mysqld_exporter naming", () => {
    // mysqld_exporter 0.19 labels, from SHOW SLAVE STATUS (8.0: Seconds_Behind_Master) and SHOW REPLICA STATUS (8.4:
    // Seconds_Behind_Source); a replica delayed on purpose by an hour is on time.
    const replica = (instance: string) => ({
      instance,
      job: "mysql-exporter",
      master_host: "shop-mysql",
      master_uuid: "3e11fa47",
      channel_name: "",
      connection_name: "",
    });
    const mysql80 = replica("shop-mysql-80:9104");
    const mysql84 = replica("shop-mysql-84:9104");
    const delayed = replica("shop-mysql-delayed:9104");
    const series = [
      { series: `mysql_slave_status_seconds_behind_master${lbl(mysql80)}`, values: gauge(600, 20) },
      { series: `mysql_slave_status_sql_delay${lbl(mysql80)}`, values: gauge(0, 20) },
      { series: `mysql_slave_status_seconds_behind_source${lbl(mysql84)}`, values: gauge(600, 20) },
      { series: `mysql_slave_status_sql_delay${lbl(mysql84)}`, values: gauge(0, 20) },
      { series: `mysql_slave_status_seconds_behind_source${lbl(delayed)}`, values: gauge(3630, 20) },
      { series: `mysql_slave_status_sql_delay${lbl(delayed)}`, values: gauge(3600, 20) },
    ];
    return [
      run([
        {
          name: "mysql lag",
          input_series: [...healthy(20), ...series],
          alert_rule_test: [
            check(
              "15m",
              "MysqlReplicationLag",
              // Empty labels (channel_name, connection_name) do not exist in Prometheus.
              [mysql80, mysql84]
                .map(({ channel_name: _, connection_name: __, ...rest }) => rest)
                .flatMap((labels) => [
                  firing("MysqlReplicationLag", "warning", labels, 600),
                  firing("MysqlReplicationLag", "critical", labels, 600),
                ]),
            ),
          ],
        },
      ]),
    ];
  });

  scenario("a postgres_exporter collector that stops working warns; one that never works on the engine (Aurora) does not", () => {
    const pg = { instance: "orders-db:9187", job: "postgres-exporter" };
    const aurora = { instance: "aurora-db:9187", job: "postgres-exporter" };
    const success = (labels: Record<string, string>, collector: string, values: string) => ({
      series: `pg_scrape_collector_success${lbl({ ...labels, collector })}`,
      values,
    });
    const series = [
      success(pg, "stat_activity", "1x30 0x30"),
      success(pg, "replication", gauge(1, 60)),
      success(aurora, "replication", gauge(0, 60)),
      success(aurora, "stat_activity", gauge(1, 60)),
    ];
    return [
      run([
        {
          name: "collectors",
          input_series: [...healthy(60), ...series],
          alert_rule_test: [
            check("44m", "PostgresqlExporterCollectorFailing", []),
            check("50m", "PostgresqlExporterCollectorFailing", [
              firing("PostgresqlExporterCollectorFailing", "warning", { ...pg, collector: "stat_activity" }, 0),
            ]),
          ],
        },
      ]),
    ];
  });

  scenario("a service at 1 % errors for a short stretch does not page", () => {
    const requests = [
      { series: `http_requests_total${lbl({ ...SERVICE, code: "200" })}`, values: counter(99, 45) },
      { series: `http_requests_total${lbl({ ...SERVICE, code: "500" })}`, values: counter(1, 45) },
    ];
    return [
      run([
        {
          name: "one percent",
          input_series: healthy(45, { requests }),
          alert_rule_test: [check("44m", "ServiceErrorBudgetBurn", []), check("44m", "ServiceHighErrorRatio", [])],
        },
      ]),
    ];
  });

  scenario("p99 latency far above the objective raises the critical latency alert", () => {
    const latency = [
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "1" })}`, values: counter(0, 30) },
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "2.5" })}`, values: counter(100, 30) },
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "+Inf" })}`, values: counter(100, 30) },
    ];
    // Linear interpolation in the (1, 2.5] bucket: p99 = 1 + 1.5 * 0.99 = 2.485 s.
    return [
      run([
        {
          name: "latency",
          input_series: healthy(30, { latency }),
          alert_rule_test: [
            check("25m", "ServiceHighLatency", [
              firing("ServiceHighLatency", "warning", SERVICE, 2485),
              firing("ServiceHighLatency", "critical", SERVICE, 2485),
            ]),
          ],
        },
      ]),
    ];
  });

  scenario("a target that stops answering scrapes raises ServiceTargetDown", () => {
    const up = [{ series: `up${lbl({ ...SERVICE, instance: "10.0.0.7:8080" })}`, values: "1x10 0x20" }];
    return [
      run([
        {
          name: "down",
          input_series: healthy(30, { up }),
          alert_rule_test: [
            check("12m", "ServiceTargetDown", []),
            check("20m", "ServiceTargetDown", [firing("ServiceTargetDown", "critical", SERVICE, 0)]),
          ],
        },
      ]),
    ];
  });

  scenario("a crash-looping pod raises KubePodCrashLooping", () => {
    const labels = { namespace: "shop", pod: "checkout-7d9f-abcde", container: "app", reason: "CrashLoopBackOff" };
    const kube = [{ series: `kube_pod_container_status_waiting_reason${lbl(labels)}`, values: gauge(1, 30) }];
    const { reason: _, ...alertLabels } = labels;
    return [
      run([
        {
          name: "crashloop",
          input_series: healthy(30, { kube }),
          alert_rule_test: [
            check("25m", "KubePodCrashLooping", [
              firing("KubePodCrashLooping", "warning", { ...alertLabels, reason: "CrashLoopBackOff" }, 1),
            ]),
          ],
        },
      ]),
    ];
  });
});
