import { type ChildProcess, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, createServer as createHttpServer, get, type Server } from "node:http";
import { dirname, join } from "node:path";
import type { RuleRenderOptions } from "../catalog/prometheus/types";
import { type Artifacts, renderArtifacts, toYaml } from "../render/artifacts";
import { type LocalEndpoints, localRouting, localSecrets } from "../render/gameday/local-routing";
import { Duration } from "../spec/duration";
import type { EnvironmentSpec } from "../spec/environment";
import { waitFor } from "./bounded-wait";
import { EXAMPLE_INSTANCE_ENV, exampleServiceCommand } from "./example-service";
import { freePort, listenLocal } from "./free-port";
import { Recorder } from "./gameday-recorder";
import {
  alertmanagerIsOurs,
  exampleServiceIsOurs,
  nodeExporterIdentity,
  nodeExporterIsOurs,
  PortTakenError,
  prometheusIsOurs,
  spawnLogged,
  stopChild,
  waitForOwnServer,
} from "./own-server";
import { SimulatedCpu } from "./simulated-cpu";

/** Scrape and rule-evaluation interval of the local Prometheus, in seconds (the waits are derived from it). */
export const LOCAL_INTERVAL_SECONDS = 1;
/** Group wait and group interval the time-compressed routing uses, in seconds (as `export --time-scale`). */
export const LOCAL_GROUP_SECONDS = 1;
/** Ports a service is tried on at start when another process takes its port between the pick and the bind. */
const SERVICE_PORT_ATTEMPTS = 3;

interface LocalStackOptions {
  readonly spec: EnvironmentSpec;
  /** Time compression of every range, `for:` and repeat interval, as `export --time-scale`. */
  readonly timeScale: number;
  /** Folder for artifacts, data and process logs. */
  readonly workDir: string;
}

/** A firing or pending alert as Prometheus' `/api/v1/alerts` returns it. */
export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly state: "pending" | "firing";
  readonly activeAt: string;
}

const BINARIES = {
  prometheus: "prometheus",
  alertmanager: "prometheus-alertmanager",
  nodeExporter: "prometheus-node-exporter",
} as const;

/**
 * The real local stack a game day runs on, all on 127.0.0.1: Prometheus and Alertmanager (Debian packages) loaded
 * with the environment's rendered rules and routing (time-compressed, endpoints pointed at local recorders),
 * node_exporter with its cpu collector reading a simulated kernel's /proc/stat (CPU a scenario makes busy without
 * burning any, so that the neighbours' load cannot fire or hold the alert: see SimulatedCpu), one instrumented example service per
 * spec service, and a simulated postgres_exporter for each PostgreSQL database of the spec. Processes are started
 * and stopped by PID; every wait is bounded.
 */
export class LocalStack {
  readonly ports = { recorder: 0, smtp: 0, prometheus: 0, alertmanager: 0, nodeExporter: 0, postgres: 0 };
  readonly servicePorts = new Map<string, number>();
  readonly recorder: Recorder;
  readonly artifacts: Artifacts;
  /** The simulated postgres_exporter's state: reachable database, open connections, max_connections. */
  readonly database = { up: true, connections: 10, maxConnections: 100 };
  private readonly children = new Map<string, ChildProcess>();
  /** The end of each process's stderr once it has exited (why it did: EADDRINUSE), by process name. */
  private readonly lastWords = new Map<string, string>();
  /** The instance id each service was last started with; it sends it back in every response. */
  private readonly serviceIds = new Map<string, string>();
  /** This stack's id, exported by its node_exporter (textfile collector) so that readiness can tell it from another. */
  private readonly stackId = randomUUID();
  private readonly cpu: SimulatedCpu;
  private trafficTimer?: NodeJS.Timeout;
  /** The background traffic's connections, kept alive as fetch keeps its own. */
  private readonly trafficAgent = new Agent({ keepAlive: true });
  private inFlight = 0;
  private postgresServer?: Server;

