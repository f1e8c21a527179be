import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ALARM_INTENTS } from "../../src/catalog/alarm-intents";
import { AWS_WATCH_KINDS, type CloudWatchPreset, cloudWatchRunbooks, watchKind } from "../../src/catalog/cloudwatch";
import { awsPanels } from "../../src/catalog/dashboards/aws";
import { metric } from "../../src/catalog/dashboards/aws-panels";
import { watchSchemaOf } from "../../src/catalog/watch-kinds";
import { renderAwsMonitoring } from "../../src/render/aws/monitoring";
import { exportDataSources } from "../../src/render/dashboards/data-sources";
import { awsDocSection } from "../../src/render/docs/aws-section";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import type { AwsCloudSpec } from "../../src/spec/clouds/aws";
import { watchedFields } from "../../src/spec/clouds/aws-watch";
import { AWS_RENDER_INPUTS } from "../support/alarms";
import { fixtureRunbookPage } from "../support/runbook-pages";

/** A watch kind that is not in the bundled registry: a queue of widgets, with one preset and one dashboard row. */
const widgetSchema = z.strictObject({ ...watchedFields, widgetQueue: z.string().min(1) });
type Widget = z.output<typeof widgetSchema>;
const WIDGET_PRESETS: readonly CloudWatchPreset<Widget>[] = [
  {
    id: "backlog",
    intent: ALARM_INTENTS.queueDepth,
    source: (r) => ({
      kind: "metric",
      metric: { namespace: "Widgets", metricName: "Backlog", dimensions: { Queue: r.widgetQueue }, statistic: "Maximum" },
    }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: ["`widgetctl backlog <queue>`"],
  },
];
const fixture = {
  ...AWS_WATCH_KINDS,
  widgets: watchKind({
    schema: widgetSchema,
    description: "Widget queues.",
    label: "Widget queues",
    identify: (r) => r.widgetQueue,
    service: "widget",
    presets: WIDGET_PRESETS,
    dashboard: (p, widgets) => {
      p.section(
        "widget",
        "Widget queues",
        widgets.map((w) => [w.name, w.widgetQueue]),
        "Widgets ${widget}",
      );
      p.chart("Backlog", [metric(p.region, "Widgets", "Backlog", { Queue: "$widget" }, "Maximum")]);
    },
  }),
};

const inputs = AWS_RENDER_INPUTS;

/** The bundled spec of an AWS environment whose `cloud.watch` is read with the fixture registry's schema. */
function specWith(watchInput: unknown): EnvironmentSpec {
  const spec = resolveEnvironment({
    name: "qa",
    relativeRunbookLinks: { reason: "a test fixture" },
    backend: { type: "s3", bucket: "qa-terraform-state", dynamodbTable: "qa-terraform-locks" },
    services: [{ name: "shop", namespace: "shop", team: "shop-team" }],
    channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
    cloud: { provider: "aws", region: "eu-west-1" },
  });
  const watch = watchSchemaOf(fixture).parse(watchInput);
  return { ...spec, cloud: { ...(spec.cloud as AwsCloudSpec), watch } as unknown as AwsCloudSpec };
}

describe("a watch kind added to a registry", () => {
  const spec = specWith({
    widgets: [{ name: "orders-widgets", widgetQueue: "orders", service: "shop", thresholds: { queueDepth: { critical: 5000 } } }],
  });
  const cloud = spec.cloud as AwsCloudSpec;

  it("is a list in cloud.watch with the shared fields, empty by default, and its own fields checked", () => {
    expect(watchSchemaOf(fixture).parse({}).widgets).toEqual([]);
    const parsed = (cloud.watch as unknown as { widgets: Widget[] }).widgets[0];
    expect(parsed).toMatchObject({ name: "orders-widgets", service: "shop", widgetQueue: "orders" });
    const bad = watchSchemaOf(fixture).safeParse({ widgets: [{ name: "w", widgetQueue: "", colour: "red" }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["widgets.0.widgetQueue", "widgets.0"]));
    // The bundled registry does not know the kind: a spec cannot name it by accident.
    expect(watchSchemaOf(AWS_WATCH_KINDS).safeParse({ widgets: [] }).success).toBe(false);
  });

  it("gets warning and critical alarms from its presets, with the resource's overrides and owner", () => {
    const { alarms } = renderAwsMonitoring(spec, cloud, inputs, fixture);
    const mine = alarms.filter((a) => a.meta?.preset === "backlog");
    expect(mine.map((a) => [a.name, a.threshold])).toEqual([
      ["qa-shop-orders-widgets-backlog-warning", 1000],
      ["qa-shop-orders-widgets-backlog-critical", 5000],
    ]);
    expect(mine[0].source).toEqual({
      kind: "metric",
      metric: { namespace: "Widgets", metricName: "Backlog", dimensions: { Queue: "orders" }, statistic: "Maximum" },
      periodSeconds: 60,
    });
    expect(mine[0].meta?.runbookSlug).toBe("aws-widget-backlog");
  });

  it("gets a runbook with the intent's text and the preset's diagnosis", () => {
    const runbook = cloudWatchRunbooks(fixture)["aws-widget-backlog"];
    expect(runbook.meaning).toBe(ALARM_INTENTS.queueDepth.meaning);
    expect(runbook.diagnosis).toEqual(["`widgetctl backlog <queue>`"]);
    expect(cloudWatchRunbooks()["aws-widget-backlog"]).toBeUndefined();
  });

  it("gets its runbook page in the plan, with the owner, and rendered with the preset's diagnosis and the alarms", () => {
    const file = fixtureRunbookPage(spec, { awsRegistry: fixture }, "aws-widget-backlog");
    expect(file).toContain(ALARM_INTENTS.queueDepth.meaning);
    expect(file).toContain("`widgetctl backlog <queue>`");
    expect(file).toContain("qa-shop-orders-widgets-backlog-critical (critical, shop)");
  });

  it("gets a CloudWatch dashboard widget per preset and its rows on the Grafana AWS dashboard", () => {
    const { dashboards } = renderAwsMonitoring(spec, cloud, inputs, fixture);
    const titles = dashboards.flatMap((d) => d.body.widgets.map((w) => w.properties.title));
    expect(titles).toContain("orders-widgets: backlog");
    const model = awsPanels(
      { spec, dataSources: exportDataSources(spec), uid: (slug) => `qa-${slug}`, slugs: new Set(["aws"]) },
      cloud,
      fixture,
    ).build();
    const variable = model.templating?.list?.find((v) => v.name === "widget");
    expect(variable?.query).toBe("orders-widgets : orders");
    expect(JSON.stringify(model.panels)).toContain('"metricName":"Backlog"');
  });

  it("gets its row in the environment documentation, with the owner", () => {
    const doc = awsDocSection(spec, fixture);
    expect(doc.collected).toContainEqual(["Widget queues: orders (shop)", "CloudWatch metrics (AWS namespaces and CWAgent)"]);
    expect(doc.alarms.map((a) => a.name)).toContain("qa-shop-orders-widgets-backlog-critical");
  });
});
