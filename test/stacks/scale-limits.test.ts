// biome-ignore-all lint/suspicious/noExplicitAny: synthesized Terraform JSON and dashboard models are untyped by nature
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_CONFIG_MAP_BYTES } from "../../src/render/dashboards/limits";
import { type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { bundled, resourcesOf, synthEnvironment, type TerraformJson } from "../support/synth";

/** The bundled dev environment with `count` services, each with an objective and a KPI (the panels that grow). */
function withServices(count: number): EnvironmentInput {
  const input = bundled("dev");
  return {
    ...input,
    services: Array.from({ length: count }, (_, i) => ({
      name: `svc-${i}`,
      namespace: `team-${i % 7}`,
      slo: { availabilityPercent: 99.9, latencyP99Ms: 300 },
      kpis: [{ metric: `svc_${i}_orders_total` }],
    })),
  };
}

/** What Terraform hands to the API for a string: `$${` and `%%{` are escapes of a literal `${` and `%{`. */
const terraformUnescape = (text: string) => text.replaceAll("$${", "${").replaceAll("%%{", "%{");

const dashboardMaps = (stack: TerraformJson) =>
  resourcesOf(stack, "kubernetes_config_map_v1").filter((c: any) => c.metadata.labels?.grafana_dashboard === "1");

/** Bytes of a ConfigMap's data as the API server receives it (keys counted too). */
const dataBytes = (map: any) =>
  Object.entries(map.data as Record<string, string>).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(terraformUnescape(value)),
    0,
  );

describe("200 services: dashboards split before the 1 MiB a ConfigMap holds", () => {
  let stack: TerraformJson;
  let dashboards: Array<{ slug: string; model: any }>;
  beforeAll(() => {
    stack = synthEnvironment(withServices(200));
    dashboards = dashboardMaps(stack).map((map: any) => {
      const [[file, json]] = Object.entries(map.data as Record<string, string>);
      return { slug: file.replace(/\.json$/, ""), model: JSON.parse(terraformUnescape(json)) };
    });
  });

  it("synthesizes, and every dashboard ConfigMap is within the limit", () => {
    expect(dashboardMaps(stack).length).toBeGreaterThan(0);
    for (const map of dashboardMaps(stack)) expect(dataBytes(map), map.metadata.name).toBeLessThanOrEqual(MAX_CONFIG_MAP_BYTES);
  });

  it("the performance dashboard becomes pages that together show every service once; page 1 keeps its uid", () => {
    const pages = dashboards.filter((d) => /^performance(-\d+)?$/.test(d.slug));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.find((p) => p.slug === "performance")?.model.uid).toBe("dev-performance");
    const shown = pages.flatMap((p) => p.model.templating.list.find((v: any) => v.name === "service").options.map((o: any) => o.value));
    expect(shown.sort()).toEqual(Array.from({ length: 200 }, (_, i) => `svc-${i}`).sort());
    for (const page of pages) {
      // Each page links to every other page, named by the services it holds.
      const links = page.model.links.filter((l: any) => /^Application performance: services /.test(l.title)).map((l: any) => l.url);
      expect(links.sort()).toEqual(
        pages
          .filter((p) => p !== page)
          .map((p) => `/d/${p.model.uid}`)
          .sort(),
      );
    }
  });

  it("other dashboards link to the first page only, never to each page", () => {
    const overview = dashboards.find((d) => d.slug === "overview")?.model;
    const urls = overview.links.map((l: any) => l.url);
    expect(urls).toContain("/d/dev-performance");
    expect(urls.filter((u: string) => u.startsWith("/d/dev-performance-"))).toEqual([]);
  });

  it("validate accepts the spec (what validate accepts must synthesize, and the reverse)", () => {
    expect(() => resolveEnvironment(withServices(200))).not.toThrow();
  });
});
