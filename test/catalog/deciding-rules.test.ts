import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderArtifacts, toYaml } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { writeTree } from "../support/tools";
import { chartRuleGroups } from "./chart-rules";
import { type Checks, decidingRules } from "./deciding-rules";
import { TEST_ENVIRONMENT } from "./environment";

/**
 * The promtool harnesses load, of the deployed rule files, the rules that decide what a test checks: a rule left out
 * wrongly would change what promtool computes (a recorded input missing, an alert no longer held back by another's
 * state), and a rule changed on the way would test something else than what is deployed.
 */
const group = (name: string, rules: Array<Record<string, string>>, fields: Record<string, string> = {}) => ({ name, ...fields, rules });
const FILES = {
  "recording.yaml": [group("recording", [{ record: "job:requests:rate5m", expr: "sum by (job) (rate(requests_total[5m]))" }])],
  "twice.yaml": [group("twice", [{ record: "job:requests:ratio", expr: "job:requests:rate5m / 2" }])],
  "alerts.yaml": [
    group("alerts", [
      { alert: "RequestsHigh", expr: "job:requests:ratio > 1", for: "5m" },
      { alert: "DiskFull", expr: "disk_used_ratio > 0.9" },
    ]),
  ],
  "other.yaml": [group("other", [{ alert: "MemoryHigh", expr: "memory_used_ratio > 0.9" }])],
  "held.yaml": [group("held", [{ alert: "Held", expr: 'cpu_busy > 0.9 unless on () ALERTS{alertname="MemoryHigh"}' }])],
  "dynamic.yaml": [group("dynamic", [{ alert: "AnyHigh", expr: '{__name__=~"queue_.*"} > 100' }])],
  // An alert before the recording rule it reads, in a group with its own interval and a rule nobody reads.
  "mixed.yaml": [
    group(
      "mixed",
      [
        { alert: "LaterHigh", expr: "job:later > 1" },
        { record: "job:unread", expr: "sum(unread_total)" },
        { record: "job:later", expr: "sum(later_total)" },
      ],
      { interval: "5m" },
    ),
  ],
  "severe.yaml": [group("severe", [{ alert: "Severe", expr: 'count(ALERTS{severity="critical"}) > 2' }])],
};
const ALL = Object.keys(FILES);
const dir = writeTree(Object.fromEntries(Object.entries(FILES).map(([file, groups]) => [file, toYaml({ groups })])));

const alerts = (...names: string[]): Checks[] => [{ alert_rule_test: names.map((alertname) => ({ alertname })) }];
const expressions = (...exprs: string[]): Checks[] => [{ promql_expr_test: exprs.map((expr) => ({ expr })) }];
/** Each loaded file's groups, as promtool reads them. */
const loaded = (files: readonly string[]) => Object.fromEntries(files.map((f) => [f, parse(readFileSync(join(dir, f), "utf8")).groups]));

