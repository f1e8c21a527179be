import { beforeEach, describe, expect, it, vi } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { cloudCostEstimate } from "../../src/cli/cost";
import { planEnvironment } from "../../src/plan/plan";
import { DEFAULT_ASSUMPTIONS } from "../../src/review/cost";
import { resolveEnvironment } from "../../src/spec";

/** `cost` on Google Cloud and Azure counts the plan's alarms: it never renders the provider definitions again. */

// Validation renders once (what it accepts must synthesize); the estimate that follows must not.
const rendering = vi.hoisted(() => ({ forbidden: false }));

vi.mock("../../src/render/gcp/monitoring", async (original) => {
  const actual = await original<typeof import("../../src/render/gcp/monitoring")>();
  return {
    ...actual,
    renderGcpMonitoring: (...args: Parameters<typeof actual.renderGcpMonitoring>) => {
      if (rendering.forbidden) throw new Error("cost rendered the Google alert policies instead of reading the plan");
      return actual.renderGcpMonitoring(...args);
    },
  };
});
vi.mock("../../src/render/azure/monitoring", async (original) => {
  const actual = await original<typeof import("../../src/render/azure/monitoring")>();
  return {
    ...actual,
    renderAzureMonitoring: (...args: Parameters<typeof actual.renderAzureMonitoring>) => {
      if (rendering.forbidden) throw new Error("cost rendered the Azure alerts instead of reading the plan");
      return actual.renderAzureMonitoring(...args);
    },
  };
});

describe("cost reads the plan's cloud alarms", () => {
  beforeEach(() => {
    rendering.forbidden = false;
  });

  it("counts Google alert policy conditions, PromQL ones and uptime checks from the plan", () => {
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.gcp);
    rendering.forbidden = true;
    const alarms = planEnvironment(spec).cloudAlarms;
    const promql = alarms.filter((a) => a.comparison.kind === "query").length;
    const uptime = alarms.filter((a) => a.origin === "uptime").length;
    expect(promql).toBeGreaterThan(0);
    expect(uptime).toBeGreaterThan(0);
    const unpriced = cloudCostEstimate(spec, DEFAULT_ASSUMPTIONS)?.unpriced.join("\n");
    expect(unpriced).toContain(`${alarms.length} alert policy conditions (${alarms.length - promql} metric threshold, ${promql} PromQL)`);
    expect(unpriced).toContain(`${uptime} uptime check`);
  });

  it("counts Azure metric and log search alert rules, and log rules per evaluation frequency, from the plan", () => {
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.azure);
    rendering.forbidden = true;
    const alarms = planEnvironment(spec).cloudAlarms;
    const rule = (a: (typeof alarms)[number]) => (a.evaluation.cloud === "azure" ? a.evaluation.rule : undefined);
    const logs = alarms.filter((a) => rule(a) === "log");
    expect(logs.length).toBeGreaterThan(0);
    const unpriced = cloudCostEstimate(spec, DEFAULT_ASSUMPTIONS)?.unpriced.join("\n");
    expect(unpriced).toContain(`metric alert rules (price not confirmed`);
    expect(unpriced).toMatch(new RegExp(`: ${alarms.length - logs.length} rules, \\d+ of them over every resource of a type`));
    expect(unpriced).toContain(`: ${logs.length} rules (`);
  });
});
