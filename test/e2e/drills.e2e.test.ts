import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { Agent, get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type AlertTiming, type Bound, detectionBound, PROCESSING_SECONDS, resolutionBound, ruleTiming } from "../../src/cli/alert-bounds";
import { waitWithin } from "../../src/cli/bounded-wait";
import { EXAMPLE_INSTANCE_ENV, exampleServiceCommand } from "../../src/cli/example-service";
import { exampleServiceIsOurs, nodeExporterIdentity, nodeExporterIsOurs, prometheusIsOurs } from "../../src/cli/own-server";
import type { DashboardSummary } from "../../src/cli/preview";
import { SimulatedCpu } from "../../src/cli/simulated-cpu";
import { matchRoutes, type RouteNode } from "../../src/render/gameday/routes";
import { boxOf, type GridPos, PAGE_WIDTH, pageSize, STAMP_HEIGHT } from "../../src/render/preview/layout";
import { PREVIEW_STAMP } from "../../src/render/preview/page";
import type { RuleFile } from "../../src/render/prometheus/rule-files";
import { ROOT } from "../support/run";
import { alertmanagerTool, realTool } from "../support/tools";
import { checkPanels } from "./panel-data";
import { freePort, Processes, runCliConcurrently, waitFor } from "./processes";
import { Receiver } from "./receiver";

/**
 * Alert drills against the real Prometheus, node_exporter and Alertmanager on 127.0.0.1, loaded with the artifacts
 * `monitoring-stack export` writes for an environment, time-compressed 100x (--time-scale 0.01): every range, `for:`
 * and offset shrinks by the same factor, group waits are one second. Nothing here is a hand-written rule. At the end,
 * `monitoring-stack preview` draws the environment's dashboards from the same Prometheus with Debian's headless
 * Chromium (skipped without Chromium outside CI; under CI=true a missing Chromium fails: .ci/run installs it).
 */
const prometheus = realTool("prometheus");
const alertmanager = alertmanagerTool("prometheus-alertmanager");
const nodeExporter = realTool("prometheus-node-exporter");
const skip = prometheus.skip || alertmanager.skip || nodeExporter.skip;
const chromium = realTool("chromium");

const DRILL_ENVIRONMENT = {
  name: "drill",
  kubernetes: { connection: { type: "kubeconfig" } },
  services: [{ name: "shop-api", namespace: "e2e", slo: { availabilityPercent: 99 }, metrics: { runtime: "nodejs" } }],
  channels: [
    { type: "webhook", name: "pager", url: { kubernetesSecret: { name: "pager", key: "url" } }, severities: ["critical"] },
    { type: "webhook", name: "chat", url: { kubernetesSecret: { name: "chat", key: "url" } }, severities: ["warning", "info"] },
  ],
  // 3 minutes compressed 100x by export --time-scale 0.01: a heartbeat about every 2 s.
  alerting: { heartbeat: { url: { kubernetesSecret: { name: "heartbeat", key: "url" } }, interval: "3m" } },
  incident: { channel: "#incident-drill", webhookUrl: { kubernetesSecret: { name: "incident", key: "url" } } },
  relativeRunbookLinks: { reason: "a drill on 127.0.0.1" },
};

/**
 * Panels whose metrics exist in the drill but that show series only when something is wrong (a filter such as `> 0`):
 * empty is their healthy state.
 */
const EMPTY_BY_DESIGN = new Set<string>([
  // An instant table of what fires now: empty whenever the last scenario has resolved by the time it is asked.
  "overview / Firing alerts",
]);

const suiteStart = Date.now();
const work = mkdtempSync(join(tmpdir(), "drills-"));
const processes = new Processes(work);
const receiver = new Receiver();
const timings: Array<{ scenario: string; detectedSeconds?: number; resolvedSeconds?: number }> = [];
const ports = { receiver: 0, prometheus: 0, alertmanager: 0, nodeExporter: 0, service: 0 };
const amUrl = () => `http://127.0.0.1:${ports.alertmanager}`;
/** Exported by node_exporter (nodeExporterIdentity): tells it from another node_exporter on its port. */
const nodeExporterId = randomUUID();
const seconds = (ms: number) => Math.round(ms / 100) / 10;
/** Scrape and evaluation interval of the drill's Prometheus: every wait below is derived from it and the exports. */
const INTERVAL_SECONDS = 1;
/** The simulated kernel's CPU accounting node_exporter reads (see SimulatedCpu for why not the host's). */
const cpu = new SimulatedCpu(join(work, "proc"), { busyPercent: 5 });
/** CPU busy share of the high-load drill: above the critical threshold, as a saturated host. */
const BUSY_PERCENT = 98;

/** The exported rule files and routing, read back as Prometheus and Alertmanager load them. */
function exported(): { rules: RuleFile[]; route: RouteNode } {
  const rulesDir = join(work, "artifacts", "prometheus", "rules");
  return {
    rules: readdirSync(rulesDir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => parse(readFileSync(join(rulesDir, f), "utf8")) as RuleFile),
    route: (parse(readFileSync(join(work, "artifacts", "alertmanager", "alertmanager.yml"), "utf8")) as { route: RouteNode }).route,
  };
}

/** The longest group_wait and group_interval of the exported routes alerts with these labels take. */
function routeTiming(labels: Record<string, string>): Pick<AlertTiming, "groupWaitSeconds" | "groupIntervalSeconds"> {
  const routes = matchRoutes(exported().route, labels);
  return {
    groupWaitSeconds: Math.max(...routes.map((r) => r.groupWaitSeconds)),
    groupIntervalSeconds: Math.max(...routes.map((r) => r.groupIntervalSeconds)),
  };
}

