import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { PLATFORM_OWNER } from "../../src/model/owner";
import { renderRouting } from "../../src/render/alertmanager/config";
import { renderArtifacts, toYaml } from "../../src/render/artifacts";
import { pagerdutyReceiver } from "../../src/render/oncall/ownership";
import { resolveEnvironment } from "../../src/spec";
import { Duration } from "../../src/spec/duration";
import { freePort, Processes, waitFor } from "../e2e/processes";
import { Receiver } from "../e2e/receiver";
import { alertmanagerTool, realTool, writeTree } from "../support/tools";
import { chartRuleGroups } from "./chart-rules";
import { TEST_ENVIRONMENT } from "./environment";
import { gauge, once, type PromtoolCase, type PromtoolTestFile, promtoolTests, type Series } from "./promtool";

/**
 * A node dies with replicas of Prometheus, Alertmanager and Loki, a service pod and its node_exporter on it. The
 * deployed rule set (catalog plus the chart's enabled default rules) must raise exactly the expected alerts, and a
 * real Alertmanager with the rendered routing and inhibit rules must turn them into one page that names the node.
 */
const promtool = realTool("promtool");
const alertmanager = alertmanagerTool("prometheus-alertmanager");
const chart = chartRuleGroups();
const artifacts = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT));
const dir = writeTree(artifacts.files, "node-loss-");
mkdirSync(join(dir, "chart"), { recursive: true });
writeFileSync(join(dir, "chart/default-rules.yaml"), toYaml({ groups: chart.groups ?? [] }));
const ruleFiles = [...Object.keys(artifacts.files).filter((p) => p.startsWith("prometheus/rules/")), "chart/default-rules.yaml"];

const lbl = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ")}}`;
const MINUTES = 30;
const DIES_AT = 10;
const alive = gauge(1, MINUTES);
const dead = `1x${DIES_AT - 1} 0x${MINUTES - DIES_AT + 1}`;
const NODES = ["node-1", "node-2", "node-3"];
const LOST = "node-2";

/** A pod target scraped by Prometheus, on `node`. */
function target(job: string, namespace: string, pod: string, node: string, port: number, lost?: string): Series[] {
  const ip = `10.0.${NODES.indexOf(node) + 1}.${pod.length}`;
  return [
    { series: `up${lbl({ job, namespace, pod, instance: `${ip}:${port}`, service: job })}`, values: node === lost ? dead : alive },
    { series: `kube_pod_info${lbl({ namespace, pod, node, job: "kube-state-metrics", uid: `${pod}-uid` })}`, values: alive },
  ];
}

/** Three nodes running the monitoring stack's replicas and a service; `lost` dies at minute 10. */
function cluster(lost?: string): Series[] {
  return [
    ...NODES.flatMap((node) => [
      {
        series: `kube_node_status_condition${lbl({ node, condition: "Ready", status: "true", job: "kube-state-metrics" })}`,
        values: node === lost ? `1x${DIES_AT} 0x${MINUTES - DIES_AT}` : alive,
      },
      { series: `kube_node_spec_unschedulable${lbl({ node, job: "kube-state-metrics" })}`, values: gauge(0, MINUTES) },
      // The kubelet's own target carries the node (the operator labels Node endpoints with it).
      {
        series: `up${lbl({ job: "kubelet", namespace: "kube-system", node, metrics_path: "/metrics", instance: `${node}:10250`, service: "kube-prometheus-kubelet" })}`,
        values: node === lost ? dead : alive,
      },
    ]),
    ...["node-1", "node-2"].flatMap((node, i) =>
      target("kube-prometheus-prometheus", "monitoring", `prometheus-kube-prometheus-prometheus-${i}`, node, 9090, lost),
    ),
    ...NODES.flatMap((node, i) =>
      target("kube-prometheus-alertmanager", "monitoring", `alertmanager-kube-prometheus-alertmanager-${i}`, node, 9093, lost),
    ),
    ...NODES.flatMap((node, i) => target("loki-read", "monitoring", `loki-read-${i}`, node, 3100, lost)),
    ...NODES.flatMap((node, i) => target("node-exporter", "monitoring", `kps-prometheus-node-exporter-${i}x`, node, 9100, lost)),
    ...["node-1", "node-2"].flatMap((node, i) => target("checkout", "shop", `checkout-7d9f-${i}`, node, 8080, lost)),
    // Control-plane and cluster components the chart's absent() alerts look for.
    ...["apiserver", "kube-scheduler", "kube-controller-manager", "kube-proxy", "kube-etcd", "coredns", "kube-state-metrics"].map(
      (job) => ({
        series: `up${lbl({ job, instance: `${job}:443` })}`,
        values: alive,
      }),
    ),
  ];
}

