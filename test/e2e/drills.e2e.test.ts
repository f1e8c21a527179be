import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ROOT, runTs } from "../support/run";
import { alertmanagerTool, realTool } from "../support/tools";
import { checkPanels } from "./panel-data";
import { freePort, Processes, runTsAsync, waitFor } from "./processes";
import { Receiver } from "./receiver";

/**
 * Alert drills against the real Prometheus, node_exporter and Alertmanager on 127.0.0.1, loaded with the artifacts
 * `monitoring-stack export` writes for an environment, time-compressed 100x (--time-scale 0.01): every range, `for:`
 * and offset shrinks by the same factor, group waits are one second. Nothing here is a hand-written rule.
 */
const prometheus = realTool("prometheus");
const alertmanager = alertmanagerTool("prometheus-alertmanager");
const nodeExporter = realTool("prometheus-node-exporter");
const skip = prometheus.skip || alertmanager.skip || nodeExporter.skip;

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
const seconds = (ms: number) => Math.round(ms / 100) / 10;

function startAlertmanager(): void {
  processes.start("alertmanager", alertmanager.path as string, [
    `--config.file=${join(work, "artifacts", "alertmanager", "alertmanager.yml")}`,
    `--storage.path=${join(work, "alertmanager-data")}`,
    `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
    "--cluster.listen-address=", // no gossip: a single instance that answers at once
  ]);
}

function startService(): void {
  processes.start(
    "service",
    join(ROOT, "node_modules", ".bin", "tsx"),
    [join(ROOT, "examples", "instrumented-service", "src", "main.ts")],
    {
      PORT: String(ports.service),
      HOST: "127.0.0.1",
      SERVICE_NAME: "shop-api",
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.receiver}`,
    },
  );
}

