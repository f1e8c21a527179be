import { describe, expect, it } from "vitest";
import { largeSpec } from "../../bench/large-spec";
import {
  ALARM_ARN_CHARACTERS,
  AWS_WATCH_KINDS,
  MAX_DASHBOARD_BODY_CHARACTERS,
  MAX_METRICS_PER_DASHBOARD,
  MAX_WIDGETS_PER_DASHBOARD,
} from "../../src/catalog/cloudwatch";
import { dashboardGraphs, planDashboardPages } from "../../src/plan/aws-dashboards";
import { planEnvironment } from "../../src/plan/plan";
import { renderArtifacts } from "../../src/render/artifacts";
import { renderAwsMonitoring } from "../../src/render/aws/monitoring";
import { awsDocSection } from "../../src/render/docs/aws-section";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import type { AwsCloudSpec } from "../../src/spec/clouds/aws";
import { AWS_RENDER_INPUTS } from "../support/alarms";
import { bundled } from "../support/synth";

/** Many watched resources of every kind, ALBs with anomaly detection: the CloudWatch dashboard splits into pages. */
function manyResources(): EnvironmentSpec {
  const input = largeSpec(1800, 4) as { cloud: { dashboard?: boolean; watch: { loadBalancers: Array<Record<string, unknown>> } } };
  input.cloud.dashboard = true;
  input.cloud.watch.loadBalancers = input.cloud.watch.loadBalancers.map((lb) => ({ ...lb, anomalyDetection: true }));
  return resolveEnvironment(input);
}

const cloudOf = (spec: EnvironmentSpec) => spec.cloud as AwsCloudSpec;

describe("the plan decides which CloudWatch dashboard shows each alarm", () => {
  const large = manyResources();
  const specs = [resolveEnvironment(bundled("prod")), resolveEnvironment(bundled("staging")), large];

  it("splits a large environment, and the stack's dashboards are the plan's, alarm for alarm", () => {
    for (const spec of specs) {
      const planned = planEnvironment(spec).cloudDashboards;
      const rendered = renderAwsMonitoring(spec, cloudOf(spec), AWS_RENDER_INPUTS).dashboards;
      expect(
        rendered.map((d) => ({ name: d.name, alarms: d.alarms })),
        spec.name,
      ).toEqual(planned.map((d) => ({ name: d.name, alarms: d.alarms })));
      // Each graph draws the tiers of one preset on one resource, as planned.
      const titles = (d: (typeof rendered)[number]) => d.body.widgets.filter((w) => w.type === "metric").map((w) => w.properties.title);
      const alarmsOf = new Map(planEnvironment(spec).cloudAlarms.map((a) => [a.name, a]));
      expect(rendered.map(titles)).toEqual(
        planned.map((d) => d.graphs.map(([first]) => `${alarmsOf.get(first)?.resource}: ${alarmsOf.get(first)?.preset}`)),
      );
    }
    expect(planEnvironment(large).cloudDashboards.length).toBeGreaterThan(2);
  });

  it("sizes every graph at least as large as the widget the renderer writes, with as many metric rows", () => {
    for (const spec of specs) {
      const plan = planEnvironment(spec);
      const graphs = dashboardGraphs(spec.name, cloudOf(spec), plan.cloudAlarms, AWS_WATCH_KINDS);
      const dashboards = renderAwsMonitoring(spec, cloudOf(spec), AWS_RENDER_INPUTS).dashboards;
      const widgets = dashboards.flatMap((d) => d.body.widgets.filter((w) => w.type === "metric"));
      expect(widgets.length, spec.name).toBe(graphs.length);
      widgets.forEach((widget, i) => {
        const where = `${spec.name}: ${widget.properties.title}`;
        expect(JSON.stringify(widget).length, where).toBeLessThanOrEqual(graphs[i].characters);
        expect((widget.properties.metrics as unknown[]).length, where).toBe(graphs[i].metrics);
      });
      const region = cloudOf(spec).region;
      for (const name of dashboards.flatMap((d) => d.alarms ?? []))
        expect(AWS_RENDER_INPUTS.alarmArn(name).length).toBeLessThanOrEqual(ALARM_ARN_CHARACTERS + region.length + name.length);
      for (const d of dashboards) {
        expect(JSON.stringify(d.body).length, d.name).toBeLessThanOrEqual(MAX_DASHBOARD_BODY_CHARACTERS);
        expect(d.body.widgets.length, d.name).toBeLessThanOrEqual(MAX_WIDGETS_PER_DASHBOARD);
      }
    }
  });

  it("is what the docs and the runbook pages link, without rendering the stack's dashboards", () => {
    const plan = planEnvironment(large);
    expect(awsDocSection(large).dashboards).toEqual(plan.cloudDashboards);
    // A runbook page links the dashboards that show its alarms, not every page.
    const page = renderArtifacts(large).files["runbooks/aws-lambda-throttles.md"];
    const linked = [...page.matchAll(/\[CloudWatch dashboard ([^\]]+)\]/g)].map((m) => m[1]);
    // The alarms of that runbook, by name (a set: the large plan has thousands of alarms on many dashboards).
    const ofRunbook = new Set(plan.cloudAlarms.filter((a) => a.runbookSlug === "aws-lambda-throttles").map((a) => a.name));
    const showing = plan.cloudDashboards.filter((d) => d.alarms.some((name) => ofRunbook.has(name))).map((d) => d.name);
    expect(linked).toEqual(showing);
    expect(showing.length).toBeLessThan(plan.cloudDashboards.length);
  });

  it("plans no dashboard when the spec asks for none", () => {
    const spec = resolveEnvironment(bundled("prod"));
    const none = { ...spec, cloud: { ...cloudOf(spec), dashboard: false } } as EnvironmentSpec;
    expect(planEnvironment(none).cloudDashboards).toEqual([]);
    expect(planEnvironment(spec).cloudDashboards.map((d) => d.name)).toEqual(["prod-monitoring"]);
  });
});

