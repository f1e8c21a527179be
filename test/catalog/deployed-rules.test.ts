import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { REPLACED_DEFAULT_RULES } from "../../src/catalog/prometheus/default-rules";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { chartRuleGroups } from "./chart-rules";
import { TEST_ENVIRONMENT } from "./environment";

/**
 * The rule set Prometheus really evaluates: the catalog plus kube-prometheus-stack's default groups as the pinned
 * chart renders them with the stack's values, for every bundled environment (their catalogs differ: databases,
 * services, SLOs, anomaly detection) and the test environment. One condition must raise one alert.
 */
const chart = chartRuleGroups();
const ENVIRONMENTS = { ...BUNDLED_ENVIRONMENTS, unit: TEST_ENVIRONMENT };
const catalogs = Object.fromEntries(
  Object.entries(ENVIRONMENTS).map(([name, input]) => [name, renderArtifacts(resolveEnvironment(input))] as const),
);

interface DeployedAlert {
  readonly source: "catalog" | "chart";
  readonly alert: string;
  readonly severity: string;
  readonly expr: string;
}

function deployed(env: string): DeployedAlert[] {
  const catalog = Object.values(catalogs[env].prometheusRules).flatMap((file) =>
    file.groups.flatMap((g) =>
      g.rules
        .filter((r) => r.alert)
        .map((r) => ({ source: "catalog" as const, alert: r.alert as string, severity: r.labels?.severity ?? "", expr: r.expr })),
    ),
  );
  const upstream = (chart.groups ?? []).flatMap((g) =>
    (g.rules ?? [])
      .filter((r) => r.alert)
      .map((r) => ({ source: "chart" as const, alert: r.alert as string, severity: r.labels?.severity ?? "", expr: r.expr })),
  );
  return [...catalog, ...upstream];
}

/** Recording rules of the deployed set, by the series they record: an alert on a recorded series reads their inputs. */
function recordings(env: string): Map<string, string[]> {
  const records = new Map<string, string[]>();
  const add = (record: string | undefined, expr: string) => {
    if (record) records.set(record, [...(records.get(record) ?? []), expr]);
  };
  for (const file of Object.values(catalogs[env].prometheusRules))
    for (const g of file.groups) for (const r of g.rules) add(r.record, r.expr);
  for (const g of chart.groups ?? []) for (const r of g.rules ?? []) add(r.record, r.expr);
  return records;
}

type Matcher = { label: string; op: string; value: string };
type Selector = { metric: string; matchers: Matcher[] };

/**
 * The series selectors an expression reads (metric name and label matchers), from the PromQL parser's tree. Parsed
 * once per expression: the chart's rules are the same in every environment, and recorded series expand to the same
 * recording rules for every alert that reads them.
 */
function selectors(expr: string): Selector[] {
  const found = parsedSelectors.get(expr) ?? parseSelectors(expr);
  parsedSelectors.set(expr, found);
  return found;
}
const parsedSelectors = new Map<string, Selector[]>();

function parseSelectors(expr: string): Selector[] {
  const found: Selector[] = [];
  let current: Selector | undefined;
  let matcher: Partial<Matcher> = {};
  parser.parse(expr).iterate({
    enter: (node) => {
      const text = expr.slice(node.from, node.to);
      if (node.name === "VectorSelector") {
        current = { metric: "", matchers: [] };
        found.push(current);
      } else if (node.name === "Identifier" && current && !current.metric) current.metric = text;
      else if (node.name === "LabelName" && current) matcher = { label: text };
      else if (node.name === "MatchOp" && current) matcher.op = text;
      else if (node.name === "StringLiteral" && current && matcher.label) {
        current.matchers.push({
          label: matcher.label,
          op: matcher.op ?? "=",
          value: JSON.parse(text.replace(/^'|'$/g, '"').replace(/^`|`$/g, '"')),
        });
        matcher = {};
      }
    },
    leave: (node) => {
      if (node.name === "VectorSelector") current = undefined;
    },
  });
  return found.filter((s) => s.metric && s.metric !== "ALERTS");
}

