import { describe, expect, it } from "vitest";
import type { AlertDefinition } from "../../src/catalog/prometheus/types";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { realTool, writeTree } from "../support/tools";
import { TEST_ENVIRONMENT } from "./environment";
import { FIXTURES } from "./fixtures";
import { type AlertCheck, expandAnnotation, once, type PromtoolCase, promtoolTests } from "./promtool";

const promtool = realTool("promtool");

const artifacts = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT));
const dir = writeTree(artifacts.files, "promtool-thresholds-");
const ruleFiles = Object.keys(artifacts.files).filter((p) => p.startsWith("prometheus/rules/"));

/** The threshold and operator at the end of a rendered tier's expression. */
function thresholdOf(alert: AlertDefinition): { value: number; op: ">" | "<" } {
  const match = alert.expr.match(/([<>]) (-?[\d.]+)$/);
  if (!match) throw new Error(`${alert.alert}: no trailing threshold in ${alert.expr}`);
  return { op: match[1] as ">" | "<", value: Number(match[2]) };
}

/**
 * A value just past (`past`) or just short of the threshold, about 5 % away (an uneven 5.37 %, so the value quoted
 * in the description never sits on a rounding tie).
 */
function near(threshold: { value: number; op: ">" | "<" }, past: boolean): number {
  const step = threshold.value === 0 ? 1 : Math.abs(threshold.value) * 0.0537;
  const up = (threshold.op === ">") === past;
  return threshold.value + (up ? step : -step);
}

describe.skipIf(promtool.skip)("every threshold alert, in promtool", () => {
  const tiered = Object.keys(FIXTURES).map((name) => ({ name, tiers: artifacts.alerts.filter((a) => a.alert === name) }));

  it("has a fixture for every tiered alert of the catalog", () => {
    // Threshold tiers: two rules of one name whose expressions differ only in the number compared against (tiers by
    // replica count or scope, such as AlertmanagerDown, are covered by node-loss.promtool.test.ts).
    const withoutValue = (expr: string) => expr.replace(/-?[\d.]+$/, "");
    const catalogTiered = new Set(
      artifacts.alerts
        .filter((a) => {
          const tiers = artifacts.alerts.filter((b) => b.alert === a.alert);
          return /[<>] -?[\d.]+$/.test(a.expr) && tiers.length === 2 && withoutValue(tiers[0].expr) === withoutValue(tiers[1].expr);
        })
        .map((a) => a.alert),
    );
    expect([...catalogTiered].sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  /** The four cases of an alert: just past each threshold after its duration, before it, and just short of it. */
  function casesOf(name: string, tiers: AlertDefinition[]): PromtoolCase[] {
    const fixture = FIXTURES[name];
    const warning = tiers.find((t) => t.severity === "warning");
    const critical = tiers.find((t) => t.severity === "critical");
    if (!warning || !critical) throw new Error(`${name} should have a warning and a critical tier`);
    const forMinutes = (critical.for?.toSeconds() ?? 0) / 60;
    // Counters need a full 5m rate window before the expression reaches its steady value.
    const warmup = 5;
    const minutes = forMinutes + warmup + 10;
    const fireAt = `${forMinutes + warmup + 2}m`;
    const expected = (tier: AlertDefinition, value: number) => {
      const labels = { ...fixture.labels, severity: tier.severity, ...tier.labels };
      return {
        exp_labels: labels,
        exp_annotations: {
          summary: tier.summary,
          description: expandAnnotation(tier.description, labels, value),
          runbook_url: `runbooks/${name}.md`,
        },
      };
    };
    const pastCritical = near(thresholdOf(critical), true);
    const pastWarning = near(thresholdOf(warning), true);
    const check = (eval_time: string, exp_alerts: AlertCheck["exp_alerts"]): AlertCheck => ({ eval_time, alertname: name, exp_alerts });
    return [
      {
        name: `${name}: just past critical`,
        input_series: fixture.series(pastCritical, minutes),
        alert_rule_test: [check(fireAt, [expected(warning, pastCritical), expected(critical, pastCritical)])],
      },
      {
        name: `${name}: past critical, duration not yet elapsed`,
        input_series: fixture.series(near(thresholdOf(critical), true), minutes),
        alert_rule_test: [check(`${Math.max(0, forMinutes - 1)}m`, [])],
      },
      {
        name: `${name}: just past warning`,
        input_series: fixture.series(pastWarning, minutes),
        alert_rule_test: [check(fireAt, [expected(warning, pastWarning)])],
      },
      {
        name: `${name}: just short of warning`,
        input_series: fixture.series(near(thresholdOf(warning), false), minutes),
        alert_rule_test: [check(fireAt, [])],
      },
    ];
  }

  // One promtool run for every alert (a test file each, so each test reads its own report), each against the rule
  // files that decide it.
  const results = once(() =>
    promtoolTests(
      promtool.path as string,
      dir,
      Object.fromEntries(tiered.map(({ name, tiers }) => [name, { ruleFiles, cases: casesOf(name, tiers) }])),
    ),
  );

  it.each(tiered)(
    "$name fires just past each threshold after its duration, and stays quiet just short of it",
    async ({ name }) => {
      const result = (await results())[name];
      expect(result.output).toContain("SUCCESS");
      expect(result.status, result.output).toBe(0);
    },
    240_000,
  );
});