describe("planDashboardPages", () => {
  const graph = (block: number, preset: number, size: Partial<{ metrics: number; characters: number }>) => ({
    block: `svc/r${block}`,
    alarms: [`r${block}-p${preset}-warning`, `r${block}-p${preset}-critical`],
    metrics: size.metrics ?? 1,
    characters: size.characters ?? 500,
  });
  const blocksOf = (names: readonly string[]) => new Set(names.map((n) => n.split("-")[0]));

  it("starts a new dashboard before the body budget, keeping each resource's graphs together", () => {
    const graphs = Array.from({ length: 12 }, (_, b) => [graph(b, 0, { characters: 50_000 }), graph(b, 1, { characters: 50_000 })]).flat();
    const pages = planDashboardPages("e", "eu-west-1", graphs);
    expect(pages.map((p) => p.name)).toEqual(["e-monitoring", "e-monitoring-2", "e-monitoring-3"]);
    expect(pages.map((p) => p.alarms.length)).toEqual([16, 16, 16]);
    const seen = pages.map((p) => blocksOf(p.alarms));
    for (const [i, blocks] of seen.entries())
      for (const b of blocks) for (const other of seen.slice(i + 1)) expect(other.has(b)).toBe(false);
  });

  it("starts a new dashboard before CloudWatch's metrics limit", () => {
    const graphs = Array.from({ length: 5 }, (_, b) => graph(b, 0, { metrics: 1000 }));
    const pages = planDashboardPages("e", "eu-west-1", graphs);
    expect(pages.map((p) => p.alarms.length)).toEqual([4, 4, 2]);
    expect(2 * 1000).toBeLessThanOrEqual(MAX_METRICS_PER_DASHBOARD);
  });

  it("refuses a resource whose graphs fill more than one dashboard", () => {
    const graphs = Array.from({ length: 500 }, (_, p) => graph(0, p, {}));
    expect(() => planDashboardPages("e", "eu-west-1", graphs)).toThrow(/one resource needs 510 dashboard widgets/);
  });
});
