import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../../environments";
import { renderArtifacts } from "../../../src/render/artifacts";
import { dashboardVariables } from "../../../src/render/runbooks/dashboard-links";
import { resolveEnvironment } from "../../../src/spec";
import { loadEnvironments } from "../../../stacks/environments";

/** Dev with many services, so the performance dashboard is split into pages: a link must land on the right one. */
function manyServices() {
  const dev = BUNDLED_ENVIRONMENTS.dev;
  const services = Array.from({ length: 200 }, (_, i) => ({
    name: `svc-${i}`,
    namespace: `team-${i % 3}`,
    slo: { availabilityPercent: 99.5 },
  }));
  return resolveEnvironment({ ...dev, name: "many", services });
}

interface PanelModel {
  readonly id?: number;
  readonly type?: string;
  readonly title?: string;
  readonly panels?: readonly PanelModel[];
}
const panels = (list: readonly PanelModel[] | undefined): PanelModel[] => (list ?? []).flatMap((p) => [p, ...panels(p.panels)]);

/** Panels by id (the first of an id, as a search in panel order finds it). */
function firstById(list: readonly PanelModel[]): Map<string, PanelModel> {
  const byId = new Map<string, PanelModel>();
  for (const p of list) if (!byId.has(String(p.id))) byId.set(String(p.id), p);
  return byId;
}

describe("dashboard links in runbooks", () => {
  const specs = [...loadEnvironments(), manyServices()];

  it("open a dashboard that exists, with variables it defines and a panel it has, for every alert a dashboard shows", () => {
    let links = 0;
    const rendered = new Map<string, ReturnType<typeof renderArtifacts>>();
    for (const spec of specs) {
      const artifacts = renderArtifacts(spec);
      rendered.set(spec.name, artifacts);
      const byUid = new Map(artifacts.dashboards.map((d) => [d.uid, d]));
      // Each dashboard's variables and panels by id, read once: a thousand links land on a few dozen dashboards.
      const variables = new Map(artifacts.dashboards.map((d) => [d.uid, dashboardVariables(d.model)]));
      const panelsById = new Map(artifacts.dashboards.map((d) => [d.uid, firstById(panels(d.model.panels as PanelModel[]))] as const));
      for (const alert of artifacts.alerts) {
        const page = artifacts.files[`runbooks/${alert.alert}.md`];
        const section = page.match(/\n## Dashboards\n([\s\S]*?)\n\n## /)?.[1] ?? "";
        const where = `${spec.name} ${alert.alert}`;
        // Every service alert opens its own service's view (its line of the section); every platform alert a dashboard.
        const service = alert.labels?.service;
        const lines = section.split("\n").filter((line) => !service || line.startsWith(`- ${service}: `));
        expect(lines.length, where).toBeGreaterThan(0);
        if (service) expect(lines.join("\n"), where).toContain(`var-service=${service}&`);
        for (const [, uid, query] of lines.join("\n").matchAll(/\/d\/([\w-]+)\?([^)`\s]+)/g)) {
          links++;
          const dashboard = byUid.get(uid);
          expect(dashboard, `${where}: uid ${uid}`).toBeDefined();
          if (!dashboard) continue;
          const params = new URLSearchParams(query);
          const defined = variables.get(uid) as Set<string>;
          for (const key of params.keys())
            if (key.startsWith("var-")) expect(defined.has(key.slice(4)), `${where}: ${key} on ${uid}`).toBe(true);
          expect(params.get("from"), where).toMatch(/^now-\d+h$/);
          const view = params.get("viewPanel");
          if (view) {
            const panel = panelsById.get(uid)?.get(view);
            expect(panel, `${where}: viewPanel ${view} on ${uid}`).toBeDefined();
            expect(panel?.type, `${where}: viewPanel ${view} on ${uid}`).not.toBe("row");
            // A service's panel is its own, not another service's on the same page.
            if (service && /^[\w-]+: /.test(panel?.title ?? "")) expect(panel?.title, where).toMatch(new RegExp(`^${service}: `));
          }
          // A namespace the spec knows is set; one only the alert knows is left for the reader, never guessed.
          const owner = spec.services.find((s) => s.name === service);
          if (owner && params.has("var-namespace")) expect(params.get("var-namespace"), where).toBe(owner.namespace);
        }
      }
    }
    expect(links).toBeGreaterThan(100);
    // The last service is on the last page of the split performance dashboard.
    const many = rendered.get("many") as ReturnType<typeof renderArtifacts>;
    expect(many.files["runbooks/ServiceHighLatency.md"]).toContain("/d/many-performance-3?var-service=svc-199&");
  });

  it("are clickable where the spec names the Grafana URL, and say how to reach Grafana where it does not", () => {
    const prod = renderArtifacts(loadEnvironments().find((s) => s.name === "prod") ?? resolveEnvironment(BUNDLED_ENVIRONMENTS.prod));
    expect(prod.files["runbooks/ServiceHighLatency.md"]).toMatch(
      /\[Application performance \(prod\) → checkout: latency\]\(https:\/\/[^)]+\/d\/prod-performance\?var-service=checkout&var-namespace=shop&/,
    );
    const dev = renderArtifacts(resolveEnvironment(BUNDLED_ENVIRONMENTS.dev));
    expect(dev.files["runbooks/HostHighCpuLoad.md"]).toContain("`/d/dev-resources?var-instance=<instance>&");
    expect(dev.files["runbooks/HostHighCpuLoad.md"]).toContain("the spec names no Grafana URL");
  });
});
