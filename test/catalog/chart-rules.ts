import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { DEFAULT_RULES_VALUES, KUBE_PROMETHEUS_FULLNAME } from "../../modules/kube-prometheus";
import { CHARTS } from "../../src/catalog/charts";
import { toYaml } from "../../src/render/artifacts";
import { helmBinarySync } from "../support/helm";
import { runCached } from "../support/run-cache";

const SHARED = resolve(__dirname, "../../../shared/reference/helm-charts");

export interface ChartRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly labels?: Record<string, string>;
}
export interface ChartRuleGroup {
  readonly name: string;
  readonly rules: readonly ChartRule[];
}

/**
 * kube-prometheus-stack's default rule groups as the pinned chart renders them with the stack's `defaultRules`
 * values (real `helm template` of the chart archive in ../shared). Skipped with a message when the reference charts
 * are absent (a user's clone); under CI=true their absence fails.
 */
export function chartRuleGroups(defaultRules: unknown = DEFAULT_RULES_VALUES): {
  groups: ChartRuleGroup[] | undefined;
  skip: boolean;
  reason: string;
} {
  const chart = join(SHARED, `kube-prometheus-stack-${CHARTS.kubePrometheusStack.version}.tgz`);
  const reason = `the reference chart ${chart} is absent`;
  if (!existsSync(chart)) {
    if (process.env.CI === "true") throw new Error(`${reason}; CI must provide ../shared`);
    process.stderr.write(`skipping tests of the deployed rule set: ${reason}\n`);
    return { groups: undefined, skip: true, reason };
  }
  // Rendered once per test run (node-loss and deployed-rules ask for the same values), shared by the test processes.
  const key = JSON.stringify({ chart, defaultRules });
  const groups = JSON.parse(
    runCached("chart-rule-groups", key, () => JSON.stringify(renderRuleGroups(chart, defaultRules))),
  ) as ChartRuleGroup[];
  return { groups, skip: false, reason };
}

/** `helm template` of the chart with these `defaultRules` values: the groups of its PrometheusRule objects. */
function renderRuleGroups(chart: string, defaultRules: unknown): ChartRuleGroup[] {
  const dir = mkdtempSync(join(tmpdir(), "chart-rules-"));
  const helm = helmBinarySync();
  const values = join(dir, "values.yaml");
  writeFileSync(values, toYaml({ fullnameOverride: KUBE_PROMETHEUS_FULLNAME, defaultRules }));
  const rendered = execFileSync(helm, ["template", "kube-prometheus", chart, "--namespace", "monitoring", "-f", values], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  // Only the PrometheusRule documents are parsed: a quarter of the chart's 650 kB of output (its dashboards are the bulk).
  return rendered
    .split(/^---$/m)
    .filter((document) => /^kind: PrometheusRule$/m.test(document))
    .flatMap((document) => parseAllDocuments(document).map((d) => d.toJS()))
    .filter((d) => d?.kind === "PrometheusRule")
    .flatMap((d) => d.spec.groups as ChartRuleGroup[]);
}
