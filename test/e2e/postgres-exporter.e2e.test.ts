import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { afterAll, describe, expect, it } from "vitest";
import { lastWordsOf, waitForOwnServer } from "../../src/cli/own-server";
import { allPanels, canHaveData, substituteVariables } from "../support/dashboards";
import { freePort } from "./processes";
import { projectModule } from "./project-module";

// The project's modules as the CLI loads them (projectModule: vitest's import of these took about 3 s of CPU).
const { BUNDLED_ENVIRONMENTS } = projectModule<typeof import("../../environments")>("environments/index.ts");
const { renderArtifacts } = projectModule<typeof import("../../src/render/artifacts")>("src/render/artifacts.ts");
const { exportDataSources } = projectModule<typeof import("../../src/render/dashboards/data-sources")>(
  "src/render/dashboards/data-sources.ts",
);
const { renderDashboards } = projectModule<typeof import("../../src/render/dashboards/render")>("src/render/dashboards/render.ts");
const { resolveEnvironment } = projectModule<typeof import("../../src/spec")>("src/spec/index.ts");

/**
 * The PostgreSQL metric names the catalog's alerts use, checked against Debian's postgres_exporter scraping a real
 * PostgreSQL (packages postgresql and prometheus-postgres-exporter). The game days serve these names from a small
 * simulated exporter (faster and steadier on a loaded machine); this test keeps the names honest.
 */
const PG_BIN = "/usr/lib/postgresql/15/bin";
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd} || test -x ${cmd}`]).status === 0;
const skip = !has("prometheus-postgres-exporter") || !has(`${PG_BIN}/initdb`);
if (skip) process.stderr.write("skipping the postgres_exporter check: apt-get install postgresql prometheus-postgres-exporter\n");

/**
 * Names the Debian exporter (0.11.1) does not export with its default settings, though the catalog uses them. The
 * exporter the stack deploys (chart prometheus-postgres-exporter 8.2.0, appVersion v0.20.1) does:
 * pg_replication_lag_seconds is the `replication` collector's (default on), added upstream in 0.13 (2023). 0.11.1
 * has no lag-in-seconds metric at all (measured: nothing replication-related on a primary without replicas; its only
 * lag is pg_stat_replication_pg_wal_lsn_diff, bytes, on the primary, per connected replica), so no name both emit
 * measures the alert's signal. Ratchet: the list must match exactly.
 */
const NOT_EXPORTED_BY_DEBIAN = ["pg_replication_lag_seconds"];

const work = mkdtempSync(join(tmpdir(), "pg-exporter-"));
chmodSync(work, 0o777);
const asPostgres = (command: string) =>
  process.getuid?.() === 0
    ? spawnSync("su", ["postgres", "-c", command], { encoding: "utf8", timeout: 60_000 })
    : spawnSync("sh", ["-c", command], { encoding: "utf8", timeout: 60_000 });
let exporter: ReturnType<typeof spawn> | undefined;

describe.skipIf(skip)("postgres_exporter metric names (real PostgreSQL 15, Debian's exporter)", () => {
  afterAll(() => {
    exporter?.kill("SIGTERM");
    asPostgres(`${PG_BIN}/pg_ctl -D ${work}/data -m immediate stop`);
  });

  it("exports every pg_ metric the database alerts select, except the listed ones", async () => {
    const port = await freePort();
    const init = asPostgres(
      `${PG_BIN}/initdb -D ${work}/data -A trust -U postgres >${work}/initdb.log 2>&1 && ${PG_BIN}/pg_ctl -D ${work}/data -o "-p ${port} -k ${work} -c listen_addresses=127.0.0.1" -l ${work}/pg.log -w -t 60 start`,
    );
    expect(init.status, init.stderr).toBe(0);
    const metricsPort = await freePort();
    exporter = spawn("prometheus-postgres-exporter", [`--web.listen-address=127.0.0.1:${metricsPort}`], {
      env: { ...process.env, DATA_SOURCE_NAME: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable` },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const lastWords = lastWordsOf(exporter);
    let closed = false;
    exporter.once("close", () => {
      closed = true;
    });
    const metrics = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    // Ours once it reaches the database: the database's own settings name the port this test started it on (another
    // exporter on the metrics port reports another database, or none).
    await waitForOwnServer(
      {
        what: "postgres_exporter",
        port: metricsPort,
        exited: () => (closed ? lastWords() : undefined),
        isOurs: async () => {
          const body = await metrics();
          if (!/^pg_up 1$/m.test(body)) return undefined;
          return /^pg_settings_port(\{[^}]*\})? (\S+)$/m.exec(body)?.[2] === String(port);
        },
      },
      30_000,
    );
    const text = await metrics();
    const exported = new Set([...text.matchAll(/^(pg_[a-zA-Z0-9_]+)[{ ]/gm)].map((m) => m[1]));

    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);
    const used = new Set<string>();
    for (const alert of renderArtifacts(spec).alerts.filter((a) => a.alert.startsWith("Postgresql"))) {
      promqlParser.parse(alert.expr).iterate({
        enter: (node) => {
          if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") used.add(alert.expr.slice(node.from, node.to));
        },
      });
    }
    expect(used.size).toBeGreaterThan(3);
    expect([...used].filter((name) => !exported.has(name)).sort()).toEqual(NOT_EXPORTED_BY_DEBIAN);
    // Every postgres panel of the databases dashboard can show data from this exporter, except the listed metrics'.
    // prod's orders database is an Aurora reader (lag from CloudWatch); the same database outside Aurora reads the exporter's.
    const prodInput = BUNDLED_ENVIRONMENTS.prod;
    const plain = resolveEnvironment({
      ...prodInput,
      kubernetes: { ...prodInput.kubernetes, databases: prodInput.kubernetes?.databases?.map(({ aurora: _, ...db }) => db) },
    });
    const emptyPanels = (environment: typeof spec) => {
      const dashboard = renderDashboards(environment, exportDataSources(environment)).find((d) => d.slug === "databases");
      const targets = allPanels(dashboard?.model)
        .filter((panel) => String(panel.title).startsWith("orders: "))
        .flatMap((panel) => (panel.targets ?? []).filter((t: { datasource?: { type?: string } }) => t.datasource?.type === "prometheus"));
      expect(targets.length).toBeGreaterThan(5);
      return targets
        .map((t: { expr: string }) => substituteVariables(t.expr))
        .filter((expr: string) => !canHaveData(expr, (metric) => exported.has(metric)));
    };
    expect(emptyPanels(spec)).toEqual([]);
    expect(emptyPanels(plain)).toEqual(['max(pg_replication_lag_seconds{job=~"postgres-exporter-orders.*"})']);
    // The labels the game day's simulated exporter serves are the real ones.
    expect(text).toMatch(/^pg_stat_activity_count\{datname="postgres",[^}]*state="active"\}/m);
    expect(text).toMatch(/^pg_settings_max_connections[{ ]/m);
  }, 120_000);
});
