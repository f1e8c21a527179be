import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ALARM_INTENTS, ANOMALY_INTENTS } from "../../src/catalog/alarm-intents";
import {
  AZURE_WATCH_KINDS,
  type AzureAnomalyPreset,
  type AzurePreset,
  armId,
  azureRunbooks,
  azureWatchKind,
} from "../../src/catalog/azure-monitor";
import { watchSchemaOf } from "../../src/catalog/watch-kinds";
import { planEnvironment } from "../../src/plan/plan";
import { renderAzureMonitoring } from "../../src/render/azure/monitoring";
import { azureDocSection } from "../../src/render/docs/azure-section";
import { fillRunbook } from "../../src/render/runbooks/facts";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import type { AzureCloudSpec } from "../../src/spec/clouds/azure";
import { azureWatchedFields } from "../../src/spec/clouds/azure-watch";
import { fixtureRunbookPage } from "../support/runbook-pages";

const SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
const NAMESPACE = "Contoso.Widgets/queues";

/**
 * An Azure watch kind that is not in the bundled registry: widget queues, scoped to their ARM id (added by the kind's
 * `resource`), with one metric preset, one dynamic-threshold preset and runbook facts. Azure has no Grafana dashboard
 * of its own (src/catalog/dashboards/clouds.ts): none to follow.
 */
const widgetSchema = z.strictObject({
  ...azureWatchedFields,
  queueName: z.string().min(1),
  resourceGroup: z.string().min(1),
  anomalyDetection: z.boolean().default(false),
});
type Widget = z.output<typeof widgetSchema> & { readonly resourceId: string };
const WIDGET_PRESETS: readonly AzurePreset<Widget>[] = [
  {
    id: "backlog",
    intent: ALARM_INTENTS.queueDepth,
    source: () => ({ kind: "gauge", metric: { namespace: NAMESPACE, name: "Backlog" } }),
    diagnosis: ["`az widgets queue show --subscription <subscription> -g <rg> -n <queue>`"],
  },
];
const WIDGET_ANOMALIES: readonly AzureAnomalyPreset<Widget>[] = [
  {
    id: "incomingAnomaly",
    intent: ANOMALY_INTENTS.trafficAnomaly,
    metric: () => ({ namespace: NAMESPACE, name: "Incoming" }),
    aggregation: "Total",
    band: "both",
    diagnosis: ["Which producer changed: deploys of the services that send to <queue>."],
  },
];
const fixture = {
  ...AZURE_WATCH_KINDS,
  widgets: azureWatchKind<typeof widgetSchema, Widget>({
    schema: widgetSchema,
    description: "Widget queues.",
    label: "Widget queues",
    identify: (r) => r.queueName,
    service: "widget",
    resource: (entry, { subscriptionId }) => ({
      ...entry,
      resourceId: armId(subscriptionId, entry.resourceGroup, NAMESPACE, entry.queueName),
    }),
    scope: (r) => ({ kind: "resource", resourceId: r.resourceId }),
    presets: WIDGET_PRESETS,
    anomalies: WIDGET_ANOMALIES,
    runbookFacts: (r) => ({ rg: r.resourceGroup, queue: r.queueName }),
  }),
};

/** An Azure environment whose `cloud.watch` is read with the fixture registry's schema. */
function specWith(watchInput: unknown): EnvironmentSpec {
  const spec = resolveEnvironment({
    name: "qa",
    relativeRunbookLinks: { reason: "a test fixture" },
    backend: { type: "local", allowLocalState: true },
    services: [{ name: "shop", namespace: "shop", team: "shop-team" }],
    channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
    cloud: { provider: "azure", subscriptionId: SUBSCRIPTION, location: "westeurope", resourceGroup: "monitoring-rg" },
  });
  const watch = watchSchemaOf(fixture).parse(watchInput);
  return { ...spec, cloud: { ...(spec.cloud as AzureCloudSpec), watch } as unknown as AzureCloudSpec };
}

