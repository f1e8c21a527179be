import { describe, expect, it } from "vitest";
import { renderArtifacts } from "../../src/render/artifacts";
import { renderMonitoringDoc } from "../../src/render/docs/monitoring-doc";
import { resolveEnvironment } from "../../src/spec";
import { TEST_ENVIRONMENT } from "./environment";

const spec = resolveEnvironment(TEST_ENVIRONMENT);
const artifacts = renderArtifacts(spec);
const recorded = new Set(
  Object.values(artifacts.prometheusRules).flatMap((f) => f.groups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : [])))),
);
const metricsOf = (expr: string) => [...expr.matchAll(/([a-z_:0-9]+)\{/g)].map((m) => m[1]);

interface Panel {
  readonly title: string;
  readonly targets?: ReadonlyArray<{ expr: string; legendFormat?: string }>;
  readonly panels?: readonly Panel[];
}

describe("anomaly detection as people see it", () => {
  const dashboard = JSON.parse(artifacts.files["grafana/dashboards/performance.json"]) as { panels: Panel[] };
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const panel = (title: string) => {
    const found = panels.find((p) => p.title === title);
    if (!found) throw new Error(`no panel "${title}"`);
    return found;
  };

  it("draws actual, prediction and the band the alerts compare with, per service, from recorded series", () => {
    const traffic = panel("checkout: traffic against its prediction");
    expect(traffic.targets?.map((t) => t.legendFormat)).toEqual(["actual", "prediction", "band: surge above", "band: drop below"]);
    const latency = panel("checkout: p99 latency against its prediction");
    expect(latency.targets?.map((t) => t.legendFormat)).toEqual(["actual", "prediction", "band: anomaly above"]);
    for (const t of [...(traffic.targets ?? []), ...(latency.targets ?? [])]) {
      for (const metric of metricsOf(t.expr)) expect(recorded, metric).toContain(metric);
    }
    // The band drawn is the band alerted on.
    const expr = (alert: string) => artifacts.alerts.find((a) => a.alert === alert)?.expr ?? "";
    expect(expr("ServiceTrafficSurge")).toContain(metricsOf(traffic.targets?.[2]?.expr ?? "")[0]);
    expect(expr("ServiceTrafficDrop")).toContain(metricsOf(traffic.targets?.[3]?.expr ?? "")[0]);
    expect(expr("ServiceLatencyAnomaly")).toContain(metricsOf(latency.targets?.[2]?.expr ?? "")[0]);
    expect(panel("checkout: anomaly history").targets?.[0]?.expr).toContain("history_periods");
  });

  it("records the baseline in a slow group and alerts at the normal interval", () => {
    const group = (name: string) => artifacts.prometheusRules[name]?.groups[0];
    expect(group("anomaly-checkout-baseline")?.interval).toBe("5m");
    expect(group("anomaly-checkout-baseline")?.rules.every((r) => r.record)).toBe(true);
    expect(group("anomaly-checkout")?.interval).toBeUndefined();
    expect(group("anomaly-checkout")?.rules.map((r) => r.alert)).toEqual([
      "ServiceTrafficSurge",
      "ServiceTrafficDrop",
      "ServiceLatencyAnomaly",
      "ServiceAnomalyDetectionWarmingUp",
    ]);
  });

  it("runbooks tell how to compare actual, prediction and band", () => {
    for (const alert of ["ServiceTrafficSurge", "ServiceTrafficDrop", "ServiceLatencyAnomaly"]) {
      const runbook = artifacts.files[`runbooks/${alert}.md`];
      expect(runbook, alert).toMatch(/actual `job:[a-z_:0-9]+\{/);
      expect(runbook, alert).toContain(":prediction{");
      expect(runbook, alert).toContain(":anomaly_upper");
    }
  });

  it("the documentation explains the method, the warm-up and the cost of what is deployed", () => {
    const doc = renderMonitoringDoc(spec, artifacts);
    const section = doc.slice(doc.indexOf("## Anomaly detection"));
    expect(section).toContain("**Warm-up.**");
    const rules = artifacts.prometheusRules["anomaly-checkout-baseline"].groups[0].rules.length;
    expect(section).toContain(`Per service: ${rules} recording rules evaluated every 5 min`);
  });
});