/** An alert's timing from the exported rule and the route its labels take, with this Prometheus' intervals. */
function timingOf(alert: string, severity: string, labels: Record<string, string> = {}): AlertTiming {
  return {
    ...ruleTiming(exported().rules, alert, { severity, ...labels }, INTERVAL_SECONDS),
    ...routeTiming({ alertname: alert, severity, ...labels }),
    scrapeSeconds: INTERVAL_SECONDS,
  };
}

/** A bound of a few intervals and processing, for steps no rule window is part of. */
function intervalsBound(what: string, seconds: number): Bound {
  return { seconds: seconds + PROCESSING_SECONDS, derivation: `${what} ${seconds} s + processing ${PROCESSING_SECONDS} s` };
}

/** What was seen of an alert, for a failure message: its state in Prometheus and Alertmanager, and what arrived. */
async function seenOf(alert: string, query?: string): Promise<string> {
  const inPrometheus = (await (await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/alerts`)).json()) as {
    data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
  };
  const states = inPrometheus.data.alerts
    .filter((a) => a.labels.alertname === alert)
    .map((a) => `${a.labels.severity} ${a.state}`)
    .join(", ");
  const inAlertmanager = (await (
    await fetch(`${amUrl()}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alert}"`)}`)
  ).json()) as Array<{
    labels: Record<string, string>;
    status: { state: string };
    receivers: Array<{ name: string }>;
  }>;
  const values = query ? (await prometheusQuery(query)).map((r) => Number(r.value[1]).toFixed(1)) : [];
  const value = query ? `${query} = ${values.join(", ") || "no data"}` : "";
  const received = receiver.notifications
    .filter((n) => n.alerts?.some((a) => a.labels.alertname === alert))
    .map((n) => `${n.path} ${n.status} at ${new Date(n.receivedAt).toISOString()}`);
  return [
    `Prometheus: ${states || "inactive"}`,
    `Alertmanager: ${inAlertmanager.map((a) => `${a.labels.severity} ${a.status.state} -> ${a.receivers.map((r) => r.name).join(", ")}`).join("; ") || "none"}`,
    ...(value ? [value] : []),
    `received: ${received.slice(-4).join("; ") || "nothing"}`,
  ].join("; ");
}

function startAlertmanager(): void {
  processes.startAlertmanager(
    "alertmanager",
    alertmanager.path as string,
    { config: join(work, "artifacts", "alertmanager", "alertmanager.yml"), data: join(work, "alertmanager-data") },
    ports.alertmanager,
  );
}

/** Its configuration names the drill's secret files: another Alertmanager on the port names its own. */
function waitForAlertmanager(timeoutMs: number): Promise<void> {
  return processes.waitForAlertmanager("alertmanager", ports.alertmanager, join(work, "secrets"), timeoutMs);
}

/** The instance id the service was last started with: it sends it back, telling it from another server on its port. */
let serviceId = "";

function startService(): void {
  const { command, args } = exampleServiceCommand(ROOT);
  serviceId = randomUUID();
  processes.start("service", command, args, {
    PORT: String(ports.service),
    HOST: "127.0.0.1",
    SERVICE_NAME: "shop-api",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.receiver}`,
    [EXAMPLE_INSTANCE_ENV]: serviceId,
  });
}

function waitForService(timeoutMs: number): Promise<void> {
  return processes.waitForOwn("service", "shop-api", ports.service, timeoutMs, () =>
    exampleServiceIsOurs(`http://127.0.0.1:${ports.service}`, serviceId),
  );
}

/**
 * Connections of the drills' traffic, kept alive as fetch keeps its own. Through node:http a request costs this process
 * 0.4 ms of CPU against fetch's 1.0 ms (measured against the example service), and the suite sends about a thousand.
 */
const trafficAgent = new Agent({ keepAlive: true });

/** One GET /orders to the service, bounded; settles on any outcome (the service may be down on purpose). */
function order(): Promise<void> {
  return new Promise((resolve) => {
    const request = get({ host: "127.0.0.1", port: ports.service, path: "/orders", agent: trafficAgent, timeout: 10_000 }, (response) => {
      response.once("close", () => resolve());
      response.resume();
    });
    request.once("error", () => resolve());
    request.once("timeout", () => request.destroy());
  });
}

