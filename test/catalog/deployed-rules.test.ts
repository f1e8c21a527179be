import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { REPLACED_DEFAULT_RULES } from "../../src/catalog/prometheus/default-rules";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { chartRuleGroups } from "./chart-rules";
import { TEST_ENVIRONMENT } from "./environment";

/**
 * The rule set Prometheus really evaluates: the catalog plus kube-prometheus-stack's default groups as the pinned
 * chart renders them with the stack's values. One condition must raise one alert.
 */
const chart = chartRuleGroups();
const artifacts = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT));

interface DeployedAlert {
  readonly source: "catalog" | "chart";
  readonly alert: string;
  readonly severity: string;
  readonly expr: string;
}

function deployed(): DeployedAlert[] {
  const catalog = Object.values(artifacts.prometheusRules).flatMap((file) =>
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

type Matcher = { label: string; op: string; value: string };
type Selector = { metric: string; matchers: Matcher[] };

/** The series selectors an expression reads (metric name and label matchers), from the PromQL parser's tree. */
function selectors(expr: string): Selector[] {
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

/**
 * Whether two selectors of one metric can select a common series: no label with contradicting matchers. Two regular
 * expressions overlap when either accepts the other's literal core (`.*loki.*` -> "loki"), a judgement that is exact
 * for the patterns the rules use (substrings and alternations of names).
 */
function overlap(a: Selector, b: Selector): boolean {
  const accepts = (m: Matcher, value: string) => {
    const re = new RegExp(`^(?:${m.value})$`);
    return m.op === "=" ? value === m.value : m.op === "!=" ? value !== m.value : m.op === "=~" ? re.test(value) : !re.test(value);
  };
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

/** Two alerts read the same condition when they read the same metrics through overlapping selectors. */
function sameCondition(a: DeployedAlert, b: DeployedAlert): boolean {
  const [sa, sb] = [selectors(a.expr), selectors(b.expr)];
  const metrics = (s: Selector[]) => [...new Set(s.map((x) => x.metric))].sort().join(",");
  if (metrics(sa) !== metrics(sb)) return false;
  return sa.every((x) => sb.some((y) => y.metric === x.metric && overlap(x, y)));
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
  it("defines every alert name in one place, and keeps the default alerts the catalog does not replace", () => {
    const alerts = deployed();
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
  });

  it("turns off only alerts the chart really has (each name in REPLACED_DEFAULT_RULES exists upstream)", () => {
    const all = chartRuleGroups({ create: true });
    const names = new Set((all.groups ?? []).flatMap((g) => (g.rules ?? []).map((r) => r.alert)));
    expect(Object.keys(REPLACED_DEFAULT_RULES).filter((name) => !names.has(name))).toEqual([]);
  });

  it("has no two alerts for the same condition", () => {
    const alerts = deployed();
    const pairs = new Set<string>();
    for (const [i, a] of alerts.entries())
      for (const b of alerts.slice(i + 1)) if (a.alert !== b.alert && sameCondition(a, b)) pairs.add([a.alert, b.alert].sort().join(" ~ "));
    expect([...pairs].filter((p) => !DISTINCT[p]).sort()).toEqual([]);
  });
});
