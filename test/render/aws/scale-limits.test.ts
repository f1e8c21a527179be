import { describe, expect, it } from "vitest";
import { largeSpec } from "../../../bench/large-spec";
import {
  MAX_ALARMS_PER_COMPOSITE_RULE,
  MAX_ALARMS_PER_WIDGET,
  MAX_COMPOSITE_RULE_LENGTH,
  MAX_DASHBOARD_BODY_CHARACTERS,
  MAX_METRICS_PER_DASHBOARD,
  MAX_WIDGETS_PER_DASHBOARD,
} from "../../../src/catalog/cloudwatch";
import { type AlarmRenderContext, renderCompositeAlarms } from "../../../src/render/aws/alarms";
import { compositeAlarmProblems } from "../../../src/render/aws/limits";
import { testAlarm } from "../../support/alarms";
import { resourcesOf, synthEnvironment, type TerraformJson } from "../../support/synth";

/** 500 Lambda functions owned by one service: 1,000 warning-tier alarms feed that service's composite. */
function oneServiceWithLambdas(count: number) {
  const input = largeSpec(0, 1);
  const cloud = input.cloud as { watch: Record<string, unknown>; dashboard?: boolean };
  cloud.watch = {
    lambdaFunctions: Array.from({ length: count }, (_, i) => ({ name: `fn-${i}`, functionName: `fn-${i}`, service: "svc-0" })),
  };
  cloud.dashboard = true;
  return input;
}

const forEach = (resource: TerraformJson): Record<string, TerraformJson> => resource.for_each;

describe("no CloudWatch limit crash at scale", () => {
  const stack = synthEnvironment(oneServiceWithLambdas(500));
  const composites = resourcesOf(stack, "aws_cloudwatch_composite_alarm").flatMap((r) =>
    Object.entries(forEach(r)).map(([name, v]): TerraformJson => ({ name, ...v })),
  );
  const metricAlarms = resourcesOf(stack, "aws_cloudwatch_metric_alarm").flatMap((r) => Object.keys(forEach(r)));
  const ruleNames = (rule: string) => [...rule.matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1]);

  it("keeps every composite rule within 10,240 characters and 100 alarms", () => {
    expect(composites.length).toBeGreaterThan(1);
    for (const c of composites) {
      expect(c.alarm_rule.length, c.name).toBeLessThanOrEqual(MAX_COMPOSITE_RULE_LENGTH);
      expect(ruleNames(c.alarm_rule).length, c.name).toBeLessThanOrEqual(MAX_ALARMS_PER_COMPOSITE_RULE);
    }
  });

  it("pages through the service composite's actions, and every symptom alarm still reaches it", () => {
    const byName = new Map(composites.map((c) => [c.name, c]));
    const service = byName.get("large-svc-0-composite-errorsWithLatency-critical");
    if (!service) throw new Error("the service-level composite keeps its name");
    expect((service.alarm_actions as unknown[]).length).toBeGreaterThan(0);
    expect(service.ok_actions).toEqual(service.alarm_actions);
    // Parts notify nobody themselves: the service composite is the one that pages.
    for (const c of composites) if (c !== service) expect(c.alarm_actions, c.name).toEqual([]);
    // Every metric alarm under the service composite, through any number of part levels, per side of the AND.
    const reach = (name: string): string[] => {
      const c = byName.get(name);
      return c ? ruleNames(c.alarm_rule).flatMap(reach) : [name];
    };
    const sides = (service.alarm_rule as string).split(") AND (").map((side) => ruleNames(side).flatMap(reach));
    expect(sides).toHaveLength(2);
    const leaves = sides.flat();
    expect(new Set(leaves).size, "no alarm twice").toBe(leaves.length);
    for (const leaf of leaves) expect(metricAlarms).toContain(leaf);
    // No alarm of a composited signal is dropped: every warning-tier alarm of those signals is a leaf.
    const signal = (name: string) => name.replace(/^large-svc-0-fn-\d+-/, "").replace(/-warning$/, "");
    const signals = new Set(leaves.map(signal));
    const expected = metricAlarms.filter((n) => n.endsWith("-warning") && signals.has(signal(n)));
    expect(leaves.length).toBe(expected.length);
    expect(leaves.length).toBeGreaterThanOrEqual(2 * 500);
  });

  it("keeps every dashboard within the widget, alarms-per-widget, metric and body limits", () => {
    const dashboards = resourcesOf(stack, "aws_cloudwatch_dashboard");
    expect(dashboards.length).toBeGreaterThan(0);
    for (const d of dashboards) {
      const body = d.dashboard_body as string;
      expect(body.length).toBeLessThanOrEqual(MAX_DASHBOARD_BODY_CHARACTERS);
      const widgets = JSON.parse(body).widgets as TerraformJson[];
      expect(widgets.length).toBeLessThanOrEqual(MAX_WIDGETS_PER_DASHBOARD);
      let metrics = 0;
      for (const w of widgets) {
        if (w.type === "alarm") expect(w.properties.alarms.length).toBeLessThanOrEqual(MAX_ALARMS_PER_WIDGET);
        metrics += w.properties.metrics?.length ?? 0;
      }
      expect(metrics).toBeLessThanOrEqual(MAX_METRICS_PER_DASHBOARD);
    }
  });
});

describe("part composites at any size (pure rendering)", () => {
  it("nests parts in levels when a symptom has more alarms than 50 parts hold, each rule within the limits", () => {
    const symptomAlarm = (i: number, symptom: "errors" | "latency") =>
      testAlarm(
        `qa-svc-function-with-a-long-name-${i}-${symptom}-warning`,
        { namespace: "AWS/Lambda", metricName: "Errors" },
        { service: "svc", resource: `fn-${i}`, preset: symptom, severity: "warning", symptom, runbookSlug: "x" },
      );
    const alarms = Array.from({ length: 3000 }, (_, i) => [symptomAlarm(i, "errors"), symptomAlarm(i, "latency")]).flat();
    const ctx = { env: "qa", runbookBaseUrl: "https://runbooks.example.com", actions: () => ["topic"] } as unknown as AlarmRenderContext;
    const composites = renderCompositeAlarms(ctx, alarms);
    const byName = new Map(composites.map((c) => [c.name, c]));
    const defined = new Set<string>(alarms.map((a) => a.name));
    for (const c of composites) {
      expect(compositeAlarmProblems(c), c.name).toEqual([]);
      // Every name a rule uses is defined before it (parts first), and the rule names exactly alarmNames.
      for (const n of c.alarmNames) expect(defined.has(n), `${c.name} -> ${n}`).toBe(true);
      expect([...c.rule.matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(c.alarmNames);
      defined.add(c.name);
    }
    expect(composites.some((c) => c.name.includes("-part2-"))).toBe(true);
    const top = composites[composites.length - 1];
    expect(top.name).toBe("qa-svc-composite-errorsWithLatency-critical");
    expect(top.alarmActions).toEqual(["topic"]);
    const reach = (name: string): string[] => byName.get(name)?.alarmNames.flatMap(reach) ?? [name];
    const leaves = top.alarmNames.flatMap(reach);
    expect(new Set(leaves)).toEqual(new Set(alarms.map((a) => a.name)));
    expect(leaves).toHaveLength(alarms.length);
  });
});
