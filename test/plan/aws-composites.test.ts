import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { largeSpec } from "../../bench/large-spec";
import { MAX_ALARMS_PER_COMPOSITE_RULE, MAX_COMPOSITE_RULE_LENGTH } from "../../src/catalog/cloudwatch";
import { PLATFORM_OWNER } from "../../src/model/owner";
import { planAwsComposites } from "../../src/plan/aws-alarms";
import { planEnvironment } from "../../src/plan/plan";
import { planSummary } from "../../src/review/summarize-plan";
import { resolveEnvironment } from "../../src/spec";
import { dnsLabelSchema } from "../../src/spec/primitives";
import { resourcesOf, synthEnvironment, type TerraformJson } from "../support/synth";

/** 500 Lambda functions of one service: 1,000 warning-tier alarms, more than one composite rule may name. */
function oneServiceWithLambdas(count: number) {
  const input = largeSpec(0, 1);
  const cloud = input.cloud as { watch: Record<string, unknown> };
  cloud.watch = {
    lambdaFunctions: Array.from({ length: count }, (_, i) => ({ name: `fn-${i}`, functionName: `fn-${i}`, service: "svc-0" })),
  };
  return input;
}

const ruleNames = (rule: string) => [...rule.matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1]);

describe("the plan's CloudWatch composites", () => {
  const input = oneServiceWithLambdas(500);
  const planned = planEnvironment(resolveEnvironment(input)).cloudComposites;

  it("are the synthesized composite alarms: names, rules, members and who notifies", () => {
    const stack = synthEnvironment(input);
    const synthesized = resourcesOf(stack, "aws_cloudwatch_composite_alarm").flatMap((r) =>
      Object.entries(r.for_each as Record<string, TerraformJson>).map(([name, v]): TerraformJson => ({ name, ...v })),
    );
    // The service composite is split: parts of each symptom, then the composite naming them.
    expect(planned.filter((c) => c.part).length).toBeGreaterThan(2);
    expect(planned.at(-1)?.name).toBe("large-svc-0-composite-errorsWithLatency-critical");
    for (const c of planned) {
      expect(c.rule.length, c.name).toBeLessThanOrEqual(MAX_COMPOSITE_RULE_LENGTH);
      expect(c.alarmNames.length, c.name).toBeLessThanOrEqual(MAX_ALARMS_PER_COMPOSITE_RULE);
      expect(ruleNames(c.rule), c.name).toEqual(c.alarmNames);
    }
    // Terraform orders for_each keys by name; the plan orders parts before the composites that name them.
    const byName = <T extends { name: string }>(list: T[]) => list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const synthesizedRules = synthesized.map((c) => ({
      name: c.name,
      rule: c.alarm_rule,
      members: ruleNames(c.alarm_rule),
      notifies: c.alarm_actions.length > 0,
    }));
    const plannedRules = planned.map((c) => ({ name: c.name, rule: c.rule, members: [...c.alarmNames], notifies: !c.part }));
    expect(byName(synthesizedRules)).toEqual(byName(plannedRules));
  });

  it("are the plan summary's composites (the one that diff and cost read)", () => {
    const summarized = planSummary(resolveEnvironment(input)).alarms.filter((a) => a.kind === "composite");
    expect(summarized.map((a) => ({ name: a.name, members: a.members, notifies: a.actions.length > 0 }))).toEqual(
      planned.map((c) => ({ name: c.name, members: c.alarmNames, notifies: !c.part })),
    );
  });
});

describe("the members of a service's composites", () => {
  it("are its preset alarms: never an anomaly band, floor or anomaly composite, though the service has them", () => {
    const input = largeSpec(0, 1);
    (input.cloud as { watch: Record<string, unknown> }).watch = {
      loadBalancers: [{ name: "alb", loadBalancerName: "svc-0-public", service: "svc-0", anomalyDetection: true }],
    };
    const plan = planEnvironment(resolveEnvironment(input));
    const origins = new Map(plan.cloudAlarms.map((a) => [a.name, a.origin]));
    expect([...origins.values()], "the service has anomaly alarms").toContain("anomalyFloor");
    const members = plan.cloudComposites.filter((c) => !c.part).flatMap((c) => c.alarmNames);
    expect(members.length).toBeGreaterThan(0);
    for (const name of members) expect(origins.get(name), name).toBe("preset");
  });
});

describe("the order of the service composites", () => {
  it("is the locale order of the service names, for every service name a spec accepts", () => {
    // planAwsComposites sorts by code unit (no ICU collator at start-up): for DNS labels that is the locale order.
    // Every name dnsLabelSchema accepts has this form (one letter included); the filter keeps the two in step.
    const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/).filter((s) => dnsLabelSchema.safeParse(s).success);
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(label, fc.constant(PLATFORM_OWNER)), { minLength: 2, maxLength: 12 }), (services) => {
        const candidates = services.flatMap((service) =>
          (["errors", "latency"] as const).map((symptom) => ({
            name: `${service}-${symptom}`,
            service,
            severity: "warning" as const,
            symptom,
          })),
        );
        const planned = planAwsComposites({ env: "e", runbookBaseUrl: "https://runbooks.example.com" }, candidates);
        expect(planned.map((c) => c.service)).toEqual([...services].sort((a, b) => a.localeCompare(b)));
      }),
      { numRuns: 300 },
    );
  });
});
