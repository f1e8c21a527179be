import { describe, expect, it, vi } from "vitest";
import { largeSpec } from "../../bench/large-spec";
import { planEnvironment } from "../../src/plan/plan";
import { planSummary } from "../../src/review/summarize-plan";
import { resolveEnvironment } from "../../src/spec";

/** The plan summary (what `diff` and `cost` read) lists the plan's composites: it never asks the AWS renderer. */

// Validation renders once (what it accepts must synthesize); the summary that follows must not.
const rendering = vi.hoisted(() => ({ forbidden: false }));

vi.mock("../../src/render/aws/alarms", async (original) => {
  const actual = await original<typeof import("../../src/render/aws/alarms")>();
  return {
    ...actual,
    compositeAlarmDefinitions: (...args: Parameters<typeof actual.compositeAlarmDefinitions>) => {
      if (rendering.forbidden) throw new Error("the plan summary rendered CloudWatch composites instead of reading the plan");
      return actual.compositeAlarmDefinitions(...args);
    },
  };
});

describe("the plan summary's CloudWatch composites", () => {
  it("come from plan.cloudComposites, part composites included", () => {
    const input = largeSpec(0, 1);
    const cloud = input.cloud as { watch: Record<string, unknown> };
    cloud.watch = {
      lambdaFunctions: Array.from({ length: 200 }, (_, i) => ({ name: `fn-${i}`, functionName: `fn-${i}`, service: "svc-0" })),
    };
    const spec = resolveEnvironment(input);
    rendering.forbidden = true;
    const planned = planEnvironment(spec).cloudComposites;
    expect(planned.some((c) => c.part)).toBe(true);
    const summarized = planSummary(spec).alarms.filter((a) => a.kind === "composite");
    expect(summarized.map((a) => [a.name, a.members])).toEqual(planned.map((c) => [c.name, c.alarmNames]));
  });
});
