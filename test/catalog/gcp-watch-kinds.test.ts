import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ALARM_INTENTS } from "../../src/catalog/alarm-intents";
import { GCP_WATCH_KINDS, type GcpPreset, gcpRunbooks, gcpWatchKind, quote } from "../../src/catalog/gcp-monitoring";
import { watchSchemaOf } from "../../src/catalog/watch-kinds";
import { planEnvironment } from "../../src/plan/plan";
import { gcpDocSection } from "../../src/render/docs/gcp-section";
import { renderGcpMonitoring } from "../../src/render/gcp/monitoring";
import { fillRunbook } from "../../src/render/runbooks/facts";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import type { GcpCloudSpec } from "../../src/spec/clouds/gcp";
import { gcpWatchedFields } from "../../src/spec/clouds/gcp-watch";
import { fixtureRunbookPage } from "../support/runbook-pages";

/**
 * A Google Cloud watch kind that is not in the bundled registry: widget queues, with one preset on a metric whose
 * filter names the project (added by the kind's `resource`), a request rate for the seasonal anomaly policies and
 * runbook facts. Google Cloud has no Grafana dashboard of its own (src/catalog/dashboards/clouds.ts): none to follow.
 */
const widgetSchema = z.strictObject({
  ...gcpWatchedFields,
  widgetQueue: z.string().min(1),
  anomalyDetection: z.boolean().default(false),
});
type Widget = z.output<typeof widgetSchema> & { readonly project: string };
const WIDGET_PRESETS: readonly GcpPreset<Widget>[] = [
  {
    id: "backlog",
    intent: ALARM_INTENTS.queueDepth,
    source: (r) => ({
      kind: "threshold",
      filter: `resource.type = "widget_queue" AND resource.label.project_id = ${quote(r.project)} AND resource.label.queue = ${quote(r.widgetQueue)} AND metric.type = "widgets.example.com/queue/backlog"`,
      aggregation: { alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" },
    }),
    missingData: "noOp",
    diagnosis: ["`widgetctl backlog <queue> --project <project>`"],
  },
];
const widgetRate = (r: Widget) => `sum(rate(widgets_example_com:queue_requests{queue=${quote(r.widgetQueue)}}[5m]))`;
const fixture = {
  ...GCP_WATCH_KINDS,
  widgets: gcpWatchKind<typeof widgetSchema, Widget>({
    schema: widgetSchema,
    description: "Widget queues.",
    label: "Widget queues",
    identify: (r) => r.widgetQueue,
    service: "widget",
    resource: (entry, { project }) => ({ ...entry, project }),
    presets: WIDGET_PRESETS,
    requestRate: widgetRate,
    runbookFacts: (r) => ({ queue: r.widgetQueue }),
  }),
};

/** A Google Cloud environment whose `cloud.watch` is read with the fixture registry's schema. */
function specWith(watchInput: unknown): EnvironmentSpec {
  const spec = resolveEnvironment({
    name: "qa",
    relativeRunbookLinks: { reason: "a test fixture" },
    backend: { type: "local", allowLocalState: true },
    services: [{ name: "shop", namespace: "shop", team: "shop-team" }],
    channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
    cloud: { provider: "gcp", project: "shop-qa-1234", region: "europe-west1" },
  });
  const watch = watchSchemaOf(fixture).parse(watchInput);
  return { ...spec, cloud: { ...(spec.cloud as GcpCloudSpec), watch } as unknown as GcpCloudSpec };
}

describe("a Google Cloud watch kind added to a registry", () => {
  const spec = specWith({
    widgets: [
      {
        name: "orders-widgets",
        widgetQueue: "orders",
        service: "shop",
        anomalyDetection: true,
        thresholds: { queueDepth: { critical: 5000 } },
      },
    ],
  });
  const cloud = spec.cloud as GcpCloudSpec;

  it("is a list in cloud.watch with the shared fields, empty by default, and its own fields checked", () => {
    expect(watchSchemaOf(fixture).parse({}).widgets).toEqual([]);
    expect((cloud.watch as unknown as { widgets: Widget[] }).widgets[0]).toMatchObject({ name: "orders-widgets", service: "shop" });
    const bad = watchSchemaOf(fixture).safeParse({ widgets: [{ name: "w", widgetQueue: "", colour: "red" }] });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["widgets.0.widgetQueue", "widgets.0"]));
    // The bundled registry does not know the kind: a spec cannot name it by accident.
    expect(watchSchemaOf(GCP_WATCH_KINDS).safeParse({ widgets: [] }).success).toBe(false);
  });

  it("gets warning and critical alert policies from its presets, with the resource's overrides, owner and project", () => {
    const mine = renderGcpMonitoring(spec, cloud, fixture).policies.filter((p) => p.meta.preset === "backlog");
    expect(mine.map((p) => [p.name, p.condition.kind === "threshold" && p.condition.thresholdValue])).toEqual([
      ["qa-shop-orders-widgets-backlog-warning", 1000],
      ["qa-shop-orders-widgets-backlog-critical", 5000],
    ]);
    expect(mine[0].condition).toMatchObject({
      kind: "threshold",
      filter: expect.stringContaining('resource.label.project_id = "shop-qa-1234" AND resource.label.queue = "orders"'),
      aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" }],
    });
    expect(mine[0].userLabels).toMatchObject({ service: "shop", resource: "orders-widgets" });
    expect(mine[0].meta.runbookSlug).toBe("gcp-widget-backlog");
    // The policies are the plan's: the fixture registry flows through planEnvironment, which the bundled plan does not know.
    const planned = planEnvironment(spec, { gcpRegistry: fixture }).cloudAlarms.filter((a) => a.kind === "widgets");
    expect(planned.map((a) => a.name)).toEqual([
      ...mine.map((p) => p.name),
      "qa-shop-orders-widgets-trafficSurge-warning",
      "qa-shop-orders-widgets-trafficDrop-warning",
    ]);
    expect(planEnvironment(spec).cloudAlarms.some((a) => a.kind === "widgets")).toBe(false);
  });

  it("gets seasonal surge and drop policies on its request rate when the entry asks for anomaly detection", () => {
    const anomalies = renderGcpMonitoring(spec, cloud, fixture).policies.filter((p) => /traffic(Surge|Drop)/.test(p.meta.preset));
    expect(anomalies.map((p) => p.name)).toEqual([
      "qa-shop-orders-widgets-trafficSurge-warning",
      "qa-shop-orders-widgets-trafficDrop-warning",
    ]);
    expect(anomalies[0].condition.kind === "promql" && anomalies[0].condition.query).toContain(
      'widgets_example_com:queue_requests{queue="orders"}',
    );
    const quiet = specWith({ widgets: [{ name: "orders-widgets", widgetQueue: "orders" }] });
    expect(renderGcpMonitoring(quiet, quiet.cloud as GcpCloudSpec, fixture).policies.map((p) => p.meta.preset)).toEqual([
      "backlog",
      "backlog",
    ]);
  });

  it("gets a runbook with the intent's text and the preset's diagnosis, filled with the resource's facts", () => {
    const runbook = gcpRunbooks(fixture)["gcp-widget-backlog"];
    expect(runbook.meaning).toBe(ALARM_INTENTS.queueDepth.meaning);
    expect(gcpRunbooks()["gcp-widget-backlog"]).toBeUndefined();
    const alarm = gcpDocSection(spec, fixture).alarms.find((a) => a.name === "qa-shop-orders-widgets-backlog-critical");
    expect(alarm?.runbookFacts).toEqual({ project: "shop-qa-1234", region: "europe-west1", queue: "orders" });
    expect(fillRunbook(runbook, [{ name: "orders-widgets", facts: alarm?.runbookFacts ?? {} }]).diagnosis).toEqual([
      "`widgetctl backlog orders --project shop-qa-1234`",
    ]);
  });

  it("gets its runbook page in the plan, with the owner, and rendered with the resource's facts and the policies", () => {
    const file = fixtureRunbookPage(spec, { gcpRegistry: fixture }, "gcp-widget-backlog");
    expect(file).toContain(ALARM_INTENTS.queueDepth.meaning);
    expect(file).toContain("`widgetctl backlog orders --project shop-qa-1234`");
    expect(file).toContain("qa-shop-orders-widgets-backlog-critical (critical, shop)");
  });

  it("gets its row in the environment documentation, with the owner", () => {
    const doc = gcpDocSection(spec, fixture);
    expect(doc.collected).toEqual([["Widget queues: orders (shop)", "Cloud Monitoring metrics"]]);
    expect(doc.alarms.map((a) => a.name)).toContain("qa-shop-orders-widgets-trafficDrop-warning");
  });
});
