import { describe, expect, it } from "vitest";
import { ANOMALY_DETECTION } from "../../src/catalog/prometheus/anomaly-detection";
import { CatalogContext, COMPRESSED_RANGE_FLOOR_INTERVALS } from "../../src/catalog/prometheus/types";
import { catalogRuleGroups } from "../../src/catalog/rules";
import { renderArtifacts } from "../../src/render/artifacts";
import { type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { Duration } from "../../src/spec/duration";
import { TEST_ENVIRONMENT } from "./environment";

function tiers(input: EnvironmentInput, alert: string, service?: string) {
  const artifacts = renderArtifacts(resolveEnvironment(input));
  const found = artifacts.alerts.filter((a) => a.alert === alert && (!service || a.labels?.service === service));
  return Object.fromEntries(
    found.map((a) => [a.severity, { threshold: Number(a.expr.match(/[<>] (-?[\d.]+)$/)?.[1]), for: a.for?.toPrometheus() }]),
  );
}

const withServices = (extra: Partial<EnvironmentInput>): EnvironmentInput => ({ ...structuredClone(TEST_ENVIRONMENT), ...extra });

describe("threshold overrides from the spec", () => {
  it("use the catalog defaults when nothing is overridden", () => {
    expect(tiers(withServices({ thresholds: {} }), "HostHighCpuLoad")).toEqual({
      warning: { threshold: 80, for: "5m" },
      critical: { threshold: 90, for: "5m" },
    });
  });

  it("apply environment-wide overrides of thresholds and durations", () => {
    const input = withServices({ thresholds: { cpuUtilization: { warning: 70, critical: 85, for: "15m" } } });
    expect(tiers(input, "HostHighCpuLoad")).toEqual({ warning: { threshold: 70, for: "15m" }, critical: { threshold: 85, for: "15m" } });
  });

  it("let a service override the environment, field by field", () => {
    const input = withServices({ thresholds: { errorRatio: { warning: 3, critical: 8, for: "10m" } } });
    // TEST_ENVIRONMENT's checkout sets warning 1.5 and critical 4; the environment's `for` still applies.
    expect(tiers(input, "ServiceHighErrorRatio", "checkout")).toEqual({
      warning: { threshold: 1.5, for: "10m" },
      critical: { threshold: 4, for: "10m" },
    });
  });

  it("derive the latency alert from the service's objective unless the service overrides it", () => {
    expect(tiers(withServices({}), "ServiceHighLatency", "checkout")).toEqual({
      warning: { threshold: 300, for: "10m" },
      critical: { threshold: 600, for: "10m" },
    });
    const input = withServices({});
    input.services = [{ ...(input.services ?? [])[0], thresholds: { latencyP99: { critical: 450 } } }];
    expect(tiers(input, "ServiceHighLatency", "checkout")).toEqual({
      warning: { threshold: 300, for: "10m" },
      critical: { threshold: 450, for: "10m" },
    });
  });

  it("scale the burn-rate budget with the objective", () => {
    const input = withServices({});
    input.services = [{ ...(input.services ?? [])[0], slo: { availabilityPercent: 99 } }];
    const burn = renderArtifacts(resolveEnvironment(input)).alerts.find(
      (a) => a.alert === "ServiceErrorBudgetBurn" && a.severity === "critical",
    );
    expect(burn?.expr).toContain("> (14.4 * 0.01)");
  });
});

describe("time compression for drills", () => {
  it("scales every range, offset and for by one factor, and nothing else", () => {
    const spec = resolveEnvironment(TEST_ENVIRONMENT);
    const normal = catalogRuleGroups(new CatalogContext(spec));
    const fast = catalogRuleGroups(new CatalogContext(spec, { timeScale: 0.01 }));
    const cpu = (groups: typeof normal) =>
      groups.find((g) => g.name === "hosts")?.rules.find((r) => r.kind === "alert" && r.alert === "HostHighCpuLoad");
    const record = (groups: typeof normal) => groups.find((g) => g.name === "hosts")?.rules.find((r) => r.kind === "record");
    expect(record(normal)?.expr).toContain("[5m]");
    expect(record(fast)?.expr).toContain("[3s]");
    const [slow, quick] = [cpu(normal), cpu(fast)];
    if (slow?.kind !== "alert" || quick?.kind !== "alert") throw new Error("HostHighCpuLoad missing");
    expect(quick.for?.toSeconds()).toBe(3);
    expect(quick.expr).toBe(slow.expr);
    const burn = fast.find((g) => g.name === "slo-checkout")?.rules.find((r) => r.kind === "alert");
    expect(burn?.expr).toContain("offset 33s"); // 55 minutes x 0.01
  });

  it("gives compressed ranges a floor of a few evaluation intervals, and leaves offsets and uncompressed ranges alone", () => {
    const spec = resolveEnvironment(TEST_ENVIRONMENT);
    const fast = new CatalogContext(spec, { timeScale: 0.01 });
    // 1 minute x 0.01 would be a 1-second window: one scrape at most, an empty rate().
    expect(fast.range(Duration.minutes(1))).toBe(`${COMPRESSED_RANGE_FLOOR_INTERVALS}s`);
    expect(fast.offset(Duration.minutes(1))).toBe("1s");
    // The floor follows the server's evaluation interval...
    const slowServer = new CatalogContext(spec, { timeScale: 0.01, evaluationInterval: Duration.seconds(2) });
    expect(slowServer.range(Duration.minutes(5))).toBe(`${2 * COMPRESSED_RANGE_FLOOR_INTERVALS}s`);
    // ...or the interval of the group that writes the series read, when that is longer (3 s at 100x for 5 minutes).
    expect(fast.range(Duration.minutes(10), Duration.minutes(5))).toBe(`${3 * COMPRESSED_RANGE_FLOOR_INTERVALS}s`);
    expect(new CatalogContext(spec).range(Duration.minutes(1))).toBe("1m");
    expect(new CatalogContext(spec).range(Duration.minutes(10), Duration.minutes(5))).toBe("10m");
  });

  it("lets the anomaly alerts and their runbook queries read several baseline evaluations when compressed", () => {
    const artifacts = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT), { timeScale: 0.01 });
    const baseline = Math.round(ANOMALY_DETECTION.baselineInterval.toSeconds() * 0.01);
    const warming = artifacts.alerts.find((a) => a.alert === "ServiceAnomalyDetectionWarmingUp");
    if (!warming) throw new Error("ServiceAnomalyDetectionWarmingUp missing");
    const ranges = (text: string) => [...text.matchAll(/last_over_time\([^[]+\[(\w+)\]\)/g)].map((m) => Duration.parse(m[1]).toSeconds());
    const queries = [warming.expr, ...warming.runbook.diagnosis];
    const found = queries.flatMap(ranges);
    expect(found.length).toBeGreaterThan(1);
    for (const seconds of found) expect(seconds).toBeGreaterThanOrEqual(COMPRESSED_RANGE_FLOOR_INTERVALS * baseline);
  });
});