/** Sends `perSecond` requests to the service until stopped or for at most `maxMs` (bounded), ignoring failures. */
function traffic(maxMs: number, perSecond = 20): { stop: () => Promise<void> } {
  let stopped = false;
  const end = Date.now() + maxMs;
  const done = (async () => {
    while (!stopped && Date.now() < end) {
      await Promise.all(
        Array.from({ length: perSecond / 5 }, () => fetch(`http://127.0.0.1:${ports.service}/orders`).catch(() => undefined)),
      );
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
    const exported = runTs(
      "src/cli/main.ts",
      ["export", "--env", "drill", "--out", join(work, "artifacts"), "--time-scale", "0.01", "--secrets-dir", secrets],
      {
        MONITORING_ENVIRONMENTS_DIR: specs,
      },
    );
    expect(exported.status, exported.stderr).toBe(0);

    writeFileSync(
      join(work, "prometheus.yml"),
      stringify({
        global: { scrape_interval: "1s", evaluation_interval: "1s" },
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
    // The collectors the node panels read (CPU drives the load drill; the others feed the resources dashboard).
    processes.start("node-exporter", nodeExporter.path as string, [
      `--web.listen-address=127.0.0.1:${ports.nodeExporter}`,
      "--collector.disable-defaults",
      ...["cpu", "meminfo", "loadavg", "netdev", "diskstats", "filesystem", "uname"].map((c) => `--collector.${c}`),
    ]);
    startService();
    startAlertmanager();
    processes.start("prometheus", prometheus.path as string, [
      `--config.file=${join(work, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(work, "prometheus-data")}`,
      `--web.listen-address=127.0.0.1:${ports.prometheus}`,
      "--rules.alert.resend-delay=1s",
      // As the stack runs it (modules/kube-prometheus): exemplars are kept only with this feature.
      "--enable-feature=exemplar-storage",
    ]);
    await waitFor("Alertmanager to be ready", async () => ((await fetch(`${amUrl()}/-/ready`)).ok ? true : undefined), 20_000);
    await waitFor(
      "the first scrapes of node_exporter and the service",
      async () => ((await prometheusQuery('up{job=~"node-exporter|shop-api"} == 1')).length === 2 ? true : undefined),
      30_000,
    );
  }, 90_000);

  afterAll(async () => {
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

  it("Watchdog: the heartbeat arrives periodically", async () => {
    const since = Date.now();
    await waitFor(
      "three heartbeats",
      () => (receiver.find("/heartbeat", "Watchdog", "firing", since).length >= 3 ? true : undefined),
      30_000,
    );
    const beats = receiver.find("/heartbeat", "Watchdog", "firing", since).map((n) => n.receivedAt);
    expect(
      receiver.notifications.filter((n) => n.path !== "/heartbeat" && n.alerts?.some((a) => a.labels.alertname === "Watchdog")),
    ).toEqual([]);
    timings.push({ scenario: "watchdog heartbeat", detectedSeconds: seconds(beats[0] - since) });
  }, 60_000);

  it("high load: a CPU burner raises the critical CPU alert on the pager, resolved after the load stops", async () => {
    const start = Date.now();
    const burners: ChildProcess[] = [0, 1].map(() =>
      spawn(process.execPath, ["-e", "const end = Date.now() + 45000; while (Date.now() < end) {}"], { stdio: "ignore" }),
    );
    try {
      const fired = await waitFor(
        "HostHighCpuLoad on the pager",
        () => receiver.find("/pager", "HostHighCpuLoad", "firing", start)[0],
        40_000,
      );
      expect(fired.alerts.find((a) => a.labels.alertname === "HostHighCpuLoad")?.labels.severity).toBe("critical");
      timings.push({ scenario: "high CPU load", detectedSeconds: seconds(fired.receivedAt - start) });
    } finally {
      for (const burner of burners) burner.kill("SIGKILL");
    }
    const stopped = Date.now();
    const resolved = await waitFor(
      "HostHighCpuLoad resolved",
      () => receiver.find("/pager", "HostHighCpuLoad", "resolved", stopped)[0],
      30_000,
    );
    timings[timings.length - 1] = { ...timings[timings.length - 1], resolvedSeconds: seconds(resolved.receivedAt - stopped) };
  }, 90_000);

  it("elevated error rate: 5xx from the instrumented service raise the error-ratio page, resolved once fixed", async () => {
    const load = traffic(40_000);
    try {
      await waitFor(
        "traffic to be scraped",
        async () => ((await prometheusQuery('job:http_requests:rate5m{job="shop-api"} > 0')).length ? true : undefined),
        15_000,
      );
      const start = Date.now();
      await fetch(`http://127.0.0.1:${ports.service}/fault?errorRate=0.5`, { method: "POST" });
      const fired = await waitFor(
        "ServiceHighErrorRatio on the pager",
        () => receiver.find("/pager", "ServiceHighErrorRatio", "firing", start)[0],
        20_000,
      );
      const alert = fired.alerts.find((a) => a.labels.alertname === "ServiceHighErrorRatio");
      expect(alert?.labels).toMatchObject({ severity: "critical", service: "shop-api", namespace: "e2e", job: "shop-api" });
      expect(alert?.annotations.runbook_url).toBe("runbooks/ServiceHighErrorRatio.md");
      const fixed = Date.now();
      await fetch(`http://127.0.0.1:${ports.service}/fault?errorRate=0`, { method: "POST" });
      const resolved = await waitFor(
        "ServiceHighErrorRatio resolved",
        () => receiver.find("/pager", "ServiceHighErrorRatio", "resolved", fixed)[0],
        20_000,
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
  }, 90_000);

  it("exemplars: the service serves OpenMetrics with trace ids, Prometheus negotiates it and keeps them (query_exemplars)", async () => {
    const load = traffic(20_000);
    try {
      const exemplars = await waitFor(
        "exemplars of the latency histogram in Prometheus",
        async () => {
          const end = Date.now() / 1000;
          const query = encodeURIComponent('http_request_duration_seconds_bucket{job="shop-api"}');
          const body = (await (
            await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/query_exemplars?query=${query}&start=${end - 300}&end=${end}`)
          ).json()) as { data: Array<{ exemplars: Array<{ labels: Record<string, string> }> }> };
          const found = body.data.flatMap((series) => series.exemplars);
          return found.length > 0 ? found : undefined;
        },
        20_000,
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

  it("fault in the pipeline: Alertmanager restarts with its data kept, loses no firing alert, sends no storm, keeps silences", async () => {
    // A firing page to carry across the restart: the service goes down.
    const start = Date.now();
    await processes.stop("service");
    const fired = await waitFor(
      "ServiceTargetDown on the pager",
      () => receiver.find("/pager", "ServiceTargetDown", "firing", start)[0],
      20_000,
    );
    timings.push({ scenario: "target down", detectedSeconds: seconds(fired.receivedAt - start) });

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
    // The silence must be doing something: the targets-down warning fires and is suppressed by it.
    await waitFor(
      "PrometheusTargetsDown to fire and be silenced",
      async () =>
        (await alertsNamed("PrometheusTargetsDown")).find(
          (a) => a.status.state === "suppressed" && a.status.silencedBy.includes(silenceID),
        ),
      20_000,
    );

    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let Alertmanager persist its notification log
    await processes.stop("alertmanager");
    const restarted = Date.now();
    startAlertmanager();
    await waitFor("Alertmanager to be ready again", async () => ((await fetch(`${amUrl()}/-/ready`)).ok ? true : undefined), 20_000);

    await waitFor(
      "the firing page to be back in Alertmanager",
      async () => (await alertsNamed("ServiceTargetDown")).find((a) => a.status.state === "active"),
      15_000,
    );
    timings.push({ scenario: "Alertmanager restart (alert back)", detectedSeconds: seconds(Date.now() - restarted) });
    const silences = (await (await fetch(`${amUrl()}/api/v2/silences`)).json()) as Array<{ id: string; status: { state: string } }>;
    expect(silences.find((s) => s.id === silenceID)?.status.state).toBe("active");
    await waitFor(
      "the silenced warning to be back, still silenced",
      async () =>
        (await alertsNamed("PrometheusTargetsDown")).find(
          (a) => a.status.state === "suppressed" && a.status.silencedBy.includes(silenceID),
        ),
      15_000,
    );

    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const afterRestart = receiver.find("/pager", "ServiceTargetDown", "firing", restarted);
    expect(afterRestart.length, "re-sent pages after the restart").toBeLessThanOrEqual(1);
    expect(receiver.find("/chat", "PrometheusTargetsDown", "firing", start)).toEqual([]);

    // Back up: the page resolves.
    const recovered = Date.now();
    startService();
    const resolved = await waitFor(
      "ServiceTargetDown resolved",
      () => receiver.find("/pager", "ServiceTargetDown", "resolved", recovered)[0],
      30_000,
    );
    const down = timings.find((t) => t.scenario === "target down");
    if (down) down.resolvedSeconds = seconds(resolved.receivedAt - recovered);
  }, 120_000);

  it("monitoring-stack drill sends per service and severity, and says delivered only after Alertmanager counted it", async () => {
    const since = Date.now();
    const result = await runTsAsync(
      "src/cli/main.ts",
      ["drill", "--alertmanager", amUrl(), "--env", "drill", "--timeout", "1", "--secrets-dir", join(work, "secrets")],
      { MONITORING_ENVIRONMENTS_DIR: join(work, "environments") },
    );
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
    const pager = await waitFor(
      "the service's critical drill page",
      () => receiver.find("/pager", "MonitoringDrill", "firing", since).find((n) => n.alerts.some((a) => a.labels.service === "shop-api")),
      15_000,
    );
    // The service's drill alert carries the labels its real alerts carry, so the service's own routes are exercised.
    expect(pager.alerts.find((a) => a.labels.service === "shop-api")?.labels).toMatchObject({
      severity: "critical",
      drill: "true",
      service: "shop-api",
      namespace: "e2e",
      job: "shop-api",
    });
    const resolved = await waitFor(
      "the drill alerts to resolve",
      () => receiver.find("/pager", "MonitoringDrill", "resolved", since)[0],
      15_000,
    );
    timings.push({
      scenario: "drill command (critical)",
      detectedSeconds: seconds(pager.receivedAt - since),
      resolvedSeconds: seconds(resolved.receivedAt - pager.receivedAt),
    });
  }, 60_000);

  it("monitoring-stack drill fails on a silenced alert and names the silence", async () => {
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
      const result = await runTsAsync("src/cli/main.ts", ["drill", "--alertmanager", amUrl(), "--env", "drill", "--yes"], {
        MONITORING_ENVIRONMENTS_DIR: join(work, "environments"),
      });
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
  }, 60_000);

  it("monitoring-stack drill does not call alerts resolved before group_wait delivered, and says whether the page can still go out", async () => {
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
    await waitFor(
      "the earlier drills' resolved notifications",
      () => {
        const key = (n: { path: string }, a: { labels: Record<string, string> }) => `${n.path} ${a.labels.drill_id} ${a.labels.instance}`;
        const drills = receiver.notifications.filter((n) => n.path !== "/incident" && n.alerts?.some((a) => a.labels.drill === "true"));
        const resolved = new Set(drills.flatMap((n) => n.alerts.filter((a) => a.status === "resolved").map((a) => key(n, a))));
        const open = drills
          .flatMap((n) => n.alerts.filter((a) => a.status === "firing").map((a) => key(n, a)))
          .filter((k) => !resolved.has(k));
        return open.length === 0 ? true : undefined;
      },
      20_000,
    );
    await processes.stop("alertmanager");
    startAlertmanager();
    await waitFor("Alertmanager to be ready again", async () => ((await fetch(`${amUrl()}/-/ready`)).ok ? true : undefined), 20_000);
    const since = Date.now();
    const result = await runTsAsync(
      "src/cli/main.ts",
      ["drill", "--alertmanager", amUrl(), "--env", "drill", "--yes", "--delivery-timeout", "0"],
      {
        MONITORING_ENVIRONMENTS_DIR: join(work, "environments"),
      },
    );
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
    // What the command says about the page holds: resolved in time, nothing is sent. On a loaded machine the command
    // can take longer than group_wait to resolve; then it says so rather than promising silence.
    if (verdict.startsWith("before")) expect(pages).toEqual([]);
    else process.stdout.write(`drill resolved after ${resolvedAfter} s, past group_wait: ${pages.length} page(s) went out, as it said\n`);
  }, 90_000);

  it("monitoring-stack drill refuses a non-local Alertmanager without --confirm <env>", async () => {
    const result = await runTsAsync(
      "src/cli/main.ts",
      ["drill", "--alertmanager", "http://alertmanager.example.invalid:9093", "--env", "drill", "--yes"],
      {
        MONITORING_ENVIRONMENTS_DIR: join(work, "environments"),
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--confirm drill");
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