  constructor(private readonly options: LocalStackOptions) {
    const heartbeat = heartbeatInterval(options.spec);
    this.artifacts = renderArtifacts(options.spec, {
      ...this.ruleOptions,
      groupWait: Duration.seconds(LOCAL_GROUP_SECONDS),
      groupInterval: Duration.seconds(LOCAL_GROUP_SECONDS),
      repeatInterval: Duration.seconds(Math.max(2, Math.round(heartbeat.toSeconds() * options.timeScale))),
      secretsDir: join(options.workDir, "secrets"),
      templateDir: join(options.workDir, "artifacts", "alertmanager", "templates"),
    });
    this.recorder = new Recorder(options.spec, [...new Set(this.artifacts.alerts.map((a) => a.alert))]);
    this.cpu = new SimulatedCpu(this.path("proc"), { busyPercent: 5 });
    // Whatever happens to this process, the servers it started do not outlive it.
    process.once("exit", () => {
      for (const child of this.children.values()) child.kill("SIGKILL");
    });
  }

  /** How the rules are compressed: the time scale and this stack's evaluation interval (the floor of every range). */
  get ruleOptions(): RuleRenderOptions {
    return { timeScale: this.options.timeScale, evaluationInterval: Duration.seconds(LOCAL_INTERVAL_SECONDS) };
  }

  /** The heartbeat interval after compression, in seconds (Alertmanager re-sends the Watchdog this often). */
  get heartbeatSeconds(): number {
    const heartbeat = heartbeatInterval(this.options.spec);
    return Math.max(2, Math.round(heartbeat.toSeconds() * this.options.timeScale));
  }

  get prometheusUrl(): string {
    return `http://127.0.0.1:${this.ports.prometheus}`;
  }

  /** Base URL of the recording receivers (also takes `gameday ack`). */
  get recorderUrl(): string {
    return `http://127.0.0.1:${this.ports.recorder}`;
  }

  get alertmanagerUrl(): string {
    return `http://127.0.0.1:${this.ports.alertmanager}`;
  }

  /** Path of a file under the work folder. */
  path(...parts: string[]): string {
    return join(this.options.workDir, ...parts);
  }

  async start(): Promise<void> {
    const missing = Object.values(BINARIES).filter((b) => spawnSync("sh", ["-c", `command -v ${b}`]).status !== 0);
    if (missing.length) throw new Error(`${missing.join(", ")} not installed: run scripts/install-validators.sh (Debian packages)`);
    for (const key of Object.keys(this.ports) as Array<keyof typeof this.ports>) this.ports[key] = await freePort();
    for (const service of this.options.spec.services) this.servicePorts.set(service.name, await freePort());
    mkdirSync(this.path("logs"), { recursive: true });
    await this.recorder.start(this.ports.recorder, this.ports.smtp);
    this.writeArtifacts();
    this.cpu.start();
    await this.startPostgresExporter();

    this.startNodeExporter();
    this.startAlertmanager();
    // Prometheus learns the services' ports once each answers as itself: a port taken meanwhile is replaced first.
    await this.startServices(30_000);
    this.startPrometheus();
    this.startTraffic();
    const targets = 1 + this.options.spec.services.length + this.postgresDatabases().length;
    await Promise.all([this.waitForAlertmanager(30_000), this.waitForNodeExporter(30_000), this.waitForPrometheus(30_000)]);
    await waitFor(
      `Prometheus' first scrape of all ${targets} targets (node_exporter, services, database exporters)`,
      async () => ((await this.query("up == 1")).length === targets ? true : undefined),
      45_000,
    );
  }

  /** Prometheus, configured to scrape the stack's targets at their current ports. */
  startPrometheus(): void {
    this.writePrometheusConfig();
    this.spawn("prometheus", BINARIES.prometheus, [
      `--config.file=${this.path("prometheus.yml")}`,
      `--storage.tsdb.path=${this.path("prometheus-data")}`,
      `--web.listen-address=127.0.0.1:${this.ports.prometheus}`,
      "--rules.alert.resend-delay=1s",
    ]);
  }

