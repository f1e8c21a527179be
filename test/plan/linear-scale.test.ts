import { describe, expect, it } from "vitest";
import { largeSpec } from "../../bench/large-spec";
import { planEnvironment } from "../../src/plan/plan";
import { renderAwsMonitoring } from "../../src/render/aws/monitoring";
import { planSummary } from "../../src/review/summarize-plan";
import type { EnvironmentSpec } from "../../src/spec";
import { resolveEnvironments } from "../../src/spec";
import type { AwsCloudSpec } from "../../src/spec/clouds/aws";
import { renderProblems } from "../../src/spec/render-checks";
import { AWS_RENDER_INPUTS } from "../support/alarms";

/**
 * Reads of the spec's growing lists (services, watched resources) while one environment is validated and rendered:
 * every renderer and the plan run (renderProblems renders the in-cluster alerting, the dashboards and the CloudWatch
 * alarms; renderAwsMonitoring the rest of the CloudWatch side, its dashboards too; planSummary the plan file). Doubling the environment may double the reads, not quadruple them: a renderer that scans every service or
 * resource for each one of them (a `find` per alarm, a plan per service) makes synth quadratic, which at 1,000
 * services costs minutes (npm run bench). Counted, not timed.
 */
function readsToRender(resources: number, services: number): number {
  const [spec] = resolveEnvironments([{ source: "scale", input: largeSpec(resources, services) }]);
  let reads = 0;
  const counted = <T extends object>(list: readonly T[]): readonly T[] =>
    new Proxy(list, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
  const cloud = spec.cloud as Extract<EnvironmentSpec["cloud"], { provider: "aws" }>;
  const watch = Object.fromEntries(Object.entries(cloud.watch).map(([kind, list]) => [kind, counted(list as readonly object[])]));
  const measured = { ...spec, services: counted(spec.services), cloud: { ...cloud, watch } } as EnvironmentSpec;
  expect(renderProblems(measured)).toEqual([]);
  expect(renderAwsMonitoring(measured, measured.cloud as AwsCloudSpec, AWS_RENDER_INPUTS).dashboards.length).toBeGreaterThan(0);
  const plan = planEnvironment(measured);
  expect(plan.runbooks.length).toBeGreaterThan(0);
  // The plan summary synth writes beside the stack (monitoring-plan.json).
  expect(planSummary(measured).alarms.length).toBeGreaterThan(0);
  return reads;
}

describe("rendering a large environment reads its lists a number of times linear in their length", () => {
  it("doubling the watched resources and services at most doubles the reads (plus a margin)", () => {
    const small = readsToRender(300, 30);
    const large = readsToRender(600, 60);
    expect(small).toBeGreaterThan(0);
    expect(large / small, `reads: ${small} at 300 resources / 30 services, ${large} at twice that`).toBeLessThan(2.25);
  });
});