/** The alerts firing `minutes` into the scenario, as promtool must find them in ALERTS. */
const lost = (alertname: string, job: string, pod: string, instance: string, service = job) => ({
  alertname,
  severity: "warning",
  job,
  namespace: "monitoring",
  pod,
  instance,
  service,
  node: LOST,
});
const AT_16 = [
  // The page, 6 minutes after the node died: 3 minutes of `for:` after the node controller marked it.
  { alertname: "KubeNodeNotReady", severity: "critical", condition: "Ready", status: "true", job: "kube-state-metrics", node: LOST },
  // One replica of each replicated component: warnings naming the node (Alertmanager silences them under the page).
  lost("AlertmanagerDown", "kube-prometheus-alertmanager", "alertmanager-kube-prometheus-alertmanager-1", "10.0.2.43:9093"),
  lost("LokiDown", "loki-read", "loki-read-1", "10.0.2.11:3100"),
  lost("NodeExporterDown", "node-exporter", "kps-prometheus-node-exporter-1x", "10.0.2.31:9100"),
  lost("PrometheusDown", "kube-prometheus-prometheus", "prometheus-kube-prometheus-prometheus-1", "10.0.2.39:9090"),
];
const AT_26 = [
  ...AT_16,
  {
    alertname: "KubeletInstanceUnreachable",
    severity: "warning",
    job: "kubelet",
    namespace: "kube-system",
    node: LOST,
    metrics_path: "/metrics",
    instance: `${LOST}:10250`,
    service: "kube-prometheus-kubelet",
  },
];
// Four minutes after the node died (three after the node controller marked it) the page is the first and only alert:
// the replica-down warnings wait their five minutes.
const AT_14 = AT_16.slice(0, 1);
const EXPECTED: Record<number, Array<Record<string, string>>> = { 14: AT_14, 16: AT_16, 26: AT_26 };

const processes = new Processes(dir);
afterAll(() => processes.stopAll());

/** The production routing and inhibit rules as rendered, with short group timers so a test sees every notification. */
const routing = renderRouting(resolveEnvironment(BUNDLED_ENVIRONMENTS.prod), {
  groupWait: Duration.seconds(1),
  groupInterval: Duration.seconds(1),
  repeatInterval: Duration.hours(1),
});

/**
 * Every notification a real Alertmanager sends for `alerts` (firing together) with the rendered production routing
 * and inhibit rules; only the receivers become webhooks of a recorder, so each receiver's notifications are counted.
 */
