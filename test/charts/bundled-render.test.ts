import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chartArchive, chartsDir, HelmRenderError, helmAvailability, pinnedCharts, releasesOf, renderRelease } from "../support/helm";
import { bundledStacks, renderBundled } from "./bundled";

const helm = helmAvailability();

describe("pinned charts", () => {
  it("every chart a bundled stack installs is pinned in src/catalog/charts.ts", () => {
    const pinned = new Set(pinnedCharts().map((p) => `${p.chart}-${p.version}`));
    for (const stack of Object.values(bundledStacks())) {
      for (const release of releasesOf(stack)) expect(pinned, release.id).toContain(`${release.chart}-${release.version}`);
    }
  });

  it.skipIf(!existsSync(chartsDir()) && process.env.CI !== "true")(
    "every pinned chart version has its archive in the charts folder",
    () => {
      const missing = pinnedCharts()
        .map((pin) => chartArchive(pin))
        .filter((file) => !existsSync(file));
      expect(missing, "run scripts/pull-charts.sh into MONITORING_CHARTS_DIR").toEqual([]);
    },
  );
});

describe.skipIf(helm.skip)("every helm_release of every bundled environment renders with the pinned chart", () => {
  it("helm template accepts each release's values (the charts' fail checks and values.schema.json)", async () => {
    const rendered = await renderBundled();
    for (const [env, releases] of Object.entries(rendered)) {
      expect(releases.map((r) => r.release.id).sort(), env).toEqual(Object.keys(bundledStacks()[env].resource.helm_release).sort());
      for (const r of releases) expect(r.objects.length, `${env}/${r.release.name} renders objects`).toBeGreaterThan(0);
    }
  });

  it("a release whose values a chart refuses fails to render, with helm's message", async () => {
    const loki = releasesOf(bundledStacks().prod).find((r) => r.chart === "loki");
    if (!loki) throw new Error("prod has no Loki release");
    // Object storage without its bucket names: the Loki chart's own `fail` check.
    const broken = { ...loki, values: [...loki.values, "loki:\n  storage:\n    bucketNames: null\n"] };
    await expect(renderRelease(broken)).rejects.toThrow(HelmRenderError);
    await expect(renderRelease(broken)).rejects.toThrow(/bucket/i);
  });

  it("a value outside a chart's values.schema.json fails to render", async () => {
    const collector = releasesOf(bundledStacks().dev).find((r) => r.chart === "opentelemetry-collector");
    if (!collector) throw new Error("dev has no collector release");
    const broken = { ...collector, values: [...collector.values, "notAValueOfThisChart: true\n"] };
    await expect(renderRelease(broken)).rejects.toThrow(/notAValueOfThisChart|additional propert/i);
  });
});
