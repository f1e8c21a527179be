import { describe, expect, it } from "vitest";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { realTool, writeTree } from "../support/tools";
import { TEST_ENVIRONMENT } from "./environment";
import { SERVICE } from "./fixtures";
import { type AlertCheck, counter, expandAnnotation, gauge, type PromtoolCase, promtoolTest, type Series } from "./promtool";

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
  const all = { ...labels, severity, ...rule.labels };
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
const run = (cases: PromtoolCase[], files = allRuleFiles, evaluationInterval = "1m") => {
  const result = promtoolTest(promtool.path as string, dir, files, cases, evaluationInterval);
  expect(result.output).toContain("SUCCESS");
  expect(result.status, result.output).toBe(0);
};

describe.skipIf(promtool.skip)("incident scenarios in promtool", () => {
  it("a healthy system raises only the Watchdog (and, while it has under a week of history, the anomaly warm-up notice)", () => {
    const names = [...new Set(artifacts.alerts.map((a) => a.alert))];
    const watchdog = artifacts.alerts.find((a) => a.alert === "Watchdog");
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
    ]);
  });

  it("a node at 95 % CPU for 30 minutes raises a warning and a critical alert, not info", () => {
    const busy = ["0", "1"].map((cpu) => ({
      series: `node_cpu_seconds_total${lbl({ ...node, cpu, mode: "idle" })}`,
      values: counter(0.05, 40),
    }));
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
    ]);
  });

  it("memory nearly exhausted raises the critical memory alert", () => {
    const memory = [
      { series: `node_memory_MemTotal_bytes${lbl(node)}`, values: gauge(16e9, 30) },
      { series: `node_memory_MemAvailable_bytes${lbl(node)}`, values: gauge(16e9 * 0.03, 30) },
    ];
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
    ]);
  });

  it("a disk filling up within hours raises HostDiskFillingUp, critical when under four hours", () => {
    // 100 GB disk with 30 GB free, losing 5 GB per hour: full in 6 hours, then in 4 and less as it goes on.
    const fs = { ...node, device: "/dev/nvme0n1p1", fstype: "ext4", mountpoint: "/" };
    const disk = [
      { series: `node_filesystem_size_bytes${lbl(fs)}`, values: gauge(100e9, 240) },
      { series: `node_filesystem_avail_bytes${lbl(fs)}`, values: `30000000000-${5e9 / 60}x240` },
      { series: `node_filesystem_readonly${lbl(fs)}`, values: gauge(0, 240) },
    ];
    const description = (hours: number) =>
      `Filesystem / on ${node.instance} will be full within ${hours} hours at the growth rate of the last 6 hours.`;
    const summary = "Host filesystem will be full soon";
    const expected = (severity: string, hours: number) => ({
      exp_labels: { ...fs, severity },
      exp_annotations: { summary, description: description(hours), runbook_url: "runbooks/HostDiskFillingUp.md" },
    });
    run([
      {
        name: "disk filling",
        input_series: healthy(240, { disk }),
        alert_rule_test: [
          check("60m", "HostDiskFillingUp", [expected("warning", 24)]),
          check("200m", "HostDiskFillingUp", [expected("warning", 24), expected("critical", 4)]),
        ],
      },
    ]);
  });

  it("10 % errors raise the critical error-ratio alert at once and the fast burn-rate page after an hour", () => {
    const requests = [
      { series: `http_requests_total${lbl({ ...SERVICE, code: "200" })}`, values: counter(90, 120) },
      { series: `http_requests_total${lbl({ ...SERVICE, code: "500" })}`, values: counter(10, 120) },
    ];
    const labels = { ...SERVICE };
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
    ]);
  });

  it("a service at 1 % errors for a short stretch does not page", () => {
    const requests = [
      { series: `http_requests_total${lbl({ ...SERVICE, code: "200" })}`, values: counter(99, 45) },
      { series: `http_requests_total${lbl({ ...SERVICE, code: "500" })}`, values: counter(1, 45) },
    ];
    run([
      {
        name: "one percent",
        input_series: healthy(45, { requests }),
        alert_rule_test: [check("44m", "ServiceErrorBudgetBurn", []), check("44m", "ServiceHighErrorRatio", [])],
      },
    ]);
  });

  it("p99 latency far above the objective raises the critical latency alert", () => {
    const latency = [
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "1" })}`, values: counter(0, 30) },
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "2.5" })}`, values: counter(100, 30) },
      { series: `http_request_duration_seconds_bucket${lbl({ ...SERVICE, le: "+Inf" })}`, values: counter(100, 30) },
    ];
    // Linear interpolation in the (1, 2.5] bucket: p99 = 1 + 1.5 * 0.99 = 2.485 s.
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
    ]);
  });

  it("a target that stops answering scrapes raises ServiceTargetDown", () => {
    const up = [{ series: `up${lbl({ ...SERVICE, instance: "10.0.0.7:8080" })}`, values: "1x10 0x20" }];
    run([
      {
        name: "down",
        input_series: healthy(30, { up }),
        alert_rule_test: [
          check("12m", "ServiceTargetDown", []),
          check("20m", "ServiceTargetDown", [firing("ServiceTargetDown", "critical", SERVICE, 0)]),
        ],
      },
    ]);
  });

  it("a crash-looping pod raises KubePodCrashLooping", () => {
    const labels = { namespace: "shop", pod: "checkout-7d9f-abcde", container: "app", reason: "CrashLoopBackOff" };
    const kube = [{ series: `kube_pod_container_status_waiting_reason${lbl(labels)}`, values: gauge(1, 30) }];
    const { reason: _, ...alertLabels } = labels;
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
    ]);
  });
});
