import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { renderArtifacts } from "../../src/render/artifacts";
import { builtinVariables, dashboardRange, panelIntervals } from "../../src/render/preview/grafana-time";
import { boxOf, PAGE_PADDING, PAGE_WIDTH, pageSize, STAMP_HEIGHT } from "../../src/render/preview/layout";
import { PREVIEW_STAMP, previewHtml } from "../../src/render/preview/page";
import { type PanelModel, planPanels } from "../../src/render/preview/panels";
import { formatValue } from "../../src/render/preview/units";
import { parseLabelValues, resolveVariable, substitute } from "../../src/render/preview/variables";
import { panelView, reduce, seriesName } from "../../src/render/preview/view";
import { resolveEnvironment } from "../../src/spec";
import { Duration } from "../../src/spec/duration";

const dev = resolveEnvironment(BUNDLED_ENVIRONMENTS.dev);
const dashboards = renderArtifacts(dev).dashboards;
const panelsOf = (slug: string) => (dashboards.find((d) => d.slug === slug)?.model.panels ?? []) as PanelModel[];

describe("Grafana's interval rules", () => {
  it("$__rate_interval is max(4 x scrape interval, $__interval + scrape interval)", () => {
    // 6 h over a 500 px panel: 43.2 s raw, rounded to 30 s; with a 30 s scrape, 4 x 30 s wins.
    const sixHours = panelIntervals(Duration.hours(6), 500, Duration.seconds(30));
    expect(sixHours.interval.toSeconds()).toBe(30);
    expect(sixHours.rateInterval.toSeconds()).toBe(120);
    // 7 days over 500 px: 20 min; interval + scrape is larger than 4 x scrape.
    const week = panelIntervals(Duration.days(7), 500, Duration.seconds(30));
    expect(week.interval.toSeconds()).toBe(1200);
    expect(week.rateInterval.toSeconds()).toBe(1230);
    // The interval never drops below the scrape interval, or below the panel's own minimum.
    expect(panelIntervals(Duration.minutes(5), 1000, Duration.seconds(15)).interval.toSeconds()).toBe(15);
    expect(panelIntervals(Duration.minutes(5), 1000, Duration.seconds(15), "1m").interval.toSeconds()).toBe(60);
  });

  it("a panel interval or dashboard range it cannot read is an error, never another interval drawn silently", () => {
    expect(() => panelIntervals(Duration.hours(6), 500, Duration.seconds(30), "$__auto")).toThrow(/panel's interval "\$__auto"/);
    expect(panelIntervals(Duration.hours(6), 500, Duration.seconds(30), ">5m").interval.toSeconds()).toBe(300);
    const withRange = (from?: string) => ({ slug: "x", model: from === undefined ? {} : { time: { from, to: "now" } } });
    expect(dashboardRange(withRange("now-3h")).toSeconds()).toBe(3 * 3600);
    // Grafana's default when a dashboard sets none.
    expect(dashboardRange(withRange()).toSeconds()).toBe(6 * 3600);
    expect(() => dashboardRange(withRange("now-1d/d"))).toThrow(/"x" dashboard's time range starts at "now-1d\/d"/);
    // Every dashboard the project renders has a range the preview reads.
    for (const dashboard of dashboards) expect(dashboardRange(dashboard).toSeconds(), dashboard.slug).toBeGreaterThan(0);
  });

  it("$__range and friends follow the selected range", () => {
    const values = builtinVariables(Duration.hours(1), panelIntervals(Duration.hours(1), 600, Duration.seconds(30)));
    expect(values).toMatchObject({ __range: "3600s", __range_s: "3600", __range_ms: "3600000", __interval: "30s", __rate_interval: "2m" });
  });
});

describe("template variables", () => {
  it("substitutes $x, ${x}, ${x:format} and [[x]], and never reads $__interval_ms as $__interval", () => {
    const values = { service: "checkout", __interval: "30s", __interval_ms: "30000" };
    expect(substitute('rate(x{job=~"$service"}[$__interval]) / ${service:regex} [[service]] $__interval_ms $unknown', values)).toBe(
      'rate(x{job=~"checkout"}[30s]) / checkout checkout 30000 $unknown',
    );
  });

  it("All becomes the found values as a regex, the allValue, or any value when nothing was found; else the selection", () => {
    const all = { name: "ns", type: "query", includeAll: true, current: { value: ["$__all"] } };
    expect(resolveVariable(all, ["a.b", "c"]).value).toBe("(a\\.b|c)");
    expect(resolveVariable({ ...all, allValue: ".+" }, ["a"]).value).toBe(".+");
    expect(resolveVariable(all, [])).toEqual({ name: "ns", value: ".*", label: "All" });
    expect(resolveVariable({ name: "svc", type: "custom", current: { value: "catalog" } }, ["checkout", "catalog"]).value).toBe("catalog");
    expect(resolveVariable({ name: "svc", type: "custom" }, ["checkout", "catalog"]).value).toBe("checkout");
  });

  it("reads label_values() with and without a series selector", () => {
    expect(parseLabelValues("label_values(kube_namespace_status_phase, namespace)")).toEqual({
      label: "namespace",
      match: "kube_namespace_status_phase",
    });
    expect(parseLabelValues({ query: "label_values(job)" })).toEqual({ label: "job" });
    expect(parseLabelValues("query_result(up)")).toBeUndefined();
  });
});

describe("layout by gridPos", () => {
  it("places panels on Grafana's 24-column grid with 30 px rows and 8 px gaps", () => {
    const full = boxOf({ x: 0, y: 0, w: 24, h: 8 });
    expect(full.width).toBe(PAGE_WIDTH - 2 * PAGE_PADDING);
    expect(full.height).toBe(8 * 30 + 7 * 8);
    const right = boxOf({ x: 12, y: 9, w: 12, h: 8 });
    expect(right.left + right.width).toBe(full.width);
    expect(right.top).toBe(9 * 38);
    expect(pageSize([full, right]).height).toBe(STAMP_HEIGHT + right.top + right.height + 2 * PAGE_PADDING);
  });
});

describe("panel plans from the exported dashboards", () => {
  const variables = { namespace: ".*", service: "checkout", instance: ".*" };

  it("queries every Prometheus panel with no Grafana variable left in its expression", () => {
    for (const dashboard of dashboards) {
      const plans = planPanels(dashboard.model.panels as PanelModel[], variables, Duration.hours(6), Duration.seconds(30));
      for (const plan of plans.filter((p) => p.kind === "query")) {
        for (const query of plan.queries) expect(query.expr, `${dashboard.slug}: ${plan.panel.title}`).not.toMatch(/\$|\[\[/);
      }
    }
  });

  it("leaves Loki and Jaeger panels out, saying they are not exercised here", () => {
    const plans = [
      ...planPanels(panelsOf("logs"), variables, Duration.hours(1), Duration.seconds(30)),
      ...planPanels(panelsOf("traces"), variables, Duration.hours(1), Duration.seconds(30)),
    ];
    const skipped = plans.filter((p) => p.kind === "skip");
    expect(skipped.map((p) => (p.kind === "skip" ? p.reason : ""))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^not exercised here: Loki/), expect.stringMatching(/^not exercised here: Jaeger/)]),
    );
    expect(plans.filter((p) => p.kind === "query" && p.panel.datasource?.type !== "prometheus")).toEqual([]);
  });

  it("plots time series over a range and takes stat values at an instant when the target asks", () => {
    const plans = planPanels(panelsOf("overview"), variables, Duration.hours(1), Duration.seconds(30));
    const stat = plans.find((p) => p.panel.title === "Targets up");
    expect(stat?.kind === "query" && stat.queries[0]).toMatchObject({ expr: "sum(up)", instant: true });
    const series = plans.find((p) => p.kind === "query" && p.panel.type === "timeseries");
    expect(series?.kind === "query" && series.queries.every((q) => !q.instant)).toBe(true);
  });
});

describe("panel views", () => {
  const window = { start: 1_000_000, end: 1_000_600 };
  const errorRatio = planPanels(
    panelsOf("performance"),
    { namespace: ".*", service: "checkout" },
    Duration.minutes(10),
    Duration.seconds(30),
  ).find((p) => p.panel.title === "Error ratio");

  it("says not exercised when the queries return nothing, or why they failed", () => {
    if (errorRatio?.kind !== "query") throw new Error("Error ratio is not a query panel");
    expect(panelView(errorRatio, [{ query: errorRatio.queries[0], series: [] }], window)).toMatchObject({
      kind: "note",
      note: "not exercised: the queries returned no data here",
    });
    expect(panelView(errorRatio, [{ query: errorRatio.queries[0], series: [], error: "parse error" }], window)).toMatchObject({
      kind: "note",
      note: "not exercised: the query failed (parse error)",
    });
  });

  it("draws each series on the step grid, with the threshold lines of its override", () => {
    if (errorRatio?.kind !== "query") throw new Error("Error ratio is not a query panel");
    const step = errorRatio.stepSeconds;
    const t0 = Math.floor(window.start / step) * step;
    const view = panelView(
      errorRatio,
      [
        {
          query: errorRatio.queries[0],
          series: [
            {
              labels: { job: "checkout" },
              points: [
                [t0, 0.01],
                [t0 + 2 * step, 0.03],
              ],
            },
          ],
        },
      ],
      window,
    );
    if (view.kind !== "timeseries") throw new Error(`expected a time series, got ${view.kind}`);
    expect(view.series[0].name).toBe("checkout");
    expect(view.series[0].values.slice(0, 3)).toEqual([0.01, null, 0.03]);
    expect(view.thresholdLines.map((l) => l.value).sort()).toEqual([0.02, 0.05]);
  });

  it("names series by legend format or by their labels, and reduces as Grafana's calcs do", () => {
    expect(seriesName({ job: "a", code: "500" }, "{{job}} {{ code }}", "x")).toBe("a 500");
    expect(seriesName({ __name__: "up", job: "a" }, undefined, "up")).toBe('up{job="a"}');
    expect(seriesName({}, "__auto", "sum(up)")).toBe("sum(up)");
    const points = [
      [1, 3],
      [2, Number.NaN],
      [3, 1],
    ] as const;
    expect([reduce(points, "lastNotNull"), reduce(points, "max"), reduce(points, "mean"), reduce([], "last")]).toEqual([1, 3, 2, null]);
  });

  it("formats values in the dashboards' units", () => {
    expect([
      formatValue("percentunit", 0.052),
      formatValue("percent", 99.9),
      formatValue("s", 0.25),
      formatValue("bytes", 3 * 1024 ** 3),
    ]).toEqual(["5.2%", "99.9%", "250 ms", "3 GiB"]);
    expect([formatValue("reqps", 1500), formatValue("short", null), formatValue(undefined, 12.345)]).toEqual(["1.5 K req/s", "-", "12.3"]);
  });

  it("stamps every page as a preview with env, range and Prometheus URL", () => {
    const html = previewHtml(
      { title: "T", env: "dev", prometheusUrl: "http://127.0.0.1:9090", window, settings: ["namespace = All"], panels: [] },
      { script: "", css: "" },
    );
    expect(html).toContain(PREVIEW_STAMP);
    expect(html).toContain("env dev · 1970-01-12 13:46:40 to 1970-01-12 13:56:40 UTC (10m) · Prometheus http://127.0.0.1:9090");
  });
});