describe("an Azure watch kind added to a registry", () => {
  const entry = { name: "orders-widgets", queueName: "orders", resourceGroup: "shop-rg", service: "shop" };
  const spec = specWith({ widgets: [{ ...entry, anomalyDetection: true, thresholds: { queueDepth: { critical: 5000 } } }] });
  const cloud = spec.cloud as AzureCloudSpec;
  const resourceId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/shop-rg/providers/${NAMESPACE}/orders`;

  it("is a list in cloud.watch with the shared fields, empty by default, and its own fields checked", () => {
    expect(watchSchemaOf(fixture).parse({}).widgets).toEqual([]);
    expect((cloud.watch as unknown as { widgets: Widget[] }).widgets[0]).toMatchObject({ name: "orders-widgets", service: "shop" });
    const bad = watchSchemaOf(fixture).safeParse({ widgets: [{ name: "w", queueName: "", resourceGroup: "rg", colour: "red" }] });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["widgets.0.queueName", "widgets.0"]));
    // The bundled registry does not know the kind: a spec cannot name it by accident.
    expect(watchSchemaOf(AZURE_WATCH_KINDS).safeParse({ widgets: [] }).success).toBe(false);
  });

  it("gets warning and critical metric alerts from its presets, scoped to the resource, with its overrides and owner", () => {
    const mine = renderAzureMonitoring(spec, cloud, fixture).metricAlerts.filter((a) => a.meta.preset === "backlog");
    expect(mine.map((a) => [a.name, a.criteria?.threshold])).toEqual([
      ["qa-shop-orders-widgets-backlog-warning", 1000],
      ["qa-shop-orders-widgets-backlog-critical", 5000],
    ]);
    expect(mine[0].scope).toEqual({ kind: "resource", resourceId });
    // Sustained state: the window's lowest value above the threshold.
    expect(mine[0].criteria).toMatchObject({
      metric: { namespace: NAMESPACE, name: "Backlog" },
      aggregation: "Minimum",
      operator: "GreaterThan",
    });
    expect(mine[0].meta).toMatchObject({ service: "shop", runbookSlug: "azure-widget-backlog" });
    // The alerts are the plan's: the fixture registry flows through planEnvironment, which the bundled plan does not know.
    const planned = planEnvironment(spec, { azureRegistry: fixture }).cloudAlarms.filter((a) => a.kind === "widgets");
    expect(planned.map((a) => a.name)).toEqual([...mine.map((a) => a.name), "qa-shop-orders-widgets-incomingAnomaly-warning"]);
    expect(planEnvironment(spec).cloudAlarms.some((a) => a.kind === "widgets")).toBe(false);
  });

  it("gets its dynamic-threshold alerts only when the entry asks for anomaly detection", () => {
    const dynamic = renderAzureMonitoring(spec, cloud, fixture).metricAlerts.filter((a) => a.dynamicCriteria);
    expect(dynamic.map((a) => [a.name, a.scope, a.dynamicCriteria?.operator])).toEqual([
      ["qa-shop-orders-widgets-incomingAnomaly-warning", { kind: "resource", resourceId }, "GreaterOrLessThan"],
    ]);
    const quiet = specWith({ widgets: [entry] });
    expect(renderAzureMonitoring(quiet, quiet.cloud as AzureCloudSpec, fixture).metricAlerts.some((a) => a.dynamicCriteria)).toBe(false);
  });

  it("gets runbooks with the intent's text and the preset's diagnosis, filled with the resource's facts", () => {
    const runbooks = azureRunbooks(fixture);
    expect(runbooks["azure-widget-backlog"].meaning).toBe(ALARM_INTENTS.queueDepth.meaning);
    expect(runbooks["azure-widget-incoming-anomaly"].meaning).toBe(ANOMALY_INTENTS.trafficAnomaly.meaning);
    expect(azureRunbooks()["azure-widget-backlog"]).toBeUndefined();
    const alarm = azureDocSection(spec, fixture).alarms.find((a) => a.name === "qa-shop-orders-widgets-backlog-critical");
    expect(alarm?.runbookFacts).toEqual({ subscription: SUBSCRIPTION, rg: "shop-rg", queue: "orders" });
    expect(fillRunbook(runbooks["azure-widget-backlog"], [{ name: "orders-widgets", facts: alarm?.runbookFacts ?? {} }]).diagnosis).toEqual(
      [`\`az widgets queue show --subscription ${SUBSCRIPTION} -g shop-rg -n orders\``],
    );
  });

  it("gets its runbook pages in the plan, with the owner, and rendered with the resource's facts and the alerts", () => {
    const registries = { azureRegistry: fixture };
    const files = {
      backlog: fixtureRunbookPage(spec, registries, "azure-widget-backlog"),
      anomaly: fixtureRunbookPage(spec, registries, "azure-widget-incoming-anomaly"),
    };
    expect(files.backlog).toContain(`\`az widgets queue show --subscription ${SUBSCRIPTION} -g shop-rg -n orders\``);
    expect(files.backlog).toContain("qa-shop-orders-widgets-backlog-critical (critical, shop)");
    expect(files.anomaly).toContain(ANOMALY_INTENTS.trafficAnomaly.meaning);
  });

  it("gets its row in the environment documentation, with the owner", () => {
    const doc = azureDocSection(spec, fixture);
    expect(doc.collected).toEqual([["Widget queues: orders (shop)", "Azure Monitor platform metrics"]]);
    expect(doc.alarms.map((a) => a.name)).toContain("qa-shop-orders-widgets-incomingAnomaly-warning");
  });
});