/** The raw series an expression reads: selectors of recorded series are replaced by what their rules read. */
function inputs(expr: string, records: Map<string, string[]>, depth = 0): Selector[] {
  return selectors(expr).flatMap((s) => {
    const recorded = records.get(s.metric);
    return recorded && depth < 5 ? recorded.flatMap((e) => inputs(e, records, depth + 1)) : [s];
  });
}

/**
 * Series read only to join labels on (the node of a pod, for the lost-node inhibition): they say nothing about the
 * condition.
 */
const JOIN_ONLY = new Set(["kube_pod_info"]);

/**
 * Whether two selectors of one metric can select a common series: no label with contradicting matchers. Two regular
 * expressions overlap when either accepts the other's literal core (`.*loki.*` -> "loki"), a judgement that is exact
 * for the patterns the rules use (substrings and alternations of names).
 */
function overlap(a: Selector, b: Selector): boolean {
  const accepts = (m: Matcher, value: string) =>
    m.op === "="
      ? value === m.value
      : m.op === "!="
        ? value !== m.value
        : m.op === "=~"
          ? anchored(m.value).test(value)
          : !anchored(m.value).test(value);
  const core = (m: Matcher) => m.value.replaceAll(".*", "").replaceAll(/[()^$]/g, "");
  for (const x of a.matchers)
    for (const y of b.matchers) {
      if (x.label !== y.label) continue;
      if (x.op === "=" && !accepts(y, x.value)) return false;
      if (y.op === "=" && !accepts(x, y.value)) return false;
      if (x.op === "=~" && y.op === "=~" && !accepts(x, core(y)) && !accepts(y, core(x))) return false;
    }
  return true;
}

/** A matcher's regular expression, anchored as PromQL anchors it (compiled once: the pair loops ask thousands of times). */
const anchored = (() => {
  const compiled = new Map<string, RegExp>();
  return (pattern: string) => {
    const re = compiled.get(pattern) ?? new RegExp(`^(?:${pattern})$`);
    compiled.set(pattern, re);
    return re;
  };
})();

/** `alertmanager_notifications_failed_total` -> `alertmanager_notifications`: the family a metric belongs to. */
const family = (metric: string) => metric.split("_").slice(0, 2).join("_");

/**
 * Two alerts read the same condition when they read the same series through overlapping selectors. Between the
 * catalog and the chart, written apart, also when one reads a subset of the other's series and the rest are of the
 * same families (a failure count alone, or as a ratio of all attempts) or when one reads them through a recording
 * rule (`instance:node_memory_utilisation:percent`): `loose`.
 */
function sameCondition(sa: Selector[], sb: Selector[], loose: boolean): boolean {
  const metrics = (s: Selector[]) => new Set(s.map((x) => x.metric));
  const [small, large] = metrics(sa).size <= metrics(sb).size ? [sa, sb] : [sb, sa];
  const [ms, ml] = [metrics(small), metrics(large)];
  if (ms.size === 0 || ![...ms].every((m) => ml.has(m))) return false;
  const families = new Set([...ms].map(family));
  if (![...ml].every((m) => ms.has(m) || (loose && families.has(family(m))))) return false;
  return small.every((x) => large.some((y) => y.metric === x.metric && overlap(x, y)));
}

/**
 * Alerts that read the same metrics but watch different conditions, and why. Anything else that reads the same
 * metrics the same way is a duplicate.
 */
