import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../../environments";
import { CLOUD_RUNBOOKS } from "../../../src/catalog/cloud-runbooks";
import { renderArtifacts } from "../../../src/render/artifacts";
import { CLOUD_DOC_SECTIONS } from "../../../src/render/docs/cloud-sections";
import { type EnvironmentSpec, resolveEnvironment } from "../../../src/spec";
import { resourcesOf, synthEnvironments, type TerraformJson } from "../../support/synth";

const specs = Object.values(BUNDLED_ENVIRONMENTS)
  .map((input) => resolveEnvironment(input))
  .filter((spec) => spec.cloud);
let stacks: Record<string, TerraformJson>;

beforeAll(() => {
  stacks = synthEnvironments(specs);
});

/** The links of a page's Dashboards section. */
function dashboardLinks(page: string): string[] {
  const section = /\n## Dashboards\n([\s\S]*?)\n\n## /.exec(page)?.[1] ?? "";
  return [...section.matchAll(/\]\((https:\/\/[^)\s]+)\)/g)].map((m) => m[1]);
}

/** Every cloud runbook page of an environment, by slug. */
function cloudPages(spec: EnvironmentSpec): Array<[string, string]> {
  if (!spec.cloud) return [];
  const files = renderArtifacts(spec).files;
  return Object.keys(CLOUD_RUNBOOKS[spec.cloud.provider]()).map((slug) => [slug, files[`runbooks/${slug}.md`] ?? ""]);
}

describe("cloud runbook pages link where their alarms are seen, named as the synthesized stack names it", () => {
  it("covers every bundled environment with a cloud (AWS, Google Cloud and Azure)", () => {
    expect(new Set(specs.map((s) => s.cloud?.provider))).toEqual(new Set(["aws", "gcp", "azure"]));
  });

  it.each(specs.map((s) => [s.name, s] as const))("%s: every cloud page links the stack's dashboard or alert view", (_, spec) => {
    const stack = stacks[spec.name];
    const cloud = spec.cloud;
    if (!cloud) throw new Error("no cloud");
    const pages = cloudPages(spec);
    expect(pages.length).toBeGreaterThan(0);
    const alarms = CLOUD_DOC_SECTIONS[cloud.provider](spec).alarms;
    for (const [slug, page] of pages) {
      const links = dashboardLinks(page);
      expect(links.length, `${slug}: a Dashboards section`).toBeGreaterThan(0);
      if (cloud.provider === "aws") {
        const region = stack.provider.aws[0].region;
        const dashboards = resourcesOf(stack, "aws_cloudwatch_dashboard");
        expect(dashboards.length, "the stack creates CloudWatch dashboards").toBeGreaterThan(0);
        const linked = links.flatMap((url) => {
          const m =
            /^https:\/\/([a-z0-9-]+)\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=([a-z0-9-]+)#dashboards\/dashboard\/(.+)$/.exec(
              url,
            );
          return m && m[1] === region && m[2] === region ? dashboards.filter((d) => d.dashboard_name === decodeURIComponent(m[3])) : [];
        });
        expect(linked.length, `${slug}: a dashboard of the stack in ${region}: ${links.join(", ")}`).toBeGreaterThan(0);
        // The dashboard linked shows one of the page's alarms, when a dashboard of the stack shows any.
        const own = alarms.filter((a) => a.runbookSlug === slug).map((a) => a.name);
        const shows = (d: TerraformJson) => own.some((name) => String(d.dashboard_body).includes(`:alarm:${name}"`));
        if (dashboards.some(shows)) expect(linked.some(shows), `${slug}: ${links.join(", ")} shows ${own.join(", ")}`).toBe(true);
      } else if (cloud.provider === "gcp") {
        const projects = new Set(resourcesOf(stack, "google_monitoring_alert_policy").map((p) => p.project));
        expect(projects.size).toBe(1);
        const [project] = projects;
        expect(links).toContain(`https://console.cloud.google.com/monitoring/alerting/policies?project=${project}`);
      } else {
        const subscription = stack.provider.azurerm[0].subscription_id;
        const groups = new Set(
          [
            ...resourcesOf(stack, "azurerm_monitor_metric_alert"),
            ...resourcesOf(stack, "azurerm_monitor_scheduled_query_rules_alert_v2"),
          ].map((r) => r.resource_group_name),
        );
        expect(groups.size).toBeGreaterThan(0);
        for (const group of groups)
          expect(links, slug).toContain(`https://portal.azure.com/#resource/subscriptions/${subscription}/resourceGroups/${group}/alerts`);
      }
    }
  });
});
