import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { emittedOn, engineVariants, metricSource } from "../../src/catalog/dashboards/metric-origins";
import { renderArtifacts } from "../../src/render/artifacts";
import { exportDataSources } from "../../src/render/dashboards/data-sources";
import { renderDashboards } from "../../src/render/dashboards/render";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import { allPanels, canHaveData, dashboardQueries, substituteVariables } from "../support/dashboards";
import { logqlErrors, promqlErrors } from "../support/queries";
import { bundled } from "../support/synth";

/** Bundled environments plus one that turns on every optional dashboard branch (both engines, gauges, no SLO). */
function specs(): EnvironmentSpec[] {
  const prod = bundled("prod");
  const everything = resolveEnvironment({
    ...prod,
    name: "everything",
    kubernetes: {
      ...prod.kubernetes,
      connection: { type: "eks", clusterName: "everything" },
      databases: [
        { name: "orders", engine: "postgres", host: "pg", user: "u", passwordSecret: { name: "pg" } },
        { name: "catalog", engine: "mysql", host: "my", user: "u", passwordSecret: { name: "my" } },
        {
          name: "reports",
          engine: "postgres",
          host: "rp",
          user: "u",
          passwordSecret: { name: "rp" },
          aurora: { clusterIdentifier: "reports" },
        },
        { name: "legacy", engine: "mysql", host: "lg", user: "u", passwordSecret: { name: "lg" }, aurora: { clusterIdentifier: "legacy" } },
      ],
    },
    services: [
      ...(prod.services ?? []),
      {
        name: "search",
        namespace: "shop",
        team: prod.services?.[0]?.team,
        metrics: {
          red: { requestsTotal: "search_requests_total", latencyHistogram: "search_duration_seconds", routeLabel: "handler" },
          runtime: "nodejs",
        },
        kpis: [{ metric: "search_index_documents", title: "Indexed documents" }],
      },
    ],
  });
  return [...(["dev", "staging", "prod"] as const).map((n) => resolveEnvironment(bundled(n))), everything];
}

/** Metric names a PromQL expression selects (vector selectors), after variable substitution. */
function metricNames(expr: string): string[] {
  const text = substituteVariables(expr);
  const names: string[] = [];
  promqlParser.parse(text).iterate({
    enter: (node) => {
      if (node.type.name === "Identifier" && node.node.parent?.type.name === "VectorSelector") names.push(text.slice(node.from, node.to));
    },
  });
  return names;
}

/** Where a metric comes from in this environment, or undefined when nothing produces it. */
function origin(spec: EnvironmentSpec, metric: string): string | undefined {
  const artifacts = renderArtifacts(spec);
  const records = new Set(
    [...Object.values(artifacts.prometheusRules), ...Object.values(artifacts.lokiRules)].flatMap((file) =>
      file.groups.flatMap((group) => group.rules.flatMap((rule) => ("record" in rule && rule.record ? [rule.record] : []))),
    ),
  );
  if (records.has(metric)) return "a recording rule of the catalog";
  const declared = spec.services.flatMap((s) => [
    s.metrics.red.requestsTotal,
    `${s.metrics.red.latencyHistogram}_bucket`,
    ...s.kpis.map((k) => k.metric),
  ]);
  if (declared.includes(metric)) return "declared by a service in the spec";
  return metricSource(spec, metric);
}

const all = specs().map((spec) => ({ spec, dashboards: renderDashboards(spec, exportDataSources(spec)) }));

