// biome-ignore-all lint/suspicious/noExplicitAny: dashboard JSON models are untyped by nature
import { describe, expect, it } from "vitest";
import { renderArtifacts } from "../../src/render/artifacts";
import { exportDataSources } from "../../src/render/dashboards/data-sources";
import { renderDashboards } from "../../src/render/dashboards/render";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import { allPanels } from "../support/dashboards";
import { bundled } from "../support/synth";

const environments = (["dev", "staging", "prod"] as const).map((n) => resolveEnvironment(bundled(n)));

/** Alert rules of an environment, by alert name (all tiers). */
function alerts(spec: EnvironmentSpec, name: string): any[] {
  return Object.values(renderArtifacts(spec).prometheusRules).flatMap((file: any) =>
    file.groups.flatMap((group: any) => group.rules.filter((rule: any) => rule.alert === name)),
  );
}

/** An expression without its label matchers and spaces: the shape the panel and the alert must share. */
const shape = (expr: string) => expr.replace(/\{[^}]*\}/g, "").replace(/\s+/g, "");

function panel(spec: EnvironmentSpec, slug: string, title: string): any {
  const dashboard = renderDashboards(spec, exportDataSources(spec)).find((d) => d.slug === slug);
  const found = allPanels(dashboard?.model).find((p) => p.title === title);
  expect(found, `${spec.name}/${slug} panel "${title}"`).toBeDefined();
  return found;
}

/** Panels that draw what an alert compares, with that alert. */
const PAIRS = [
  { slug: "resources", title: "Volume space used", alert: "KubePersistentVolumeFillingUp" },
  { slug: "resources", title: "Disk space used", alert: "HostDiskAlmostFull" },
  { slug: "resources", title: "CPU utilisation", alert: "HostHighCpuLoad" },
  { slug: "resources", title: "Memory utilisation", alert: "HostMemoryPressure" },
] as const;

describe("panels with an alert behind them", () => {
  it("draw the expression the alert compares (so the panel reads what the alert sees)", () => {
    for (const spec of environments) {
      for (const pair of PAIRS) {
        const rules = alerts(spec, pair.alert);
        expect(rules.length, `${spec.name} ${pair.alert}`).toBeGreaterThan(0);
        const compared = shape(rules[0].expr.replace(/\s*(>=|>)\s*[\d.]+$/, ""));
        const drawn = panel(spec, pair.slug, pair.title).targets.map((t: any) => shape(t.expr));
        expect(drawn, `${spec.name} "${pair.title}" vs ${pair.alert}`).toContain(compared);
      }
    }
  });

  /** The alert's tiers as its rules compare them (severity -> value), for the series matching `job` when given. */
  function ruleTiers(spec: EnvironmentSpec, alert: string, factor: number, job?: string) {
    const rules = alerts(spec, alert).filter((r) => !job || r.expr.includes(`job="${job}"`));
    expect(rules.length, `${spec.name} ${alert} ${job ?? ""}`).toBeGreaterThan(0);
    const value = (severity: string) => {
      const rule = rules.find((r) => r.labels?.severity === severity);
      return rule ? Number((Number(/([\d.]+)$/.exec(rule.expr)?.[1]) * factor).toPrecision(12)) : undefined;
    };
    return [
      { value: null, color: "transparent" },
      ...(value("warning") !== undefined ? [{ value: value("warning"), color: "orange" }] : []),
      { value: value("critical"), color: "red" },
    ];
  }

  const overrideSteps = (p: any, name: string) =>
    p.fieldConfig.overrides
      .find((o: any) => o.matcher.id === "byName" && o.matcher.options === name)
      ?.properties.find((x: any) => x.id === "thresholds")?.value.steps;

  it("draw the warning and critical lines of the alert behind them, from the same resolved tiers (per service)", () => {
    const custom = resolveEnvironment({
      ...bundled("dev"),
      thresholds: { cpuUtilization: { warning: 61, critical: 71 }, diskUtilization: { critical: 97 } },
      services: (bundled("dev").services ?? []).map((s: any) => ({ ...s, thresholds: { errorRatio: { warning: 1.5, critical: 3 } } })),
    });
    for (const spec of [...environments, custom]) {
      for (const pair of PAIRS) {
        const p = panel(spec, pair.slug, pair.title);
        expect(p.fieldConfig.defaults.thresholds.steps, `${spec.name} "${pair.title}"`).toEqual(ruleTiers(spec, pair.alert, 1));
        expect(p.fieldConfig.defaults.custom.thresholdsStyle.mode).toBe("dashed");
      }
      for (const service of spec.services) {
        const latency = ruleTiers(spec, "ServiceHighLatency", 0.001, service.name);
        const errors = ruleTiers(spec, "ServiceHighErrorRatio", 0.01, service.name);
        expect(panel(spec, "performance", `${service.name}: latency`).fieldConfig.defaults.thresholds.steps).toEqual(latency);
        expect(overrideSteps(panel(spec, "performance", "p99 latency"), service.name), `${spec.name} ${service.name}`).toEqual(latency);
        expect(overrideSteps(panel(spec, "performance", "Error ratio"), service.name), `${spec.name} ${service.name}`).toEqual(errors);
        expect(overrideSteps(panel(spec, "overview", "Error ratio per service"), service.name)).toEqual(errors);
      }
    }
    // The overrides reach the panels: the custom environment's lines moved with its thresholds.
    expect(panel(custom, "resources", "CPU utilisation").fieldConfig.defaults.thresholds.steps.map((x: any) => x.value)).toEqual([
      null,
      61,
      71,
    ]);
  });
});