describe("decidingRules: the rules that decide what a promtool test checks", () => {
  it("keeps the checked alert's rules and, transitively, the rules recording what they read; whole files as they are", () => {
    const rules = decidingRules(dir, ALL, alerts("RequestsHigh"));
    expect(rules.ruleFiles.slice(0, 2)).toEqual(["recording.yaml", "twice.yaml"]);
    expect(rules.ruleFiles[2]).toMatch(/^subsets\/alerts-\w+\.yaml$/);
    expect(loaded(rules.ruleFiles.slice(2))).toEqual({ [rules.ruleFiles[2]]: [group("alerts", [FILES["alerts.yaml"][0].rules[0]])] });
    expect(rules.groupEvalOrder).toEqual(["recording", "twice", "alerts"]);
    expect(decidingRules(dir, ALL, alerts("DiskFull", "MemoryHigh")).groupEvalOrder).toEqual(["alerts", "other"]);
  });

  it("keeps a group's other fields and the order of its rules, and evaluates the groups in the whole set's order", () => {
    const { ruleFiles, groupEvalOrder } = decidingRules(dir, ALL, [...alerts("LaterHigh"), ...alerts("RequestsHigh")]);
    const mixed = ruleFiles.find((f) => f.startsWith("subsets/mixed-")) as string;
    const [later, , recorded] = FILES["mixed.yaml"][0].rules;
    expect(loaded([mixed])[mixed]).toEqual([group("mixed", [later, recorded], { interval: "5m" })]);
    // Only a recording rule left of "mixed": still evaluated where the whole group is, after the recording-only groups.
    expect(decidingRules(dir, ALL, expressions("job:later", "job:requests:ratio")).groupEvalOrder).toEqual(["recording", "twice", "mixed"]);
    expect(groupEvalOrder).toEqual(["recording", "twice", "alerts", "mixed"]);
  });

  it("reads the alerts and recorded series of checked expressions, and the alerts an alert reads", () => {
    expect(decidingRules(dir, ALL, expressions('count_over_time(ALERTS{alertname=~"DiskFull|MemoryHigh"}[1h])')).groupEvalOrder).toEqual([
      "alerts",
      "other",
    ]);
    expect(decidingRules(dir, ALL, expressions('ALERTS_FOR_STATE{alertname="MemoryHigh"}', "job:requests:rate5m")).ruleFiles).toEqual([
      "recording.yaml",
      "other.yaml",
    ]);
    expect(decidingRules(dir, ALL, alerts("Held")).ruleFiles).toEqual(["other.yaml", "held.yaml"]);
  });

  it("keeps every alert for a selector of alert state that does not name them, and every rule for a name pattern", () => {
    // Every alert and what it reads: all but the recording rule nobody reads.
    const fixed = ALL.filter((f) => f !== "dynamic.yaml");
    const firing = decidingRules(dir, fixed, expressions('ALERTS{alertstate="firing"}'));
    const mixed = firing.ruleFiles[fixed.indexOf("mixed.yaml")];
    expect(firing.ruleFiles.filter((f) => f !== mixed)).toEqual(fixed.filter((f) => f !== "mixed.yaml"));
    const [later, , recorded] = FILES["mixed.yaml"][0].rules;
    expect(loaded([mixed])[mixed]).toEqual([group("mixed", [later, recorded], { interval: "5m" })]);
    expect(decidingRules(dir, fixed, alerts("Severe")).ruleFiles).toEqual(firing.ruleFiles);
    expect(decidingRules(dir, fixed, expressions('ALERTS{alertname=~"Disk.*"}')).ruleFiles).toEqual(firing.ruleFiles);
    // A name pattern: every rule of every file (the dynamic alert among them, whichever way it is reached).
    expect(decidingRules(dir, ALL, alerts("AnyHigh")).ruleFiles).toEqual(ALL);
    expect(decidingRules(dir, ALL, expressions('ALERTS{alertstate="firing"}')).ruleFiles).toEqual(ALL);
    expect(decidingRules(dir, ALL, expressions('{__name__="job:later"}')).ruleFiles).toEqual(ALL);
  });

  it("keeps no rule for an alert defined nowhere (its checks see no alert either way)", () => {
    expect(decidingRules(dir, ALL, alerts("Missing"))).toEqual({ ruleFiles: [], groupEvalOrder: [] });
  });
});

/** The deployed rule set of the promtool harnesses: the test environment's catalog and the chart's default rules. */
const chart = chartRuleGroups();
const artifacts = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT));
const deployed: Record<string, string> = {
  ...Object.fromEntries(Object.entries(artifacts.files).filter(([p]) => p.startsWith("prometheus/rules/"))),
  ...(chart.groups ? { "chart/default-rules.yaml": toYaml({ groups: chart.groups }) } : {}),
};
const deployedDir = writeTree(deployed, "deciding-rules-");

interface DeployedRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
}
/** Every rule of `files` in `root`, with its group's other fields. */
function rulesOf(root: string, files: readonly string[]) {
  return files.flatMap((file) =>
    (parse(readFileSync(join(root, file), "utf8")).groups as Array<{ rules: DeployedRule[] }>).flatMap(({ rules, ...fields }) =>
      rules.map((rule) => ({ rule, fields })),
    ),
  );
}

describe("decidingRules on the deployed rules", () => {
  const files = Object.keys(deployed);
  const all = rulesOf(deployedDir, files);
  const names = [...new Set(all.flatMap(({ rule }) => (rule.alert ? [rule.alert] : [])))];
  const recordings = all
    .filter(({ rule }) => rule.record)
    .map((recording) => ({ recording, word: new RegExp(`(?<![\\w:])${recording.rule.record}(?![\\w:])`) }));

  it("keeps, for each deployed alert, its rules and every rule recording a name its kept rules mention, unchanged", () => {
    expect(names.length).toBeGreaterThan(50);
    const deployedText = new Set(all.map((a) => JSON.stringify(a)));
    const wrong: string[] = [];
    for (const alert of names) {
      const kept = rulesOf(deployedDir, decidingRules(deployedDir, files, alerts(alert)).ruleFiles);
      const text = new Set(kept.map((k) => JSON.stringify(k)));
      // Unchanged: each kept rule is a deployed rule, with its group's fields.
      for (const k of text) if (!deployedText.has(k)) wrong.push(`${alert}: not deployed as such: ${k}`);
      for (const a of all) if (a.rule.alert === alert && !text.has(JSON.stringify(a))) wrong.push(`${alert}: left out`);
      // Every dependency, found here by a plainer (and wider) reading than the parser's: the name as a word of the text.
      for (const { rule } of kept)
        for (const { recording, word } of recordings)
          if (word.test(rule.expr) && !text.has(JSON.stringify(recording)))
            wrong.push(`${alert}: ${rule.alert ?? rule.record} reads ${recording.rule.record}, left out`);
    }
    expect(wrong).toEqual([]);
  });
});
