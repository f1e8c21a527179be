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
});