async function notifications(name: string, alerts: ReadonlyArray<Record<string, string>>) {
  const [receiverPort, amPort] = [await freePort(), await freePort()];
  const receiver = new Receiver();
  await receiver.start(receiverPort);
  try {
    const config = {
      ...routing.config,
      global: { resolve_timeout: "5m" },
      // No template is loaded (an empty folder's glob); the folder, shown in the loaded configuration as a URL is not
      // (Alertmanager masks it), tells this Alertmanager from another on its port.
      templates: [join(dir, `alertmanager-${name}-templates`, "*.tmpl")],
      receivers: routing.config.receivers.map((r: { name: string }) => ({
        name: r.name,
        webhook_configs: [{ url: `http://127.0.0.1:${receiverPort}/${r.name}`, send_resolved: false }],
      })),
    };
    writeFileSync(join(dir, `alertmanager-${name}.yml`), toYaml(config));
    const api = processes.startAlertmanager(
      `alertmanager-${name}`,
      alertmanager.path as string,
      { config: join(dir, `alertmanager-${name}.yml`), data: join(dir, `alertmanager-${name}-data`) },
      amPort,
    );
    await processes.waitForAlertmanager(`alertmanager-${name}`, amPort, join(dir, `alertmanager-${name}-templates`));
    const startsAt = new Date().toISOString();
    const posted = await fetch(`${api}/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(alerts.map((labels) => ({ labels, annotations: {}, startsAt }))),
    });
    if (!posted.ok) throw new Error(`Alertmanager ${name} refused the alerts: ${posted.status} ${await posted.text()}`);
    await waitFor("a first notification", () => (receiver.notifications.length > 0 ? true : undefined), 15_000);
    // group_wait and group_interval are 1 s: anything else would have arrived within 3 s.
    await new Promise((r) => setTimeout(r, 3_000));
    return receiver.notifications.map((n) => ({
      receiver: n.receiver,
      alerts: n.alerts.map((a) => `${a.labels.alertname}{${a.labels.node ? `node=${a.labels.node}, ` : ""}severity=${a.labels.severity}}`),
    }));
  } finally {
    await processes.stop(`alertmanager-${name}`);
    await receiver.stop();
  }
}

/**
 * One notification to every receiver that takes critical alerts, each holding `page`; nothing else to anyone. A
 * service's page goes to its owning team's PagerDuty service instead of the platform's (`owner`).
 */
function expectOnePage(sent: Awaited<ReturnType<typeof notifications>>, page: string[], owner?: string) {
  const receivers = routing.receiversBySeverity.critical.map((r) =>
    owner && r === pagerdutyReceiver(PLATFORM_OWNER) ? pagerdutyReceiver(owner) : r,
  );
  expect(sent.map((n) => n.alerts)).toEqual(sent.map(() => page));
  expect(sent.map((n) => n.receiver).sort()).toEqual([...receivers].sort());
}

/**
 * Every promtool test file of this file, by name, run together in one promtool process when the first test asks
 * (each test then reads its own section of the report).
 */
const PROMTOOL_FILES: Record<string, PromtoolTestFile> = {};
const promtoolResults = once(() => promtoolTests(promtool.path as string, dir, PROMTOOL_FILES));

/**
 * The alert sets registered for a real Alertmanager each, by name. All of them are sent side by side, while promtool
 * runs: each mostly waits on its group timers and settle time (independent instances, ports and receivers).
 */
const ALERTMANAGER_RUNS: Record<string, ReadonlyArray<Record<string, string>>> = {};
const alertmanagerResults = once(() =>
  Object.fromEntries(Object.entries(ALERTMANAGER_RUNS).map(([name, alerts]) => [name, notifications(name, alerts)])),
);

/** Registers `alerts` to be posted to a real Alertmanager as run `name` (at collection time). */
function alertmanagerRun(name: string, alerts: ReadonlyArray<Record<string, string>>): string {
  ALERTMANAGER_RUNS[name] = alerts;
  return name;
}

/** The notifications of the Alertmanager run registered under `name`. */
function sent(name: string): ReturnType<typeof notifications> {
  return alertmanagerResults()[name];
}

// Both start before the first test: promtool (CPU) and the Alertmanagers (mostly waiting) overlap. A failure is
// reported by the test that reads it (the guards only keep an early one from counting as unhandled).
beforeAll(() => {
  if (promtool.skip) return;
  promtoolResults().catch(() => undefined);
  if (alertmanager.skip || chart.skip) return;
  for (const run of Object.values(alertmanagerResults())) run.catch(() => undefined);
});

/** Registers a promtool test file under `name` (at collection time). */
function promtoolFile(name: string, ruleFilesOfTest: readonly string[], cases: PromtoolCase[]): string {
  PROMTOOL_FILES[name] = { ruleFiles: ruleFilesOfTest, cases };
  return name;
}

/** Asserts that the promtool test file registered under `name` passed. */
async function expectPromtool(name: string) {
  const result = (await promtoolResults())[name];
  expect(result.output).toContain("SUCCESS");
  expect(result.status, result.output).toBe(0);
}

/** Registers the check: the firing alerts promtool must find in ALERTS at `minute` (all, Watchdog and info aside). */
function firingAt(name: string, input_series: Series[], minute: number, alerts: Array<Record<string, string>>) {
  promtoolFile(name, ruleFiles, [
    {
      name,
      input_series,
      promql_expr_test: [
        {
          expr: 'ALERTS{alertstate="firing", severity!="info"}',
          eval_time: `${minute}m`,
          exp_samples: alerts.map((labels) => ({ labels: `ALERTS${lbl({ ...labels, alertstate: "firing" })}`, value: 1 })),
        },
      ],
    },
  ]);
  return { name, alertmanager: alertmanagerRun(name.replaceAll(" ", "-"), alerts) };
}

describe.skipIf(promtool.skip || chart.skip)("a lost node, through the deployed rules and Alertmanager", () => {
  promtoolFile("node loss", ruleFiles, [
    {
      name: "node loss",
      input_series: cluster(LOST),
      promql_expr_test: Object.entries(EXPECTED).map(([minute, alerts]) => ({
        expr: 'ALERTS{alertstate="firing", severity!="info"}',
        eval_time: `${minute}m`,
        exp_samples: alerts.map((labels) => ({ labels: `ALERTS${lbl({ ...labels, alertstate: "firing" })}`, value: 1 })),
      })),
    },
  ]);

  const nodeLoss = alertmanagerRun("node-loss", AT_26);

  it("raises exactly the expected alerts", () => expectPromtool("node loss"), 240_000);

  it.skipIf(alertmanager.skip)("pages once, naming the node, after Alertmanager's inhibition and grouping", async () => {
    expectOnePage(await sent(nodeLoss), [`KubeNodeNotReady{node=${LOST}, severity=critical}`]);
  });
});

/**
 * The duplicates incident scenarios found in the deployed set (issue: one cause, one timely page), each through the
 * deployed rules in promtool and then a real Alertmanager: the notifications are counted after inhibition and grouping.
 */
describe.skipIf(promtool.skip || chart.skip || alertmanager.skip)(
  "one cause, one page, through the deployed rules and Alertmanager",
  () => {
    const prometheus = (i: number) => ({
      job: "kube-prometheus-prometheus",
      namespace: "monitoring",
      pod: `prometheus-kube-prometheus-prometheus-${i}`,
      instance: `10.0.${i + 1}.39:9090`,
      service: "kube-prometheus-prometheus",
    });
    const alertmanagers = [0, 1, 2].map((i) => ({
      job: "kube-prometheus-alertmanager",
      namespace: "monitoring",
      pod: `alertmanager-kube-prometheus-alertmanager-${i}`,
      instance: `10.0.${i + 1}.43:9093`,
      service: "kube-prometheus-alertmanager",
    }));

    const ruleFailure = (() => {
      const group = "/etc/prometheus/rules/prometheus-kube-prometheus-prometheus-rulefiles-0/monitoring-slo-checkout.yaml;slo-checkout";
      const failures = [0, 1].map((i) => ({
        series: `prometheus_rule_evaluation_failures_total${lbl({ ...prometheus(i), rule_group: group })}`,
        values: `0x5 1+1x${MINUTES - 5}`,
      }));
      const firing = [0, 1].map((i) => ({
        alertname: "PrometheusRuleEvaluationFailures",
        severity: "critical",
        ...prometheus(i),
        rule_group: group,
      }));
      return firingAt("rule evaluation failure", [...cluster(), ...failures], 25, firing);
    })();
    it("a rule that fails to evaluate on both Prometheus replicas pages once (the chart's PrometheusRuleFailures is off)", async () => {
      await expectPromtool(ruleFailure.name);
      expectOnePage(await sent(ruleFailure.alertmanager), [
        "PrometheusRuleEvaluationFailures{severity=critical}",
        "PrometheusRuleEvaluationFailures{severity=critical}",
      ]);
    }, 240_000);

    const pagerdutyRejects = (() => {
      // Each Alertmanager replica fails every PagerDuty notification it tries (the replicas deduplicate, so each tries).
      const failed = alertmanagers.flatMap((labels) => [
        {
          series: `alertmanager_notifications_failed_total${lbl({ ...labels, integration: "pagerduty", reason: "clientError" })}`,
          values: `0+2x${MINUTES}`,
        },
        { series: `alertmanager_notifications_total${lbl({ ...labels, integration: "pagerduty" })}`, values: `0+2x${MINUTES}` },
        {
          series: `alertmanager_notifications_failed_total${lbl({ ...labels, integration: "slack", reason: "other" })}`,
          values: gauge(0, MINUTES),
        },
        { series: `alertmanager_notifications_total${lbl({ ...labels, integration: "slack" })}`, values: `0+5x${MINUTES}` },
      ]);
      const { pod: _, service: __, instance: ___, ...job } = alertmanagers[0];
      const firing = [
        { alertname: "AlertmanagerNotificationsFailing", severity: "critical", ...job, integration: "pagerduty" },
        ...alertmanagers.map(({ pod: _p, service: _s, ...labels }) => ({
          alertname: "AlertmanagerNotificationsFailing",
          severity: "warning",
          ...labels,
          integration: "pagerduty",
        })),
      ];
      return firingAt("pagerduty rejects", [...cluster(), ...failed], 20, firing);
    })();
    it("PagerDuty rejecting every notification pages once: the per-replica warnings are parts of the page", async () => {
      await expectPromtool(pagerdutyRejects.name);
      expectOnePage(await sent(pagerdutyRejects.alertmanager), ["AlertmanagerNotificationsFailing{severity=critical}"]);
    }, 240_000);

    const serviceDown = (() => {
      const series = cluster().map((x) => (x.series.startsWith("up{") && x.series.includes('job="checkout"') ? { ...x, values: dead } : x));
      const firing: Array<Record<string, string>> = [
        { alertname: "ServiceTargetDown", severity: "critical", job: "checkout", namespace: "shop", service: "checkout", team: "payments" },
        { alertname: "PrometheusTargetsDown", severity: "warning", job: "checkout", namespace: "shop" },
      ];
      return firingAt("service down", series, 25, firing);
    })();
    it("a service whose every pod is down pages once: ServiceTargetDown, with the job's targets-down warning under it", async () => {
      await expectPromtool(serviceDown.name);
      expectOnePage(await sent(serviceDown.alertmanager), ["ServiceTargetDown{severity=critical}"], "checkout");
    }, 240_000);

    const singleReplica = (() => {
      // dev runs one replica: replica 0 only, unreachable from minute 10.
      const series = cluster()
        .filter((x) => !/alertmanager-[12]"/.test(x.series))
        .map((x) => (x.series.startsWith("up{") && x.series.includes("alertmanager-0") ? { ...x, values: dead } : x));
      const { pod: _, service: __, instance: ___, ...job } = alertmanagers[0];
      const firing = [
        { alertname: "AlertmanagerDown", severity: "critical", ...job },
        { alertname: "AlertmanagerDown", severity: "warning", ...alertmanagers[0], node: "node-1" },
      ];
      return firingAt("single replica down", series, 20, firing);
    })();
    it("a single Alertmanager replica that is down pages once (its replica warning is part of the page)", async () => {
      await expectPromtool(singleReplica.name);
      expectOnePage(await sent(singleReplica.alertmanager), ["AlertmanagerDown{severity=critical}"]);
    }, 240_000);
  },
);

describe.skipIf(promtool.skip)("replicated components in promtool", () => {
  // Each block registers the cases of the test after it for the file's promtool run.
  {
    const am = (i: number, values: string) => ({
      series: `up${lbl({ job: "kube-prometheus-alertmanager", namespace: "monitoring", pod: `am-${i}`, instance: `10.0.0.${i}:9093` })}`,
      values,
    });
    const prom = (i: number, values: string) => ({
      series: `up${lbl({ job: "kube-prometheus-prometheus", namespace: "monitoring", pod: `prom-${i}`, instance: `10.0.1.${i}:9090` })}`,
      values,
    });
    // Alertmanager: replica 0 down from the start, replica 1 from 10m (2 of 3 from then). Prometheus: 1 of 2 down.
    const up = [am(0, gauge(0, 30)), am(1, `1x10 0x20`), am(2, gauge(1, 30)), prom(0, gauge(0, 30)), prom(1, gauge(1, 30))];
    // PagerDuty rejects on every Alertmanager replica; Slack fails on one replica only.
    const failed = (instance: string, integration: string, perMinute: number) => ({
      series: `alertmanager_notifications_failed_total${lbl({ job: "kube-prometheus-alertmanager", namespace: "monitoring", instance, integration })}`,
      values: `0+${perMinute}x30`,
    });
    const failures = [failed("a", "pagerduty", 2), failed("b", "pagerduty", 2), failed("a", "slack", 3), failed("b", "slack", 0)];
    // Prometheus reaches one of its two Alertmanagers only: a warning, not a page.
    const notify = (alertmanager: string, errorsPerMinute: number) => [
      {
        series: `prometheus_notifications_errors_total${lbl({ job: "kube-prometheus-prometheus", instance: "p", alertmanager })}`,
        values: `0+${errorsPerMinute}x30`,
      },
      {
        series: `prometheus_notifications_sent_total${lbl({ job: "kube-prometheus-prometheus", instance: "p", alertmanager })}`,
        values: "0+100x30",
      },
    ];
    const firing = (labels: Record<string, string>) => ({ labels: `ALERTS${lbl({ ...labels, alertstate: "firing" })}`, value: 1 });
    const amWarning = (i: number) => ({
      alertname: "AlertmanagerDown",
      severity: "warning",
      job: "kube-prometheus-alertmanager",
      namespace: "monitoring",
      pod: `am-${i}`,
      instance: `10.0.0.${i}:9093`,
    });
    promtoolFile(
      "replicas",
      ["prometheus/rules/monitoring.yaml"],
      [
        {
          name: "replicas",
          input_series: [...up, ...failures, ...notify("am-0", 50), ...notify("am-1", 0)],
          promql_expr_test: [
            {
              expr: 'ALERTS{alertstate="firing", alertname=~"AlertmanagerDown|PrometheusDown"}',
              eval_time: "8m",
              exp_samples: [
                firing(amWarning(0)),
                firing({
                  alertname: "PrometheusDown",
                  severity: "warning",
                  job: "kube-prometheus-prometheus",
                  namespace: "monitoring",
                  pod: "prom-0",
                  instance: "10.0.1.0:9090",
                }),
              ],
            },
            {
              expr: 'ALERTS{alertstate="firing", alertname="AlertmanagerDown", severity="critical"}',
              eval_time: "16m",
              exp_samples: [
                firing({
                  alertname: "AlertmanagerDown",
                  severity: "critical",
                  job: "kube-prometheus-alertmanager",
                  namespace: "monitoring",
                }),
              ],
            },
            {
              expr: 'ALERTS{alertstate="firing", alertname="AlertmanagerNotificationsFailing"}',
              eval_time: "20m",
              exp_samples: [
                ...["a", "b"].map((instance) =>
                  firing({
                    alertname: "AlertmanagerNotificationsFailing",
                    severity: "warning",
                    job: "kube-prometheus-alertmanager",
                    namespace: "monitoring",
                    instance,
                    integration: "pagerduty",
                  }),
                ),
                firing({
                  alertname: "AlertmanagerNotificationsFailing",
                  severity: "warning",
                  job: "kube-prometheus-alertmanager",
                  namespace: "monitoring",
                  instance: "a",
                  integration: "slack",
                }),
                firing({
                  alertname: "AlertmanagerNotificationsFailing",
                  severity: "critical",
                  job: "kube-prometheus-alertmanager",
                  namespace: "monitoring",
                  integration: "pagerduty",
                }),
              ],
            },
            {
              expr: 'ALERTS{alertstate="firing", alertname="PrometheusNotificationsFailing"}',
              eval_time: "25m",
              exp_samples: [
                firing({
                  alertname: "PrometheusNotificationsFailing",
                  severity: "warning",
                  job: "kube-prometheus-prometheus",
                  instance: "p",
                  alertmanager: "am-0",
                }),
              ],
            },
          ],
        },
      ],
    );
  }
  it(
    "replicated components warn for one replica and page when a majority is gone; failing notifications likewise",
    () => expectPromtool("replicas"),
    240_000,
  );

  {
    const up = (job: string, i: number, values: string) => ({
      series: `up${lbl({ job, namespace: "monitoring", pod: `${job}-${i}`, instance: `10.0.2.${i}:3100` })}`,
      values,
    });
    // Loki (3 replicas): one down from the start, a second from minute 10. Collector (2 replicas): one down. Alloy and
    // Jaeger fully up.
    const series = [
      up("loki-write", 0, gauge(0, 30)),
      up("loki-write", 1, `1x10 0x20`),
      up("loki-write", 2, gauge(1, 30)),
      up("opentelemetry-collector", 0, gauge(0, 30)),
      up("opentelemetry-collector", 1, gauge(1, 30)),
      up("jaeger", 0, gauge(1, 30)),
    ];
    const down = (alertname: string, severity: string, job: string, i?: number) => ({
      labels: `ALERTS${lbl({
        alertname,
        alertstate: "firing",
        ...(i === undefined ? {} : { instance: `10.0.2.${i}:3100` }),
        job,
        namespace: "monitoring",
        ...(i === undefined ? {} : { pod: `${job}-${i}` }),
        severity,
      })}`,
      value: 1,
    });
    promtoolFile(
      "loki and collector",
      ["prometheus/rules/monitoring.yaml"],
      [
        {
          name: "loki and collector",
          input_series: series,
          promql_expr_test: [
            {
              expr: 'ALERTS{alertstate="firing", alertname=~"LokiDown|OpenTelemetryCollectorDown|JaegerDown|PrometheusTargetsDown"}',
              eval_time: "8m",
              exp_samples: [
                down("LokiDown", "warning", "loki-write", 0),
                down("OpenTelemetryCollectorDown", "warning", "opentelemetry-collector", 0),
              ],
            },
            {
              expr: 'ALERTS{alertstate="firing", alertname=~"LokiDown|OpenTelemetryCollectorDown|JaegerDown|PrometheusTargetsDown"}',
              eval_time: "20m",
              exp_samples: [
                down("LokiDown", "warning", "loki-write", 0),
                down("LokiDown", "warning", "loki-write", 1),
                down("LokiDown", "critical", "loki-write"),
                down("OpenTelemetryCollectorDown", "warning", "opentelemetry-collector", 0),
              ],
            },
          ],
        },
      ],
    );
  }
  it(
    "Loki and the OpenTelemetry Collector: one replica down warns, a majority down pages, all up stays quiet",
    () => expectPromtool("loki and collector"),
    240_000,
  );
});