  /** Waits until Prometheus answers on its port as the one this stack started (its storage folder). */
  async waitForPrometheus(timeoutMs: number): Promise<void> {
    await this.waitForOwn("prometheus", "Prometheus", this.ports.prometheus, timeoutMs, () =>
      prometheusIsOurs(this.prometheusUrl, this.path("prometheus-data")),
    );
  }

  async stop(): Promise<void> {
    await this.cpu.stop();
    clearInterval(this.trafficTimer);
    this.trafficAgent.destroy();
    await Promise.all([...this.children.keys()].map((name) => this.stopProcess(name)));
    await this.recorder.stop();
    await new Promise<void>((resolve) => (this.postgresServer ? this.postgresServer.close(() => resolve()) : resolve()));
  }

  /** The spec's PostgreSQL databases (each gets a simulated exporter target). */
  postgresDatabases(): Array<{ name: string; database: string }> {
    return (this.options.spec.kubernetes?.databases ?? [])
      .filter((d) => d.engine === "postgres")
      .map((d) => ({ name: d.name, database: d.database ?? "postgres" }));
  }

  async query(promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const response = await fetch(`${this.prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`, {
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    if (body.status !== "success") throw new Error(body.error ?? `query failed: ${promql}`);
    return body.data?.result ?? [];
  }

  async alerts(): Promise<PrometheusAlert[]> {
    const response = await fetch(`${this.prometheusUrl}/api/v1/alerts`, { signal: AbortSignal.timeout(5_000) });
    return ((await response.json()) as { data: { alerts: PrometheusAlert[] } }).data.alerts;
  }

  // Fault controls ---------------------------------------------------------------------------------------------

  setCpuBusy(percent: number): void {
    this.cpu.busyPercent = Math.min(100, Math.max(0, percent));
  }

  async serviceFault(service: string, fault: { errorRate?: number; latencyMs?: number }): Promise<void> {
    const query = new URLSearchParams({ errorRate: String(fault.errorRate ?? 0), latencyMs: String(fault.latencyMs ?? 0) });
    const response = await fetch(`http://127.0.0.1:${this.servicePorts.get(service)}/fault?${query}`, {
      method: "POST",
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`${service} refused the fault injection: HTTP ${response.status}`);
  }

  startService(service: string, release: { version?: string; errorRate?: number } = {}): void {
    const { command, args } = exampleServiceCommand();
    const instanceId = randomUUID();
    this.serviceIds.set(service, instanceId);
    this.spawn(`service-${service}`, command, args, {
      PORT: String(this.servicePorts.get(service)),
      HOST: "127.0.0.1",
      SERVICE_NAME: service,
      SERVICE_VERSION: release.version ?? "v1",
      FAULT_ERROR_RATE: String(release.errorRate ?? 0),
      [EXAMPLE_INSTANCE_ENV]: instanceId,
    });
  }

  /**
   * Starts every spec service and waits until each answers as itself; one whose port another process took between
   * the pick and the bind is started again on a new port (before Prometheus' configuration names the ports).
   */
  async startServices(timeoutMs: number): Promise<void> {
    // Settled, not all: a failure must not leave another service's retry loop starting processes after the caller
    // has stopped the stack.
    const started = await Promise.allSettled(
      this.options.spec.services.map(async ({ name }) => {
        for (let attempt = 1; ; attempt++) {
          this.startService(name);
          try {
            return await this.waitForService(name, timeoutMs);
          } catch (error) {
            if (!(error instanceof PortTakenError) || attempt === SERVICE_PORT_ATTEMPTS) throw error;
            await this.stopService(name);
            this.servicePorts.set(name, await freePort());
          }
        }
      }),
    );
    const failed = started.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** Waits until `service` answers on its port as the process this stack started last (its instance id). */
  async waitForService(service: string, timeoutMs: number): Promise<void> {
    const port = this.servicePorts.get(service) ?? 0;
    await this.waitForOwn(`service-${service}`, service, port, timeoutMs, () =>
      exampleServiceIsOurs(`http://127.0.0.1:${port}`, this.serviceIds.get(service) ?? ""),
    );
  }

  stopService(service: string): Promise<void> {
    return this.stopProcess(`service-${service}`);
  }

  startNodeExporter(): void {
    this.spawn("node-exporter", BINARIES.nodeExporter, [
      `--web.listen-address=127.0.0.1:${this.ports.nodeExporter}`,
      `--path.procfs=${this.cpu.dir}`,
      "--collector.disable-defaults",
      "--collector.cpu",
      ...nodeExporterIdentity(this.path("node-exporter"), this.stackId),
    ]);
  }

  /** Waits until node_exporter answers on its port as the one this stack started (its textfile metric). */
  async waitForNodeExporter(timeoutMs: number): Promise<void> {
    await this.waitForOwn("node-exporter", "node_exporter", this.ports.nodeExporter, timeoutMs, () =>
      nodeExporterIsOurs(`http://127.0.0.1:${this.ports.nodeExporter}`, this.stackId),
    );
  }

  stopNodeExporter(): Promise<void> {
    return this.stopProcess("node-exporter");
  }

  startAlertmanager(): void {
    this.spawn("alertmanager", BINARIES.alertmanager, [
      `--config.file=${this.path("artifacts", "alertmanager", "alertmanager.yml")}`,
      `--storage.path=${this.path("alertmanager-data")}`,
      `--web.listen-address=127.0.0.1:${this.ports.alertmanager}`,
      "--cluster.listen-address=", // no gossip: a single instance that answers at once
    ]);
  }

  async waitForAlertmanager(timeoutMs: number): Promise<void> {
    // Its configuration names this stack's template folder; another Alertmanager's names its own.
    await this.waitForOwn("alertmanager", "Alertmanager", this.ports.alertmanager, timeoutMs, () =>
      alertmanagerIsOurs(this.alertmanagerUrl, this.path("artifacts", "alertmanager", "templates")),
    );
  }

  stopAlertmanager(): Promise<void> {
    return this.stopProcess("alertmanager");
  }

  /** A process's log, for messages when something did not arrive. */
  log(name: string): string {
    try {
      return readFileSync(this.path("logs", `${name}.log`), "utf8");
    } catch {
      return "";
    }
  }

  // Internals ------------------------------------------------------------------------------------------------

  /** Waits until the process this stack started as `name` answers on `port` as itself (see waitForOwnServer). */
  private waitForOwn(
    name: string,
    what: string,
    port: number,
    timeoutMs: number,
    isOurs: () => Promise<boolean | undefined>,
  ): Promise<void> {
    const exited = () => (this.children.has(name) ? undefined : (this.lastWords.get(name) ?? ""));
    return waitForOwnServer({ what, port, exited, isOurs }, timeoutMs);
  }

  private writeArtifacts(): void {
    const endpoints: LocalEndpoints = { http: `http://127.0.0.1:${this.ports.recorder}`, smtp: `127.0.0.1:${this.ports.smtp}` };
    const files: Record<string, string> = { ...this.artifacts.files };
    if (this.artifacts.routing) files["alertmanager/alertmanager.yml"] = toYaml(localRouting(this.artifacts.routing.config, endpoints));
    for (const [path, content] of Object.entries(files)) write(this.path("artifacts", path), content);
    for (const [path, content] of Object.entries(localSecrets(this.options.spec, this.path("secrets"), endpoints))) write(path, content);
  }

  private writePrometheusConfig(): void {
    const serviceJobs = this.options.spec.services.map((s) => ({
      job_name: s.name,
      static_configs: [{ targets: [`127.0.0.1:${this.servicePorts.get(s.name)}`], labels: { namespace: s.namespace } }],
    }));
    const databaseJobs = this.postgresDatabases().map((d) => ({
      job_name: `postgres-exporter-${d.name}`,
      metrics_path: `/metrics/${d.name}`,
      static_configs: [{ targets: [`127.0.0.1:${this.ports.postgres}`] }],
    }));
    write(
      this.path("prometheus.yml"),
      toYaml({
        global: { scrape_interval: `${LOCAL_INTERVAL_SECONDS}s`, evaluation_interval: `${LOCAL_INTERVAL_SECONDS}s` },
        rule_files: [this.path("artifacts", "prometheus", "rules", "*.yaml")],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${this.ports.alertmanager}`] }] }] },
        scrape_configs: [
          { job_name: "node-exporter", static_configs: [{ targets: [`127.0.0.1:${this.ports.nodeExporter}`] }] },
          ...serviceJobs,
          ...databaseJobs,
        ],
      }),
    );
  }

  /**
   * A stand-in for postgres_exporter: the metric names and labels it exports (pg_up, pg_stat_activity_count by
   * datname and state, pg_settings_max_connections), driven by `database`. A real PostgreSQL is not started: see
   * README (game days) for why.
   */
  private async startPostgresExporter(): Promise<void> {
    this.postgresServer = createHttpServer((req, res) => {
      const db = this.postgresDatabases().find((d) => req.url === `/metrics/${d.name}`);
      if (!db) return void res.writeHead(404).end();
      const { up, connections, maxConnections } = this.database;
      const lines = [
        "# TYPE pg_up gauge",
        `pg_up ${up ? 1 : 0}`,
        ...(up
          ? [
              "# TYPE pg_stat_activity_count gauge",
              `pg_stat_activity_count{datname="${db.database}",state="active"} ${Math.ceil(connections / 2)}`,
              `pg_stat_activity_count{datname="${db.database}",state="idle"} ${Math.floor(connections / 2)}`,
              "# TYPE pg_settings_max_connections gauge",
              `pg_settings_max_connections ${maxConnections}`,
            ]
          : []),
      ];
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(`${lines.join("\n")}\n`);
    });
    await listenLocal(this.postgresServer, this.ports.postgres, "the simulated postgres_exporter");
  }

  /**
   * Steady background traffic to every service (about 10 requests/s each, at most 50 in flight), over kept-alive
   * connections. Through node:http a request costs this process less than half the CPU fetch's does (the drills
   * measured 0.4 against 1.0 ms), and a game day sends thousands.
   */
  private startTraffic(): void {
    this.trafficTimer = setInterval(() => {
      for (const port of this.servicePorts.values()) {
        for (let i = 0; i < 2 && this.inFlight < 50; i++) {
          this.inFlight++;
          this.order(port).finally(() => {
            this.inFlight--;
          });
        }
      }
    }, 200);
  }

  /** One GET /orders, bounded; settles on any outcome (a service may be down on purpose). */
  private order(port: number): Promise<void> {
    return new Promise((resolve) => {
      const request = get({ host: "127.0.0.1", port, path: "/orders", agent: this.trafficAgent, timeout: 10_000 }, (response) => {
        response.once("close", () => resolve());
        response.resume();
      });
      request.once("error", () => resolve());
      request.once("timeout", () => request.destroy());
    });
  }

  private spawn(name: string, command: string, args: readonly string[], env: Record<string, string> = {}): void {
    if (this.children.has(name)) throw new Error(`${name} is already running`);
    const path = this.path("logs", `${name}.log`);
    const { child, lastWords } = spawnLogged(command, args, env, path);
    // On close, not exit: its output has been read by then (why it exited).
    child.once("close", () => {
      if (this.children.get(name) !== child) return; // stopped by stopProcess
      this.lastWords.set(name, lastWords());
      this.children.delete(name);
    });
    this.children.set(name, child);
  }

  private async stopProcess(name: string, graceMs = 5_000): Promise<void> {
    const child = this.children.get(name);
    this.children.delete(name);
    if (child) await stopChild(child, graceMs);
  }
}

function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** The heartbeat's interval, or a minute when the environment opted out of a heartbeat (the Watchdog still fires). */
function heartbeatInterval(spec: EnvironmentSpec): Duration {
  const heartbeat = spec.alerting.heartbeat;
  return heartbeat && "interval" in heartbeat ? heartbeat.interval : Duration.minutes(1);
}