describe("dashboard queries", () => {
  it("every PromQL and LogQL expression of every panel, variable and annotation parses", () => {
    const problems: string[] = [];
    let promql = 0;
    let logql = 0;
    for (const { spec, dashboards } of all) {
      for (const q of dashboards.flatMap(dashboardQueries)) {
        const text = substituteVariables(q.expr);
        const errors = q.language === "promql" ? promqlErrors(text) : q.language === "logql" ? logqlErrors(text) : [];
        if (q.language === "promql") promql++;
        if (q.language === "logql") logql++;
        for (const e of errors) problems.push(`${spec.name}/${q.dashboard} ${q.where}: ${e} in ${q.expr}`);
      }
    }
    expect(problems).toEqual([]);
    // The check covers real volume: every dashboard kind contributed.
    expect(promql).toBeGreaterThan(150);
    expect(logql).toBeGreaterThan(15);
  });

  it("the parsers catch a broken query, so a clean result means something", () => {
    expect(promqlErrors(substituteVariables('sum by (job (rate(x{job=~"$service"}[$__rate_interval]))'))).not.toEqual([]);
    expect(logqlErrors(substituteVariables('sum(count_over_time({app=~"$service"} | json [$__auto])'))).not.toEqual([]);
  });

  it("every metric a panel uses is produced by a deployed component, a recording rule or a service of the spec", () => {
    const unknown: string[] = [];
    for (const { spec, dashboards } of all) {
      for (const q of dashboards.flatMap(dashboardQueries).filter((query) => query.language === "promql")) {
        for (const metric of metricNames(q.expr)) {
          if (!origin(spec, metric)) unknown.push(`${spec.name}/${q.dashboard} ${q.where}: ${metric}`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it("the origin check rejects a typo, a metric of an exporter the environment does not run, and an undeclared KPI", () => {
    const dev = resolveEnvironment(bundled("dev"));
    const staging = resolveEnvironment(bundled("staging"));
    expect(metricNames('sum(rate(node_cpu_secnds_total{instance=~"$instance"}[$__rate_interval]))')).toEqual(["node_cpu_secnds_total"]);
    expect(origin(dev, "node_cpu_secnds_total")).toBeUndefined();
    expect(origin(dev, "node_cpu_seconds_total")).toMatch(/node_exporter/);
    expect(origin(dev, "mysql_up")).toMatch(/mysqld_exporter/); // dev has a mysql database
    expect(origin(staging, "mysql_up")).toBeUndefined(); // staging has postgres only
    expect(origin(dev, "orders_created_total")).toBe("declared by a service in the spec");
    expect(origin(dev, "refunds_total")).toBeUndefined();
    expect(origin(dev, "job:slo_error_budget_remaining:ratio")).toBe("a recording rule of the catalog");
  });

  it("a service's own RED metric names and KPIs are what its panels query", () => {
    const everything = all.find((e) => e.spec.name === "everything");
    const queries = everything?.dashboards.flatMap(dashboardQueries).map((q) => q.expr) ?? [];
    expect(queries.some((q) => q.includes('search_duration_seconds_bucket{namespace="shop", job="search"}'))).toBe(true);
    expect(queries.some((q) => q.includes('sum by (code) (rate(search_requests_total{namespace="shop", job="search"}'))).toBe(true);
    // Counters as a rate (and an increase over the range), gauges as they are.
    expect(queries).toContain('60 * sum(rate(orders_created_total{namespace="shop", job="checkout"}[$__rate_interval]))');
    expect(queries).toContain('sum(increase(orders_created_total{namespace="shop", job="checkout"}[$__range]))');
    expect(queries).toContain('sum(search_index_documents{namespace="shop", job="search"})');
  });

  it("every database panel has data on each engine variant its database may run (Aurora, MySQL 8.0 and 8.4)", () => {
    const empty: string[] = [];
    let checked = 0;
    for (const { spec, dashboards } of all) {
      const model = dashboards.find((d) => d.slug === "databases")?.model;
      for (const db of spec.kubernetes?.databases ?? []) {
        for (const panel of allPanels(model).filter((p) => String(p.title).startsWith(`${db.name}: `))) {
          for (const target of panel.targets ?? []) {
            if (target.datasource?.type !== "prometheus") continue;
            for (const variant of engineVariants(db)) {
              checked++;
              if (!canHaveData(substituteVariables(target.expr), (m) => emittedOn(m, variant)))
                empty.push(`${spec.name} ${db.name} on ${variant}: "${panel.title}" ${target.expr}`);
            }
          }
        }
      }
    }
    expect(empty).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it("the variant check catches a metric the pinned exporter does not emit there", () => {
    expect(canHaveData("max(pg_replication_lag_seconds)", (m) => emittedOn(m, "aurora-postgresql"))).toBe(false);
    expect(canHaveData("max(pg_replication_lag_seconds)", (m) => emittedOn(m, "postgresql"))).toBe(true);
    expect(canHaveData("max(mysql_slave_status_seconds_behind_master)", (m) => emittedOn(m, "mysql-8.4"))).toBe(false);
    expect(
      canHaveData("(mysql_slave_status_seconds_behind_source or mysql_slave_status_seconds_behind_master) - x", (m) =>
        emittedOn(m, "mysql-8.4"),
      ),
    ).toBe(true);
    expect(canHaveData("count(pg_replication_lag_seconds) or vector(0)", (m) => emittedOn(m, "aurora-postgresql"))).toBe(true);
  });

  it("Aurora's lag panel reads CloudWatch's AuroraReplicaLagMaximum of its cluster; collector failures show red", () => {
    const everything = all.find((e) => e.spec.name === "everything");
    const panels = allPanels(everything?.dashboards.find((d) => d.slug === "databases")?.model);
    const lag = panels.find((p) => p.title === "reports: replication lag");
    expect(lag.targets).toEqual([
      expect.objectContaining({
        datasource: { type: "cloudwatch", uid: "${cloudwatch}" },
        namespace: "AWS/RDS",
        metricName: "AuroraReplicaLagMaximum",
        dimensions: { DBClusterIdentifier: "reports" },
        statistic: "Maximum",
      }),
    ]);
    expect(lag.fieldConfig.defaults.unit).toBe("ms");
    const collectors = panels.find((p) => p.title === "reports: collectors failing");
    expect(collectors.targets[0].expr).toBe('sum by (collector) (1 - pg_scrape_collector_success{job=~"postgres-exporter-reports.*"})');
    expect(collectors.fieldConfig.defaults.thresholds.steps).toEqual([
      { value: null, color: "green" },
      { value: 1, color: "red" },
    ]);
    // MySQL accepts 8.4's and 8.0's column names.
    expect(panels.find((p) => p.title === "catalog: replication lag").targets[0].expr).toContain(
      "mysql_slave_status_seconds_behind_source{",
    );
  });

  it("SRE panels follow the spec: routes by the service's route label, event-loop lag only for Node.js, remote write only where it runs", () => {
    const panelsOf = (env: string, slug: string) =>
      allPanels(all.find((e) => e.spec.name === env)?.dashboards.find((d) => d.slug === slug)?.model);
    const performance = panelsOf("everything", "performance");
    const titles = performance.map((p) => p.title);
    expect(performance.find((p) => p.title === "search: top routes by errors").targets[0].expr).toContain(
      "sum by (handler) (rate(search_requests_total{",
    );
    expect(titles).toContain("search: event-loop lag (p99)");
    expect(titles).not.toContain("checkout: event-loop lag (p99)");
    for (const title of [
      "worst container memory / limit",
      "CPU throttled",
      "replicas",
      "HPA headroom",
      "restarts and OOM kills",
      "top routes by p99 latency",
    ]) {
      expect(titles).toContain(`checkout: ${title}`);
    }
    const trust = (env: string) => panelsOf(env, "overview").map((p) => p.title);
    expect(trust("prod")).toEqual(
      expect.arrayContaining([
        "Can I trust the monitoring?",
        "Rule evaluation failures",
        "Notifications failing",
        "Log lines lost",
        "Spans lost in the trace pipeline",
        "Remote write",
      ]),
    );
    expect(trust("dev")).not.toContain("Remote write");
    const alertList = panelsOf("dev", "overview").find((p) => p.type === "alertlist");
    expect(alertList.options.alertInstanceLabelFilter).toBe('{alertname!="Watchdog", severity!="info"}');
    expect(alertList.options.stateFilter).toMatchObject({ firing: true, normal: false });
  });
});
