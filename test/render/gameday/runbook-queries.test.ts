import { describe, expect, it } from "vitest";
import { seriesSources } from "../../../src/catalog/prometheus/series-sources";
import { CatalogContext } from "../../../src/catalog/prometheus/types";
import { catalogRuleGroups } from "../../../src/catalog/rules";
import { renderArtifacts } from "../../../src/render/artifacts";
import {
  alertSources,
  fillPlaceholders,
  logqlSelectorLabels,
  promqlSelectors,
  runbookQueries,
  seriesLabelDefects,
  unknownStreamLabels,
} from "../../../src/render/gameday/runbook-queries";
import { loadEnvironments } from "../../../stacks/environments";

/**
 * LogQL stream selectors in runbooks that use a label the log agent (modules/alloy) never sets on a stream, so the
 * query returns nothing at 3 a.m. Ratchet: a new defect fails this test, and so does a listed one that disappeared.
 */
const KNOWN_DEFECTS: readonly string[] = [];

/** Every alert of every bundled environment, with the environment's recording rules (name -> expressions). */
function everyAlert() {
  return loadEnvironments().flatMap((spec) => {
    const groups = catalogRuleGroups(new CatalogContext(spec));
    const records = new Map<string, string[]>();
    for (const rule of groups.flatMap((g) => g.rules))
      if (rule.kind === "record") records.set(rule.record, [...(records.get(rule.record) ?? []), rule.expr]);
    return renderArtifacts(spec).alerts.map((alert) => ({ spec, alert, records }));
  });
}

describe("runbook queries (static part of the runbook verification)", () => {
  it("finds PromQL and LogQL in diagnosis steps, not shell commands or SQL", () => {
    const queries = runbookQueries({
      meaning: "",
      impact: "",
      mitigation: [],
      diagnosis: [
        'Errors: `sum by (code) (rate(http_requests_total{job="<service>"}[5m]))`.',
        'Logs: `{namespace="<namespace>", app="<service>"} | json | level="error"`; `kubectl get pods -n <namespace>`.',
        "`SELECT count(*) FROM pg_stat_activity;`",
      ],
    });
    expect(queries.map((q) => q.language)).toEqual(["promql", "logql"]);
    expect(fillPlaceholders(queries[0].text, { service: "checkout" })).toContain('job="checkout"');
  });

  it("reads only stream-selector labels, not label filters after a parser", () => {
    expect(logqlSelectorLabels('{namespace="a", pod="b"} | json | level=~"error"')).toEqual(["namespace", "pod"]);
    expect(unknownStreamLabels('{namespace="a", app="b"} | json | pod="x"')).toEqual([]);
  });

  it("every LogQL query of every runbook of every bundled environment selects streams by labels the log agent sets", () => {
    const defects = new Set<string>();
    for (const spec of loadEnvironments()) {
      for (const alert of renderArtifacts(spec).alerts) {
        for (const query of runbookQueries(alert.runbook).filter((q) => q.language === "logql")) {
          const unknown = unknownStreamLabels(query.text);
          if (unknown.length) defects.add(`${alert.alert}: ${query.text} selects by ${unknown.join(", ")}`);
        }
      }
    }
    expect([...defects].sort()).toEqual([...KNOWN_DEFECTS].sort());
  });

  it("reads PromQL selectors with their metric and matchers, placeholders kept", () => {
    expect(promqlSelectors('sum(rate(x_total{instance="<instance>", code=~"5.."}[5m])) / y')).toEqual([
      {
        metric: "x_total",
        matchers: [
          { label: "instance", value: "<instance>" },
          { label: "code", value: "5.." },
        ],
      },
      { metric: "y", matchers: [] },
    ]);
  });

  it("flags cAdvisor series selected by node_exporter's instance, and labels a source never sets", () => {
    const sources = seriesSources(loadEnvironments()[0]);
    expect(
      seriesLabelDefects('rate(container_cpu_usage_seconds_total{instance="<instance>"}[5m])', sources, ["node_exporter"]),
    ).toHaveLength(1);
    expect(seriesLabelDefects('node_load1{instance="<instance>"}', sources, ["node_exporter"])).toEqual([]);
    expect(seriesLabelDefects('kubelet_volume_stats_available_bytes{pod="x"}', sources, ["kubelet"])).toHaveLength(1);
  });

  it("every PromQL query of every runbook selects its series by labels their source sets, and reads recording rules that exist", () => {
    const defects = new Set<string>();
    for (const { spec, alert, records } of everyAlert()) {
      const sources = seriesSources(spec);
      const own = alertSources(alert.expr, records, sources);
      for (const query of runbookQueries(alert.runbook).filter((q) => q.language === "promql")) {
        for (const defect of seriesLabelDefects(query.text, sources, own)) defects.add(`${alert.alert}: ${defect}`);
        for (const { metric } of promqlSelectors(query.text))
          if (metric.includes(":") && !records.has(metric))
            defects.add(`${spec.name} ${alert.alert}: reads ${metric}, which no rule records`);
      }
    }
    expect([...defects].sort()).toEqual([]);
  });

  it("a service's alerts quote that service's own metrics, error matcher and log stream", () => {
    for (const { spec, alert } of everyAlert()) {
      const service = spec.services.find((s) => s.name === alert.labels?.service);
      if (!service) continue;
      for (const query of runbookQueries(alert.runbook)) {
        expect(query.text, `${spec.name} ${alert.alert} (${service.name})`).not.toMatch(/<(service|namespace)>/);
        if (query.language === "logql") expect(query.text).toContain(`namespace="${service.namespace}"`);
        for (const selector of query.language === "promql" ? promqlSelectors(query.text) : [])
          for (const m of selector.matchers.filter((m) => m.label === "job"))
            expect(m.value, `${alert.alert}: ${query.text}`).toBe(service.name);
      }
      if (alert.alert === "ServiceHighErrorRatio")
        expect(runbookQueries(alert.runbook).map((q) => q.text)).toContain(
          `sum by (route, ${service.metrics.red.errorMatcher.split(/[=!~]/)[0]}) (rate(${service.metrics.red.requestsTotal}{namespace="${service.namespace}", job="${service.name}", ${service.metrics.red.errorMatcher}}[5m]))`,
        );
    }
  });
});