/** Sends `perSecond` requests to the service until stopped or for at most `maxMs` (bounded), ignoring failures. */
function traffic(maxMs: number, perSecond = 20): { stop: () => Promise<void> } {
  let stopped = false;
  const end = Date.now() + maxMs;
  const done = (async () => {
    while (!stopped && Date.now() < end) {
      await Promise.all(Array.from({ length: perSecond / 5 }, order));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

async function prometheusQuery(query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const response = await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`);
  return ((await response.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
}

/** Steady traffic to the service while the suite runs (as a service has), for the previews' request-rate lines. */
let background: { stop: () => Promise<void> } | undefined;

/**
 * Luminance variance and number of distinct colours of an image below the stamp (the dashboard itself): a blank or
 * one-colour area has ~0 and 1.
 */
function pixelStats(png: PNG): { variance: number; colours: number } {
  let sum = 0;
  let squares = 0;
  const colours = new Set<number>();
  const first = 4 * STAMP_HEIGHT * png.width;
  let n = 0;
  // Every third pixel: plenty for a variance, three times faster.
  for (let i = first; i < png.data.length; i += 12, n++) {
    const luminance = 0.2126 * png.data[i] + 0.7152 * png.data[i + 1] + 0.0722 * png.data[i + 2];
    sum += luminance;
    squares += luminance * luminance;
    colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
  }
  return { variance: squares / n - (sum / n) ** 2, colours: colours.size };
}

/** Longest a command may take: its start-up alone took 50 s on a machine loaded to 18 (no interval bounds it). */
const COMMAND_TIMEOUT_MS = 110_000;

// The commands read the drill's environment from here: this file runs in a process of its own (vitest.config.mts).
process.env.MONITORING_ENVIRONMENTS_DIR = join(work, "environments");

/**
 * `monitoring-stack <args>`, the CLI's own `run` in this process (runCliConcurrently: six CLI processes cost about as
 * much CPU as the rest of the file's Node processes), bounded; a command that did not finish is named as such.
 */
async function monitoringStack(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const result = await runCliConcurrently(args, COMMAND_TIMEOUT_MS);
  if (result.status === null)
    throw new Error(
      `monitoring-stack ${args.join(" ")} did not finish within ${COMMAND_TIMEOUT_MS / 1000} s; its output: ${result.stdout}${result.stderr}`,
    );
  return result;
}

describe.skipIf(skip)("alert drills with real Prometheus, node_exporter and Alertmanager", () => {
  beforeAll(async () => {
    for (const key of Object.keys(ports) as Array<keyof typeof ports>) ports[key] = await freePort();
    await receiver.start(ports.receiver);

    // The environment and its exported artifacts, exactly as a user would produce them.
    const specs = join(work, "environments");
    mkdirSync(specs);
    writeFileSync(join(specs, "drill.yaml"), stringify(DRILL_ENVIRONMENT));
    const secrets = join(work, "secrets");
    for (const channel of ["pager", "chat", "heartbeat", "incident"]) {
      mkdirSync(join(secrets, channel), { recursive: true });
      writeFileSync(join(secrets, channel, "url"), `http://127.0.0.1:${ports.receiver}/${channel}`);
    }
    // Prometheus and the processes it scrapes start while the export runs: Prometheus hands its first targets to the
    // scrape loops only after its discovery's 5-s update tick, and the service's start-up is the longest. Prometheus
    // reads the exported rules when it is told to reload (below), as the stack's config reloader has it do.
    writeFileSync(
      join(work, "prometheus.yml"),
      stringify({
        global: { scrape_interval: `${INTERVAL_SECONDS}s`, evaluation_interval: `${INTERVAL_SECONDS}s` },
        rule_files: [join(work, "artifacts", "prometheus", "rules", "*.yaml")],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${ports.alertmanager}`] }] }] },
        scrape_configs: [
          { job_name: "node-exporter", static_configs: [{ targets: [`127.0.0.1:${ports.nodeExporter}`] }] },
          { job_name: "shop-api", static_configs: [{ targets: [`127.0.0.1:${ports.service}`], labels: { namespace: "e2e" } }] },
          // Their own telemetry, for the "can I trust the monitoring" panels (job names no alert rule selects).
          { job_name: "drill-prom-self", static_configs: [{ targets: [`127.0.0.1:${ports.prometheus}`] }] },
          { job_name: "drill-am-self", static_configs: [{ targets: [`127.0.0.1:${ports.alertmanager}`] }] },
        ],
      }),
    );
    processes.start("prometheus", prometheus.path as string, [
      `--config.file=${join(work, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(work, "prometheus-data")}`,
      `--web.listen-address=127.0.0.1:${ports.prometheus}`,
      "--rules.alert.resend-delay=1s",
      // As the stack runs it (modules/kube-prometheus): exemplars are kept only with this feature.
      "--enable-feature=exemplar-storage",
    ]);
    // The collectors the node panels read (CPU drives the load drill; the others feed the resources dashboard). Its
    // procfs is the host's but for `stat`, the simulated kernel's CPU counters: on this shared machine the host's
    // CPU is busy or idle with the neighbours' work, not the drill's. The other collectors read the files linked
    // below (node_exporter 1.5: meminfo, loadavg, diskstats, 1/mounts or mounts; netdev uses netlink, uname a
    // syscall); sysfs stays the host's.
    cpu.start();
    for (const file of ["meminfo", "loadavg", "diskstats", "mounts", "1", "net"]) symlinkSync(join("/proc", file), join(cpu.dir, file));
    processes.start("node-exporter", nodeExporter.path as string, [
      `--web.listen-address=127.0.0.1:${ports.nodeExporter}`,
      `--path.procfs=${cpu.dir}`,
      "--collector.disable-defaults",
      ...["cpu", "meminfo", "loadavg", "netdev", "diskstats", "filesystem", "uname"].map((c) => `--collector.${c}`),
      ...nodeExporterIdentity(join(work, "node-exporter"), nodeExporterId),
    ]);
    startService();
    background = traffic(COMMAND_TIMEOUT_MS * 10, 10);
    const exportRun = await monitoringStack([
      "export",
      "--env",
      "drill",
      "--out",
      join(work, "artifacts"),
      "--time-scale",
      "0.01",
      "--secrets-dir",
      secrets,
    ]);
    expect(exportRun.status, exportRun.stderr).toBe(0);

    startAlertmanager();
    // Each server answers as the one started here (its storage folder, its id, its configuration), not another
    // process's that took its port: the drills' faults and queries would reach that one.
    await Promise.all([
      processes.waitForOwn("prometheus", "Prometheus", ports.prometheus, 60_000, () =>
        prometheusIsOurs(`http://127.0.0.1:${ports.prometheus}`, join(work, "prometheus-data")),
      ),
      processes.waitForOwn("node-exporter", "node_exporter", ports.nodeExporter, 60_000, () =>
        nodeExporterIsOurs(`http://127.0.0.1:${ports.nodeExporter}`, nodeExporterId),
      ),
      waitForService(60_000),
    ]);
    processes.signal("prometheus", "SIGHUP");
    const groups = exported().rules.flatMap((f) => f.groups.map((g) => g.name));
    await waitFor(
      `Prometheus to load the ${groups.length} exported rule groups`,
      async () => {
        const loaded = (await (await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/rules`)).json()) as {
          data: { groups: Array<{ name: string }> };
        };
        return groups.every((g) => loaded.data.groups.some((l) => l.name === g)) ? true : undefined;
      },
      20_000,
    );
    await waitForAlertmanager(20_000);
    await waitFor(
      "the first scrapes of node_exporter and the service",
      async () => ((await prometheusQuery('up{job=~"node-exporter|shop-api"} == 1')).length === 2 ? true : undefined),
      60_000, // process start-ups, not intervals
    );
  }, 240_000);

  afterAll(async () => {
    await background?.stop();
    trafficAgent.destroy();
    await cpu.stop();
    await processes.stopAll();
    await receiver.stop();
    if (timings.length > 0) {
      const rows = timings.map(
        (t) =>
          `| ${t.scenario.padEnd(34)} | ${String(t.detectedSeconds ?? "-").padStart(8)} s | ${String(t.resolvedSeconds ?? "-").padStart(8)} s |`,
      );
      process.stdout.write(
        `\nTime to detect (fault start -> notification received), time-compressed 100x:\n| scenario                           | detected   | resolved   |\n| --- | --- | --- |\n${rows.join("\n")}\n`,
      );
    }
  });

  // The scenarios below up to the Alertmanager restart run side by side: each waits for its own alert name (a group
  // of its own: the routing groups by alertname), receiver path or command output, and none stops a process the
  // others use. The restart and what needs a fresh Alertmanager follow, one at a time.
  it.concurrent("Watchdog: the heartbeat arrives periodically", async ({ expect }) => {
    // The Watchdog may not have reached Alertmanager yet (the first beat is then its detection); after that
    // Alertmanager re-sends it at every flush of its route, every group_interval (the heartbeat interval): its
    // repeat_interval is below that (test/e2e/heartbeat-cadence.e2e.test.ts measures the gaps).
    const first = detectionBound(timingOf("Watchdog", "info"));
    const beat = routeTiming({ alertname: "Watchdog" }).groupIntervalSeconds;
    const since = Date.now();
    await waitWithin(
      "three heartbeats (Watchdog on /heartbeat)",
      () => (receiver.find("/heartbeat", "Watchdog", "firing", since).length >= 3 ? true : undefined),
      {
        seconds: first.seconds + 2 * beat,
        derivation: `the first (${first.derivation}) + 2 heartbeats ${beat} s apart (group_interval)`,
      },
      { seen: () => seenOf("Watchdog") },
    );
    const beats = receiver.find("/heartbeat", "Watchdog", "firing", since).map((n) => n.receivedAt);
    expect(
      receiver.notifications.filter((n) => n.path !== "/heartbeat" && n.alerts?.some((a) => a.labels.alertname === "Watchdog")),
    ).toEqual([]);
    timings.push({ scenario: "watchdog heartbeat", detectedSeconds: seconds(beats[0] - since) });
  }, 60_000);

  it.concurrent("high load: the CPUs go busy, the critical CPU alert pages, and resolves once they are idle again", async ({ expect }) => {
    // The load is the simulated kernel's (SimulatedCpu): a real burner would compete with whatever else runs on this
    // shared machine, which already keeps the host's CPU above the threshold at load 5. Everything after /proc/stat
    // is real: node_exporter's cpu collector, the exported recording rule and HostHighCpuLoad, Alertmanager's routing.
    const timing = timingOf("HostHighCpuLoad", "critical");
    const utilisation = "instance:node_cpu_utilisation:percent";
    const seen = () => seenOf("HostHighCpuLoad", utilisation);
    // node_exporter reports the simulated kernel's counters (they started at 1,000 idle seconds), not the host's.
    const idle = await prometheusQuery('node_cpu_seconds_total{job="node-exporter", cpu="0", mode="idle"}');
    expect(Number(idle[0]?.value[1])).toBeGreaterThanOrEqual(1000);
    expect(Number(idle[0]?.value[1])).toBeLessThan(1000 + (Date.now() - suiteStart) / 1000);
    // A quiet start: the alert is not already firing (then nothing new could fire, the old test's failure on a busy host).
    expect(await seen()).toMatch(/^Prometheus: inactive; Alertmanager: none/);

    const start = Date.now();
    const row: (typeof timings)[number] = { scenario: "high CPU load" };
    timings.push(row);
    cpu.busyPercent = BUSY_PERCENT;
    try {
      const fired = await waitWithin(
        "HostHighCpuLoad (critical) on the pager",
        () => receiver.find("/pager", "HostHighCpuLoad", "firing", start)[0],
        detectionBound(timing),
        { seen },
      );
      expect(fired.alerts.find((a) => a.labels.alertname === "HostHighCpuLoad")?.labels.severity).toBe("critical");
      row.detectedSeconds = seconds(fired.receivedAt - start);
    } finally {
      cpu.busyPercent = 5;
    }
    const stopped = Date.now();
    const resolved = await waitWithin(
      "HostHighCpuLoad resolved on the pager",
      () => receiver.find("/pager", "HostHighCpuLoad", "resolved", stopped)[0],
      resolutionBound(timing),
      { seen },
    );
    row.resolvedSeconds = seconds(resolved.receivedAt - stopped);
  }, 90_000);

  it.concurrent("elevated error rate: 5xx from the instrumented service raise the error-ratio page, resolved once fixed", async ({
    expect,
  }) => {
    const timing = timingOf("ServiceHighErrorRatio", "critical", { service: "shop-api" });
    const seen = () => seenOf("ServiceHighErrorRatio");
    const load = traffic(90_000);
    try {
      await waitWithin(
        "traffic to be scraped (job:http_requests:rate5m of shop-api)",
        async () => ((await prometheusQuery('job:http_requests:rate5m{job="shop-api"} > 0')).length ? true : undefined),
        intervalsBound("scrape, window and evaluation", timing.scrapeSeconds + timing.windowSeconds + timing.evaluationSeconds),
        { seen: async () => `up: ${JSON.stringify(await prometheusQuery('up{job="shop-api"}'))}` },
      );
      const start = Date.now();
      await fetch(`http://127.0.0.1:${ports.service}/fault?errorRate=0.5`, { method: "POST" });
      const fired = await waitWithin(
        "ServiceHighErrorRatio (critical) on the pager",
        () => receiver.find("/pager", "ServiceHighErrorRatio", "firing", start)[0],
        detectionBound(timing),
        { seen },
      );
      const alert = fired.alerts.find((a) => a.labels.alertname === "ServiceHighErrorRatio");
      expect(alert?.labels).toMatchObject({ severity: "critical", service: "shop-api", namespace: "e2e", job: "shop-api" });
      expect(alert?.annotations.runbook_url).toBe("runbooks/ServiceHighErrorRatio.md");
      const fixed = Date.now();
      await fetch(`http://127.0.0.1:${ports.service}/fault?errorRate=0`, { method: "POST" });
      const resolved = await waitWithin(
        "ServiceHighErrorRatio resolved on the pager",
        () => receiver.find("/pager", "ServiceHighErrorRatio", "resolved", fixed)[0],
        resolutionBound(timing),
        { seen },
      );
      timings.push({
        scenario: "elevated error rate",
        detectedSeconds: seconds(fired.receivedAt - start),
        resolvedSeconds: seconds(resolved.receivedAt - fixed),
      });
    } finally {
      await load.stop();
    }
    // The example's logs are JSON lines carrying the trace id of the request, and its spans reach the OTLP endpoint.
    const errorLine = processes
      .log("service")
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l))
      .find((l) => l.status === 500);
    expect(errorLine).toMatchObject({
      level: 50,
      service: "shop-api",
      route: "/orders",
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(receiver.traceExports).toBeGreaterThan(0);
  }, 120_000);

  it.concurrent("exemplars: the service serves OpenMetrics with trace ids, Prometheus negotiates it and keeps them (query_exemplars)", async ({
    expect,
  }) => {
    const load = traffic(30_000);
    try {
      // The first OpenMetrics scrape after a traced request carries exemplars.
      const exemplars = await waitWithin(
        "exemplars of the latency histogram in Prometheus (query_exemplars)",
        async () => {
          const end = Date.now() / 1000;
          const query = encodeURIComponent('http_request_duration_seconds_bucket{job="shop-api"}');
          const body = (await (
            await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/query_exemplars?query=${query}&start=${end - 300}&end=${end}`)
          ).json()) as { data: Array<{ exemplars: Array<{ labels: Record<string, string> }> }> };
          const found = body.data.flatMap((series) => series.exemplars);
          return found.length > 0 ? found : undefined;
        },
        intervalsBound("2 scrapes", 2 * INTERVAL_SECONDS),
        { seen: async () => `requests served: ${JSON.stringify(await prometheusQuery('sum(http_requests_total{job="shop-api"})'))}` },
      );
      expect(exemplars[0].labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
      // Only because Prometheus asked for OpenMetrics: the 0.0.4 text format carries no exemplars.
      const text = await (await fetch(`http://127.0.0.1:${ports.service}/metrics`)).text();
      expect(text).toMatch(/^http_request_duration_seconds_bucket\{[^}]*\} \d+$/m);
      expect(text).not.toContain("trace_id");
    } finally {
      await load.stop();
    }
  }, 60_000);

  it.concurrent("monitoring-stack drill refuses a non-local Alertmanager without --confirm <env>", async ({ expect }) => {
    const result = await monitoringStack([
      "drill",
      "--alertmanager",
      "http://alertmanager.example.invalid:9093",
      "--env",
      "drill",
      "--yes",
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--confirm drill");
  }, 150_000);

  // The drill commands one after the other: a silence on the drill alert, and the incident-channel posts each counts.
  describe("the drill command", { concurrent: true }, () => {
    it.sequential("monitoring-stack drill sends per service and severity, and says delivered only after Alertmanager counted it", async ({
      expect,
    }) => {
      const since = Date.now();
      const result = await monitoringStack([
        "drill",
        "--alertmanager",
        amUrl(),
        "--env",
        "drill",
        "--timeout",
        "1",
        "--secrets-dir",
        join(work, "secrets"),
      ]);
      expect(result.stderr).toBe("");
      expect(result.status, result.stdout).toBe(0);
      // The drill announced itself in the incident channel, before and after.
      expect(result.stdout).toContain("Incident channel: posted to #incident-drill");
      const announcements = receiver.notifications.filter((n) => n.path === "/incident" && n.receivedAt >= since);
      expect(announcements).toHaveLength(2);
      expect(result.stdout).toContain("| target | severity | expected | routed | suppressed | delivery |");
      expect(result.stdout).toMatch(/\| shop-api \| critical \| pager \| pager \| no \| delivered \|/);
      expect(result.stdout).toMatch(/\| platform \| warning \| chat \| chat \| no \| delivered \|/);
      // The platform's and the service's critical drill alerts are grouped apart and may arrive in either order.
      // The command said "delivered" from Alertmanager's counters, which count once the receiver has answered.
      const pager = await waitWithin(
        "the service's critical drill page (MonitoringDrill, service shop-api) on the pager",
        () =>
          receiver.find("/pager", "MonitoringDrill", "firing", since).find((n) => n.alerts.some((a) => a.labels.service === "shop-api")),
        intervalsBound("delivered before the command ended:", 0),
        { seen: () => seenOf("MonitoringDrill") },
      );
      // The service's drill alert carries the labels its real alerts carry, so the service's own routes are exercised.
      expect(pager.alerts.find((a) => a.labels.service === "shop-api")?.labels).toMatchObject({
        severity: "critical",
        drill: "true",
        service: "shop-api",
        namespace: "e2e",
        job: "shop-api",
      });
      // Resolved by the command as it ended; Alertmanager sends that at the group's next group_interval flush.
      const drillTiming = routeTiming({ alertname: "MonitoringDrill", severity: "critical", service: "shop-api" });
      const resolved = await waitWithin(
        "the drill alerts resolved on the pager",
        () => receiver.find("/pager", "MonitoringDrill", "resolved", since)[0],
        intervalsBound("group_interval", drillTiming.groupIntervalSeconds),
        { seen: () => seenOf("MonitoringDrill") },
      );
      timings.push({
        scenario: "drill command (critical)",
        detectedSeconds: seconds(pager.receivedAt - since),
        resolvedSeconds: seconds(resolved.receivedAt - pager.receivedAt),
      });
    }, 180_000);

    it.sequential("monitoring-stack drill fails on a silenced alert and names the silence", async ({ expect }) => {
      const created = await fetch(`${amUrl()}/api/v2/silences`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          matchers: [
            { name: "alertname", value: "MonitoringDrill", isRegex: false, isEqual: true },
            { name: "severity", value: "critical", isRegex: false, isEqual: true },
          ],
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 600_000).toISOString(),
          createdBy: "e2e",
          comment: "maintenance window left behind",
        }),
      });
      const { silenceID } = (await created.json()) as { silenceID: string };
      try {
        const result = await monitoringStack(["drill", "--alertmanager", amUrl(), "--env", "drill", "--yes"]);
        expect(result.status, result.stdout).toBe(1);
        expect(result.stdout).toMatch(
          new RegExp(
            `\\| shop-api \\| critical \\| pager \\| pager \\| silenced by ${silenceID} \\(created by e2e: "maintenance window left behind"[^|]*\\| not delivered: suppressed \\|`,
          ),
        );
        expect(result.stdout).toMatch(/\| shop-api \| warning \| chat \| chat \| no \| delivered \|/);
      } finally {
        await fetch(`${amUrl()}/api/v2/silence/${silenceID}`, { method: "DELETE" });
      }
    }, 180_000);
  });

  it("fault in the pipeline: Alertmanager restarts with its data kept, loses no firing alert, sends no storm, keeps silences", async () => {
    // A silence that must survive the restart, made before the fault so that the warning it silences and the page
    // below are awaited side by side.
    const silence = await fetch(`${amUrl()}/api/v2/silences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        matchers: [{ name: "alertname", value: "PrometheusTargetsDown", isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: "drill",
        comment: "silence that must survive a restart",
      }),
    });
    const { silenceID } = (await silence.json()) as { silenceID: string };
    type ApiAlert = { status: { state: string; silencedBy: string[] } };
    const alertsNamed = async (name: string) =>
      (await (await fetch(`${amUrl()}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${name}"`)}`)).json()) as ApiAlert[];

    // A firing page to carry across the restart: the service goes down.
    const timing = timingOf("ServiceTargetDown", "critical", { service: "shop-api" });
    const start = Date.now();
    await processes.stop("service");
    const [fired] = await Promise.all([
      waitWithin(
        "ServiceTargetDown (critical) on the pager",
        () => receiver.find("/pager", "ServiceTargetDown", "firing", start)[0],
        detectionBound(timing),
        { seen: () => seenOf("ServiceTargetDown") },
      ),
      // The silence must be doing something: the targets-down warning fires and is suppressed by it.
      waitWithin(
        `PrometheusTargetsDown in Alertmanager, silenced by ${silenceID}`,
        async () =>
          (await alertsNamed("PrometheusTargetsDown")).find(
            (a) => a.status.state === "suppressed" && a.status.silencedBy.includes(silenceID),
          ),
        detectionBound(timingOf("PrometheusTargetsDown", "warning")),
        { seen: () => seenOf("PrometheusTargetsDown") },
      ),
    ]);
    timings.push({ scenario: "target down", detectedSeconds: seconds(fired.receivedAt - start) });

    // Let Alertmanager log the page in its notification log (after the receiver answered): 1.5 s from its receipt.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, fired.receivedAt + 1_500 - Date.now())));
    await processes.stop("alertmanager");
    const restarted = Date.now();
    startAlertmanager();
    await waitForAlertmanager(20_000);

    // Prometheus sends what fires at every evaluation, at most every --rules.alert.resend-delay (1 s).
    const resent = intervalsBound("evaluation and resend delay", INTERVAL_SECONDS + 1);
    await waitWithin(
      "the firing ServiceTargetDown back in Alertmanager, active",
      async () => (await alertsNamed("ServiceTargetDown")).find((a) => a.status.state === "active"),
      resent,
      { seen: () => seenOf("ServiceTargetDown") },
    );
    timings.push({ scenario: "Alertmanager restart (alert back)", detectedSeconds: seconds(Date.now() - restarted) });
    const silences = (await (await fetch(`${amUrl()}/api/v2/silences`)).json()) as Array<{ id: string; status: { state: string } }>;
    expect(silences.find((s) => s.id === silenceID)?.status.state).toBe("active");
    await waitWithin(
      `PrometheusTargetsDown back in Alertmanager, still silenced by ${silenceID}`,
      async () =>
        (await alertsNamed("PrometheusTargetsDown")).find(
          (a) => a.status.state === "suppressed" && a.status.silencedBy.includes(silenceID),
        ),
      resent,
      { seen: () => seenOf("PrometheusTargetsDown") },
    );

    // A storm would go out when the recreated group flushes: after group_wait, or a group_interval tick later.
    await new Promise((resolve) =>
      setTimeout(resolve, (timing.groupWaitSeconds + 2 * timing.groupIntervalSeconds + PROCESSING_SECONDS) * 1000),
    );
    const afterRestart = receiver.find("/pager", "ServiceTargetDown", "firing", restarted);
    expect(afterRestart.length, "re-sent pages after the restart").toBeLessThanOrEqual(1);
    expect(receiver.find("/chat", "PrometheusTargetsDown", "firing", start)).toEqual([]);

    // Back up: the page resolves. The bound runs from the service answering (its start-up is no interval's).
    startService();
    await waitForService(60_000);
    const recovered = Date.now();
    const resolved = await waitWithin(
      "ServiceTargetDown resolved on the pager",
      () => receiver.find("/pager", "ServiceTargetDown", "resolved", recovered)[0],
      resolutionBound(timing),
      { seen: () => seenOf("ServiceTargetDown") },
    );
    const down = timings.find((t) => t.scenario === "target down");
    if (down) down.resolvedSeconds = seconds(resolved.receivedAt - recovered);
  }, 200_000);

  // The previews read Prometheus only: they are drawn beside the group_wait drill below.
  it.concurrent("monitoring-stack drill does not call alerts resolved before group_wait delivered, and says whether the page can still go out", async ({
    expect,
  }) => {
    // Waits from the exported routing, not guessed: its root group_wait and group_interval.
    const route = (
      parse(readFileSync(join(work, "artifacts", "alertmanager", "alertmanager.yml"), "utf8")) as {
        route: { group_wait: string; group_interval: string };
      }
    ).route;
    const [groupWait, groupInterval] = [route.group_wait, route.group_interval].map((d) => Number(/^(\d+)s$/.exec(d)?.[1]) * 1000);
    // A fresh aggregation group: the earlier drills' alerts share its labels, and an alert joining an existing group
    // goes out at that group's next group_interval tick, not after group_wait (Alertmanager's rule, not the command's).
    // Alertmanager drops emptied groups only in a maintenance pass every 30 s, and no API shows an empty group (its
    // gauge also counts the groups Prometheus keeps recreating by resending resolved alerts for 15 minutes): restart
    // it (same data: silences and notification log kept), which starts with no group at all.
    // First the earlier drills' resolutions must have gone out: Alertmanager's notification log (kept across the
    // restart) would otherwise still list their alerts as firing in the same groups, and a group whose last
    // notification had firing alerts is notified again when they are gone, our resolved alerts included.
    const open = () => {
      const key = (n: { path: string }, a: { labels: Record<string, string> }) => `${n.path} ${a.labels.drill_id} ${a.labels.instance}`;
      const drills = receiver.notifications.filter((n) => n.path !== "/incident" && n.alerts?.some((a) => a.labels.drill === "true"));
      const resolved = new Set(drills.flatMap((n) => n.alerts.filter((a) => a.status === "resolved").map((a) => key(n, a))));
      return drills.flatMap((n) => n.alerts.filter((a) => a.status === "firing").map((a) => key(n, a))).filter((k) => !resolved.has(k));
    };
    // The earlier drills resolved their alerts as they ended: sent at each group's next group_interval flush.
    await waitWithin(
      "the earlier drills' resolved notifications",
      () => (open().length === 0 ? true : undefined),
      intervalsBound("group_interval", groupInterval / 1000),
      { seen: () => `still firing (receiver, drill, instance): ${open().join("; ")}` },
    );
    await processes.stop("alertmanager");
    startAlertmanager();
    await waitForAlertmanager(20_000);
    const since = Date.now();
    const result = await monitoringStack(["drill", "--alertmanager", amUrl(), "--env", "drill", "--yes", "--delivery-timeout", "0"]);
    expect(result.status, result.stdout).toBe(1);
    const row =
      /\| shop-api \| critical \| pager \| pager \| no \| not delivered: the 0 s timeout ended before group_wait \(1 s\); resolved after ([\d.]+) s, (before group_wait: Alertmanager sends nothing|past group_wait: Alertmanager may still send it) \|/.exec(
        result.stdout,
      );
    expect(row, result.stdout).not.toBeNull();
    const [resolvedAfter, verdict] = [Number(row?.[1]), row?.[2] ?? ""];
    expect(verdict.startsWith("before")).toBe(resolvedAfter < groupWait / 1000);
    const drillId = /Drill (\w+):/.exec(result.stdout)?.[1];
    await new Promise((resolve) => setTimeout(resolve, groupWait + 2 * groupInterval)); // past group_wait and a flush
    const pages = receiver.notifications.filter((n) => n.receivedAt >= since && n.alerts?.some((a) => a.labels.drill_id === drillId));
    // What the command says about the page holds: resolved in time, nothing is sent. On a loaded machine the resolution
    // can reach Alertmanager's groups after group_wait; then it says so rather than promising silence.
    if (verdict.startsWith("before")) expect(pages).toEqual([]);
    else process.stdout.write(`drill resolved after ${resolvedAfter} s, past group_wait: ${pages.length} page(s) went out, as it said\n`);
  }, 180_000);

  describe.skipIf(chromium.skip)("dashboard previews from this Prometheus, drawn by headless Chromium", { concurrent: true }, () => {
    /** One lean set: stat, table and bar gauges (overview), time series (performance), Loki panels (logs). */
    const DASHBOARDS = ["overview", "performance", "logs"];
    const out = join(work, "previews");
    let summary: { stamp: string; env: string; prometheus: string; dashboards: DashboardSummary[] };
    let run: { status: number | null; stdout: string; stderr: string };

    beforeAll(async () => {
      // The service's traffic recorded and rated (recording rules evaluated) for a third of the 1-minute window before
      // it is drawn: the compiled CLI starts in well under a second, so the first sample alone would make a dot.
      await waitFor(
        "20 seconds of recorded request rates of the service",
        async () =>
          (
            await prometheusQuery(
              'count_over_time(job:http_requests:rate5m{job="shop-api"}[1m]) >= 20 and job:http_requests:rate5m{job="shop-api"} > 0',
            )
          ).length
            ? true
            : undefined,
        60_000,
      );
      run = await monitoringStack([
        "preview",
        "--env",
        "drill",
        "--prometheus",
        `http://127.0.0.1:${ports.prometheus}`,
        "--out",
        out,
        "--range",
        "1m",
        "--dashboards",
        DASHBOARDS.join(","),
      ]);
      if (existsSync(join(out, "preview.json"))) summary = JSON.parse(readFileSync(join(out, "preview.json"), "utf8"));
    }, 240_000);

    it.sequential("writes one HTML page and one PNG per dashboard asked for", ({ expect }) => {
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(summary.dashboards.map((d) => d.slug)).toEqual(DASHBOARDS);
      for (const slug of DASHBOARDS) {
        expect(existsSync(join(out, `${slug}.html`)), slug).toBe(true);
        expect(existsSync(join(out, `${slug}.png`)), slug).toBe(true);
      }
    });

    it.sequential("each PNG is a valid image of the dashboard's grid size, stamped and not blank", ({ expect }) => {
      for (const slug of DASHBOARDS) {
        // The dashboard as exported (what Grafana loads): its panels' grid positions give the page size.
        const model = JSON.parse(readFileSync(join(work, "artifacts", "grafana", "dashboards", `${slug}.json`), "utf8")) as {
          panels: Array<{ gridPos: GridPos }>;
        };
        const png = PNG.sync.read(readFileSync(join(out, `${slug}.png`)));
        const positions = model.panels.map((p) => boxOf(p.gridPos));
        expect({ width: png.width, height: png.height }, slug).toEqual({ width: PAGE_WIDTH, height: pageSize(positions).height });
        // The stamp band (dark amber) is at the top of the image.
        const [r, g, b] = png.data.subarray(4 * (5 * png.width + 5), 4 * (5 * png.width + 5) + 3);
        expect([r, g, b], `${slug}: stamp colour`).toEqual([0x3d, 0x2f, 0x00]);
        const stats = pixelStats(png);
        expect(stats.variance, `${slug}: luminance variance`).toBeGreaterThan(50);
        expect(stats.colours, `${slug}: distinct colours`).toBeGreaterThan(20);
      }
    });

    it.sequential("uPlot drew the service's series, and every Prometheus query was valid PromQL after Grafana's variables", ({
      expect,
    }) => {
      const panels = summary.dashboards.flatMap((d) => d.panels.map((p) => ({ ...p, dashboard: d.slug })));
      const drawn = panels.filter((p) => p.type === "timeseries" && (p.seriesPixels ?? 0) > 0);
      expect(drawn.length, JSON.stringify(panels.filter((p) => p.type === "timeseries"))).toBeGreaterThan(0);
      const requestRate = panels.find((p) => p.dashboard === "performance" && p.title === "Request rate");
      expect(requestRate?.seriesPixels, JSON.stringify(requestRate)).toBeGreaterThan(100);
      // A variable left unsubstituted or a wrong interval would be a parse error from the real server.
      expect(panels.filter((p) => p.note?.includes("query failed"))).toEqual([]);
    });

    it.sequential("stamps each page and says which panels were not exercised", ({ expect }) => {
      expect(summary.stamp).toBe(PREVIEW_STAMP);
      const html = readFileSync(join(out, "overview.html"), "utf8");
      expect(html).toContain(PREVIEW_STAMP);
      expect(html).toContain(`env drill`);
      expect(html).toContain(`Prometheus http://127.0.0.1:${ports.prometheus}`);
      const logs = summary.dashboards.find((d) => d.slug === "logs");
      const lokiNotes = logs?.panels.filter((p) => p.note?.startsWith("not exercised here: Loki")) ?? [];
      expect(lokiNotes.length).toBeGreaterThan(0);
      expect(readFileSync(join(out, "logs.html"), "utf8")).toContain("not exercised here: Loki data source");
    });
  });

  it("every Prometheus panel of the drill environment's dashboards shows data where its source runs here", async () => {
    const checks = await checkPanels(`http://127.0.0.1:${ports.prometheus}`, join(work, "artifacts", "grafana", "dashboards"), {
      start: Math.floor(suiteStart / 1000),
      end: Math.floor(Date.now() / 1000),
      scrapeIntervalSeconds: 1,
    });
    const exercised = checks.filter((c) => c.missing.length === 0);
    const notExercised = checks.filter((c) => c.missing.length > 0);
    process.stdout.write(
      `\nPanels not exercised (their source does not run in the drill):\n${notExercised
        .map((c) => `- ${c.dashboard} / ${c.panel} ${c.refId}: no ${c.missing.join(", ")}`)
        .join("\n")}\n`,
    );
    expect(exercised.length).toBeGreaterThan(20);
    expect(
      exercised
        .filter((c) => c.series === 0 && !EMPTY_BY_DESIGN.has(`${c.dashboard} / ${c.panel}`))
        .map((c) => `${c.dashboard} / ${c.panel} ${c.refId}: ${c.expr}`),
    ).toEqual([]);
  }, 120_000);

  it("leaves the artifacts it ran with in place for inspection", () => {
    expect(readFileSync(join(work, "artifacts", "alertmanager", "alertmanager.yml"), "utf8")).toContain("url_file");
  });
});