const DISTINCT: Record<string, string> = {
  "KubeAPIDown ~ KubeAPIInstanceUnreachable": "every instance gone (page) against one instance (warning)",
  "KubeControllerManagerDown ~ KubeControllerManagerInstanceUnreachable": "every instance gone (page) against one instance (warning)",
  "KubeProxyDown ~ KubeProxyInstanceUnreachable": "every instance gone (page) against one instance (warning)",
  "KubeSchedulerDown ~ KubeSchedulerInstanceUnreachable": "every instance gone (page) against one instance (warning)",
  "KubeNodeNotReady ~ KubeNodeReadinessFlapping": "not Ready for minutes against Ready changing back and forth",
  "KubePersistentVolumeFillingUp ~ KubePersistentVolumeFullSoon": "fill level against time to full from the trend",
  "NodeFilesystemAlmostOutOfFiles ~ NodeFilesystemFilesFillingUp": "inode level against time to exhaustion from the trend",
  "etcdDatabaseQuotaLowSpace ~ etcdExcessiveDatabaseGrowth": "size against quota, against growth rate",
  "KubeQuotaAlmostFull ~ KubeQuotaFullyUsed": "quota tiers (90 %, 100 %, over) of one mixin, info and warning only",
  "KubeQuotaAlmostFull ~ KubeQuotaExceeded": "quota tiers (90 %, 100 %, over) of one mixin, info and warning only",
  "KubeQuotaExceeded ~ KubeQuotaFullyUsed": "quota tiers (90 %, 100 %, over) of one mixin, info and warning only",
  "ServiceNotScraped ~ ServiceTargetDown": "no target discovered at all against targets that fail their scrapes",
};

describe.skipIf(chart.skip)("the deployed rule set: the catalog plus the chart's enabled default rules", () => {
  it.each(Object.keys(ENVIRONMENTS))(
    "%s: defines every alert name in one place, and keeps the default alerts the catalog does not replace",
    (env) => {
      const alerts = deployed(env);
      const bySource = (source: string) => new Set(alerts.filter((a) => a.source === source).map((a) => a.alert));
      const [catalog, upstream] = [bySource("catalog"), bySource("chart")];
      expect([...catalog].filter((name) => upstream.has(name))).toEqual([]);
      for (const name of [
        "KubePodNotReady",
        "KubeContainerWaiting",
        "KubeDaemonSetRolloutStuck",
        "KubeDaemonSetNotScheduled",
        "KubeHpaMaxedOut",
        "KubePdbNotEnoughHealthyPods",
        "KubeJobNotCompleted",
        "KubePersistentVolumeInodesFillingUp",
        "NodeFilesystemAlmostOutOfFiles",
        "NodeClockNotSynchronising",
        "NodeHighNumberConntrackEntriesUsed",
      ])
        expect(upstream, name).toContain(name);
      for (const name of ["Watchdog", "KubeNodeNotReady", "KubePodCrashLooping", "PrometheusRuleEvaluationFailures"])
        expect(upstream.has(name) || !catalog.has(name), name).toBe(false);
      expect(upstream).not.toContain("PrometheusRuleFailures");
    },
  );

  it("turns off only alerts the chart really has (each name in REPLACED_DEFAULT_RULES exists upstream)", () => {
    const all = chartRuleGroups({ create: true });
    const names = new Set((all.groups ?? []).flatMap((g) => (g.rules ?? []).map((r) => r.alert)));
    expect(Object.keys(REPLACED_DEFAULT_RULES).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(Object.keys(ENVIRONMENTS))("%s: has no two alerts for the same condition", (env) => {
    const alerts = deployed(env);
    const records = recordings(env);
    const direct = alerts.map((a) => selectors(a.expr));
    const expanded = alerts.map((a) => inputs(a.expr, records).filter((x) => !JOIN_ONLY.has(x.metric)));
    const pairs = new Set<string>();
    for (const [i, a] of alerts.entries())
      for (const [j, b] of alerts.entries()) {
        if (j <= i || a.alert === b.alert) continue;
        const same = a.source === b.source ? sameCondition(direct[i], direct[j], false) : sameCondition(expanded[i], expanded[j], true);
        if (same) pairs.add([a.alert, b.alert].sort().join(" ~ "));
      }
    expect([...pairs].filter((p) => !DISTINCT[p]).sort()).toEqual([]);
  });
});
