// biome-ignore-all lint/suspicious/noExplicitAny: synthesized Terraform JSON and dashboard models are untyped by nature
import { TerraformStack, Testing } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { alertmanagerUrl } from "../../modules/kube-prometheus";
import { Loki } from "../../modules/loki";
import { MAX_CONFIG_MAP_BYTES } from "../../src/render/config-maps";
import { checkEnvironment, type EnvironmentInput } from "../../src/spec";
import { helmAvailability, releasesOf, renderRelease } from "../support/helm";
import { bundled, helmValues, resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";

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
  let validated: ReturnType<typeof checkEnvironment>;
  beforeAll(() => {
    // validate's verdict, and the stack of the spec it returns (validating 200 services once, not again per test).
    validated = checkEnvironment(withServices(200));
    // A refusal fails the first test with the problems; the others have no stack to read.
    if (!validated.ok) return;
    stack = synthEnvironments([validated.spec])[validated.spec.name];
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
    expect(validated.ok, validated.ok ? "" : JSON.stringify(validated.problems)).toBe(true);
  });
});

describe("Loki's rule files: as many ConfigMaps as the 1 MiB limit requires, mounted into one directory", () => {
  it("1,000 services' log rules (1.2 MB) become two ConfigMaps within the limit, projected into the ruler's directory", async () => {
    const rule = (i: number) => `groups:\n  - name: logs-svc-${i}\n${"    # padding to a service's size\n".repeat(36)}`;
    const rules = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`logs-svc-${i}.yaml`, rule(i)]));
    const app = Testing.app();
    const stack = new TerraformStack(app, "t");
    new Loki(stack, "logs", {
      namespace: "obs",
      mode: "Monolithic",
      retentionPeriod: "72h",
      rules,
      alertmanagerUrl: alertmanagerUrl("obs"),
    });
    const json = JSON.parse(Testing.synth(stack));
    const maps = resourcesOf(json, "kubernetes_config_map_v1");
    expect(maps.map((m: any) => m.metadata.name).sort()).toEqual(["loki-rules", "loki-rules-2"]);
    for (const map of maps) expect(dataBytes(map)).toBeLessThanOrEqual(MAX_CONFIG_MAP_BYTES);
    // Every file once, in one of them.
    expect(maps.flatMap((m: any) => Object.keys(m.data)).sort()).toEqual(Object.keys(rules).sort());
    const [release] = resourcesOf(json, "helm_release");
    const values = helmValues(release);
    expect(values.singleBinary.extraVolumes).toEqual([
      { name: "rules", projected: { sources: [{ configMap: { name: "loki-rules" } }, { configMap: { name: "loki-rules-2" } }] } },
    ]);
    expect(values.singleBinary.extraVolumeMounts).toEqual([{ name: "rules", mountPath: "/etc/loki/rules/fake", readOnly: true }]);
    // The release waits for every rules ConfigMap.
    expect(release.depends_on).toEqual(expect.arrayContaining(maps.map(() => expect.stringMatching(/^kubernetes_config_map_v1\./))));
    expect(release.depends_on.filter((d: string) => d.startsWith("kubernetes_config_map_v1."))).toHaveLength(2);
    // The pinned chart renders the projected volume into the single binary's pod, mounted where the ruler reads.
    if (helmAvailability().skip) return;
    const { objects } = await renderRelease(releasesOf(json)[0]);
    const pod = objects.find((o) => o.kind === "StatefulSet" && o.metadata.name === "loki")?.spec.template.spec;
    expect(pod?.volumes).toContainEqual(values.singleBinary.extraVolumes[0]);
    const loki = pod?.containers.find((c: any) => c.name === "loki");
    expect(loki?.volumeMounts).toContainEqual({ name: "rules", mountPath: "/etc/loki/rules/fake", readOnly: true });
  }, 240_000);
});
