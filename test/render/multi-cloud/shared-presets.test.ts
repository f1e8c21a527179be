import { describe, expect, it } from "vitest";
import { AZURE_UNSUPPORTED, AZURE_WATCH_KINDS } from "../../../src/catalog/azure-monitor";
import { logWindows, metricWindowMinutes } from "../../../src/catalog/azure-monitor/windows";
import { CLOUDWATCH_CATALOG } from "../../../src/catalog/cloudwatch";
import { COMMON_PRESET_NAMES, COMMON_PRESETS, type CommonPresetName } from "../../../src/catalog/common-presets";
import { GCP_UNSUPPORTED, GCP_WATCH_KINDS } from "../../../src/catalog/gcp-monitoring";
import { workspaceRetentionDays } from "../../../src/plan/cloud-logs";
import type { MetricAlarmDefinition } from "../../../src/render/aws/alarm-types";
import { renderAwsMonitoring } from "../../../src/render/aws/monitoring";
import {
  type AzureMetricAlertDefinition,
  renderActionGroups,
  renderAzureMonitoring,
  splitE164,
} from "../../../src/render/azure/monitoring";
import { type GcpAlertPolicyDefinition, renderGcpMonitoring } from "../../../src/render/gcp/monitoring";
import { type EnvironmentInput, resolveEnvironment } from "../../../src/spec";
import type { AwsCloudSpec } from "../../../src/spec/clouds/aws";
import type { AzureCloudSpec } from "../../../src/spec/clouds/azure";
import type { GcpCloudSpec } from "../../../src/spec/clouds/gcp";
import type { ThresholdOverrides } from "../../../src/spec/thresholds";

type Overrides = { env?: unknown; service?: unknown; resource?: unknown };

const services = (o: Overrides) => [{ name: "shop", thresholds: (o.service ?? {}) as ThresholdOverrides }];
const channels = [{ type: "webhook" as const, name: "hook", url: { terraformVariable: "hook_url" } }];

/** One VM group, one database, one load balancer, one serverless function and one queue, on each cloud. */
function aws(o: Overrides = {}) {
  const r = { service: "shop", thresholds: o.resource ?? {} };
  const input = {
    name: "qa",
    relativeRunbookLinks: { reason: "a test fixture" },
    services: services(o),
    channels,
    backend: { type: "local", allowLocalState: true },
    thresholds: o.env ?? {},
    cloud: {
      provider: "aws",
      region: "eu-west-1",
      watch: {
        ec2: [{ name: "vms", tags: { Role: "app" }, ...r }],
        rds: [{ name: "db", identifier: "orders", maxConnections: 100, ...r }],
        loadBalancers: [{ name: "lb", loadBalancerName: "public", ...r }],
        lambdaFunctions: [{ name: "fn", functionName: "worker", timeout: "10s", ...r }],
        sqsQueues: [{ name: "queue", queueName: "orders", ...r }],
      },
    },
  } as EnvironmentInput;
  const spec = resolveEnvironment(input);
  return renderAwsMonitoring(spec, spec.cloud as AwsCloudSpec, {
    actions: (s) => [s],
    albArnSuffix: (n) => `app/${n}/1`,
    alarmArn: (n) => n,
  }).alarms;
}

function gcp(o: Overrides = {}) {
  const r = { service: "shop", thresholds: o.resource ?? {} };
  const input = {
    name: "qa",
    relativeRunbookLinks: { reason: "a test fixture" },
    services: services(o),
    channels,
    backend: { type: "local", allowLocalState: true },
    thresholds: o.env ?? {},
    cloud: {
      provider: "gcp",
      project: "shop-qa-1234",
      region: "europe-west1",
      zones: ["europe-west1-b"],
      watch: {
        vms: [{ name: "vms", labels: { role: "app" }, ...r }],
        cloudSql: [{ name: "db", instance: "orders", engine: "postgres", maxConnections: 100, ...r }],
        loadBalancers: [{ name: "lb", urlMap: "public", ...r }],
        cloudRun: [{ name: "fn", serviceName: "worker", timeout: "10s", ...r }],
        pubsubSubscriptions: [{ name: "queue", subscription: "orders", deadLetters: true, ...r }],
        logs: [{ name: "app-logs", filter: 'resource.type="k8s_container"', ...r }],
      },
    },
  } as EnvironmentInput;
  const spec = resolveEnvironment(input);
  return renderGcpMonitoring(spec, spec.cloud as GcpCloudSpec);
}

function azure(o: Overrides = {}) {
  const r = { service: "shop", thresholds: o.resource ?? {} };
  const input = {
    name: "qa",
    relativeRunbookLinks: { reason: "a test fixture" },
    services: services(o),
    channels,
    backend: { type: "local", allowLocalState: true },
    thresholds: o.env ?? {},
    // ContainerLogV2 is filled by the AKS cluster's Container Insights, which the stack wires for the cluster it connects to.
    kubernetes: { connection: { type: "aks", clusterName: "qa-aks", resourceGroup: "aks-rg" } },
    alerting: { heartbeat: { disabled: true, reason: "a test of the cloud alerts" } },
    cloud: {
      provider: "azure",
      subscriptionId: "00000000-0000-4000-8000-000000000000",
      location: "westeurope",
      resourceGroup: "monitoring-rg",
      watch: {
        vms: [{ name: "vms", resourceGroup: "app-rg", ...r }],
        databases: [{ name: "db", serverName: "orders", resourceGroup: "data-rg", engine: "postgres", maxConnections: 100, ...r }],
        applicationGateways: [{ name: "lb", gatewayName: "public", resourceGroup: "net-rg", anomalyDetection: true, ...r }],
        functionApps: [{ name: "fn", appName: "worker", resourceGroup: "app-rg", timeout: "10s", ...r }],
        serviceBusQueues: [{ name: "queue", namespace: "shop-bus", queueName: "orders", resourceGroup: "app-rg", ...r }],
        logs: [{ name: "app-logs", table: "ContainerLogV2", payloadColumn: "LogMessage", ...r }],
      },
    },
  } as EnvironmentInput;
  const spec = resolveEnvironment(input);
  return renderAzureMonitoring(spec, spec.cloud as AzureCloudSpec);
}

const find = <T extends { name: string }>(items: readonly T[], name: string): T => {
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`no ${name}; have ${items.map((i) => i.name).join(", ")}`);
  return item;
};
const awsAlarm = (alarms: readonly MetricAlarmDefinition[], name: string) => find(alarms, name);
const gcpPolicy = (policies: readonly GcpAlertPolicyDefinition[], name: string) => {
  const p = find(policies, name);
  return p.condition;
};
const azureAlert = (alerts: readonly AzureMetricAlertDefinition[], name: string) => find(alerts, name);

describe("one threshold model, three backends", () => {
  it("every common preset is rendered by every backend, or listed as unsupported with the reason", () => {
    const backends: Array<
      [string, Array<{ presets: ReadonlyArray<{ id: string; intent: unknown }> }>, Partial<Record<CommonPresetName, string>>]
    > = [
      ["aws", Object.values(CLOUDWATCH_CATALOG) as never, {}],
      ["gcp", Object.values(GCP_WATCH_KINDS) as never, GCP_UNSUPPORTED],
      ["azure", Object.values(AZURE_WATCH_KINDS) as never, AZURE_UNSUPPORTED],
    ];
    for (const [cloud, catalogs, unsupported] of backends) {
      for (const name of COMMON_PRESET_NAMES) {
        const common = COMMON_PRESETS[name];
        const rendered = catalogs.some((c) => c.presets.some((p) => p.id === common.id && p.intent === common.intent));
        if (!rendered) expect(unsupported[name], `${cloud} renders neither ${name} nor says why`).toMatch(/^.{20,}$/);
        else expect(unsupported[name], `${cloud} renders ${name} but lists it as unsupported`).toBeUndefined();
      }
    }
  });

  it("VM CPU: the same signal, tiers and duration on each cloud, in each metric's own unit", () => {
    const a = awsAlarm(aws(), "qa-shop-vms-cpu-warning");
    expect(a).toMatchObject({ comparisonOperator: "GreaterThanThreshold", threshold: 80, evaluationPeriods: 5 });
    expect(a.source.kind === "queries" && a.source.queries[0].expression).toContain("MAX(CPUUtilization)");

    const g = gcpPolicy(gcp().policies, "qa-shop-vms-cpu-warning");
    expect(g).toMatchObject({ kind: "threshold", comparison: "COMPARISON_GT", thresholdValue: 0.8, duration: "300s" });
    expect(g.kind === "threshold" && g.filter).toContain('metric.type = "compute.googleapis.com/instance/cpu/utilization"');
    expect(g.kind === "threshold" && g.filter).toContain('metadata.user_labels."role" = "app"');

    const z = azureAlert(azure().metricAlerts, "qa-shop-vms-cpu-warning");
    expect(z.criteria).toMatchObject({
      metric: { name: "Percentage CPU" },
      operator: "GreaterThan",
      threshold: 80,
      aggregation: "Minimum",
    });
    expect(z).toMatchObject({
      windowSize: "PT5M",
      scope: { kind: "resourceGroup", targetResourceType: "Microsoft.Compute/virtualMachines" },
    });
  });

  it("database free storage fires below the threshold, converted from GiB to bytes, for 15 minutes", () => {
    const a = awsAlarm(aws(), "qa-shop-db-freeStorage-critical");
    expect(a).toMatchObject({ comparisonOperator: "LessThanThreshold", threshold: 5 * 1024 ** 3, evaluationPeriods: 3 });

    const g = gcpPolicy(gcp().policies, "qa-shop-db-freeStorage-critical");
    expect(g).toMatchObject({ kind: "promql", duration: "900s" });
    expect(g.kind === "promql" && g.query).toMatch(/database_disk_quota.* - .*database_disk_bytes_used.*\) < 5368709120$/);

    const z = azureAlert(azure().metricAlerts, "qa-shop-db-freeStorage-critical");
    expect(z.criteria).toMatchObject({
      metric: { name: "storage_free" },
      operator: "LessThan",
      threshold: 5 * 1024 ** 3,
      aggregation: "Maximum",
    });
    expect(z.windowSize).toBe("PT15M");
  });

  it("database connections are a share of max_connections everywhere", () => {
    expect(awsAlarm(aws(), "qa-shop-db-connections-critical").threshold).toBe(90);
    expect(gcpPolicy(gcp().policies, "qa-shop-db-connections-critical")).toMatchObject({ thresholdValue: 90 });
    expect(azureAlert(azure().metricAlerts, "qa-shop-db-connections-critical").criteria).toMatchObject({
      metric: { name: "active_connections" },
      threshold: 90,
    });
  });

  it("load balancer 5xx and latency, serverless errors and duration, queue backlog", () => {
    const g = gcp().policies;
    expect(gcpPolicy(g, "qa-shop-lb-errorRate-critical")).toMatchObject({ thresholdValue: 0.05, comparison: "COMPARISON_GT" });
    const ratio = gcpPolicy(g, "qa-shop-lb-errorRate-critical");
    expect(ratio.kind === "threshold" && ratio.denominatorFilter).toContain("https/request_count");
    expect(gcpPolicy(g, "qa-shop-lb-latency-critical")).toMatchObject({ thresholdValue: 1000, duration: "600s" });
    expect(gcpPolicy(g, "qa-shop-fn-duration-critical")).toMatchObject({ thresholdValue: 9500 }); // 95 % of 10 s, in ms
    expect(gcpPolicy(g, "qa-shop-queue-oldestMessage-warning")).toMatchObject({ thresholdValue: 300, duration: "300s" });

    const z = azure().metricAlerts;
    // A count: 10 per minute over a 5-minute window.
    expect(azureAlert(z, "qa-shop-lb-serverErrors-warning").criteria).toMatchObject({
      metric: { name: "ResponseStatus", dimensions: { HttpStatusGroup: ["5xx"] } },
      aggregation: "Total",
      threshold: 50,
    });
    expect(azureAlert(z, "qa-shop-fn-duration-critical").criteria).toMatchObject({ metric: { name: "HttpResponseTime" }, threshold: 9.5 });
    expect(azureAlert(z, "qa-shop-queue-depth-warning").criteria).toMatchObject({
      threshold: 1000,
      metric: { dimensions: { EntityName: ["orders"] } },
    });

    const a = aws();
    expect(awsAlarm(a, "qa-shop-lb-latency-critical").threshold).toBe(1);
    expect(awsAlarm(a, "qa-shop-fn-duration-critical").threshold).toBe(9500);
  });

  it("the same environment, service and resource overrides change AWS, Google Cloud and Azure alike", () => {
    const env = { cpuUtilization: { warning: 70, critical: 85, for: "15m" } };
    const service = { databaseFreeStorage: { critical: 8 } };
    const resource = { queueDepth: { warning: 50 } };
    const o = { env, service, resource };

    const a = aws(o);
    expect(awsAlarm(a, "qa-shop-vms-cpu-warning")).toMatchObject({ threshold: 70, evaluationPeriods: 15 });
    expect(awsAlarm(a, "qa-shop-vms-cpu-critical").threshold).toBe(85);
    expect(awsAlarm(a, "qa-shop-db-freeStorage-critical").threshold).toBe(8 * 1024 ** 3);
    expect(awsAlarm(a, "qa-shop-queue-depth-warning").threshold).toBe(50);

    const g = gcp(o).policies;
    expect(gcpPolicy(g, "qa-shop-vms-cpu-warning")).toMatchObject({ thresholdValue: 0.7, duration: "900s" });
    expect(gcpPolicy(g, "qa-shop-vms-cpu-critical")).toMatchObject({ thresholdValue: 0.85 });
    const storage = gcpPolicy(g, "qa-shop-db-freeStorage-critical");
    expect(storage.kind === "promql" && storage.query).toMatch(/< 8589934592$/);
    expect(gcpPolicy(g, "qa-shop-queue-depth-warning")).toMatchObject({ thresholdValue: 50 });

    const z = azure(o).metricAlerts;
    expect(azureAlert(z, "qa-shop-vms-cpu-warning")).toMatchObject({ windowSize: "PT15M", criteria: { threshold: 70 } });
    expect(azureAlert(z, "qa-shop-vms-cpu-critical").criteria?.threshold).toBe(85);
    expect(azureAlert(z, "qa-shop-db-freeStorage-critical").criteria?.threshold).toBe(8 * 1024 ** 3);
    expect(azureAlert(z, "qa-shop-queue-depth-warning").criteria?.threshold).toBe(50);
  });

  it("Azure memory alerts on the available share: 100 - threshold, comparison flipped, worst value of the window", () => {
    expect(azureAlert(azure().metricAlerts, "qa-shop-vms-memory-warning").criteria).toMatchObject({
      metric: { name: "Available Memory Percentage" },
      operator: "LessThan",
      threshold: 15,
      aggregation: "Maximum",
    });
  });

  it("Azure anomalies use dynamic thresholds; log alerts need every window of the duration to cross", () => {
    const artifacts = azure();
    const anomaly = azureAlert(artifacts.metricAlerts, "qa-shop-lb-requestsAnomaly-warning");
    expect(anomaly.dynamicCriteria).toMatchObject({
      operator: "GreaterOrLessThan",
      metric: { name: "TotalRequests" },
      evaluationFailureCount: 4,
    });
    const errors = find(artifacts.logAlerts, "qa-shop-app-logs-errorLogs-critical");
    expect(errors).toMatchObject({
      timeAggregationMethod: "Count",
      threshold: 50,
      windowDuration: "PT1M",
      failingPeriods: { minimum: 5, of: 5 },
    });
    expect(errors.query).toContain('tostring(LogMessage["level"]) =~ "error"');
    const disk = find(artifacts.logAlerts, "qa-shop-vms-disk-warning");
    expect(disk).toMatchObject({
      threshold: 80,
      windowDuration: "PT5M",
      failingPeriods: { minimum: 2, of: 2 },
      resourceIdColumn: "_ResourceId",
    });
  });

  it("windows and retention round up, never alerting earlier or keeping less than asked", () => {
    expect([60, 120, 300, 600, 900, 3600 * 2].map(metricWindowMinutes)).toEqual([1, 5, 5, 15, 15, 360]);
    expect(logWindows(300)).toEqual({ windowMinutes: 1, periods: 5 });
    expect(logWindows(600)).toEqual({ windowMinutes: 5, periods: 2 });
    expect(logWindows(1800)).toEqual({ windowMinutes: 5, periods: 6 });
    expect([3, 30, 45.2, 730].map(workspaceRetentionDays)).toEqual([30, 30, 46, 730]);
    expect(() => workspaceRetentionDays(731)).toThrow(/at most 730 days/);
  });

  it("Azure action groups take SMS as country code and number, PagerDuty through its integration URL", () => {
    expect(splitE164("+14155550100")).toEqual({ countryCode: "1", phoneNumber: "4155550100" });
    expect(splitE164("+447700900123")).toEqual({ countryCode: "44", phoneNumber: "7700900123" });
    expect(splitE164("+353851234567")).toEqual({ countryCode: "353", phoneNumber: "851234567" });
    const groups = renderActionGroups(
      "qa",
      [
        { type: "sms", name: "duty", phoneNumbers: ["+14155550100"] },
        { type: "pagerduty", name: "pd", routingKey: { terraformVariable: "pd" } },
      ],
      (ref) => `\${var.${"terraformVariable" in ref ? ref.terraformVariable : "x"}}`,
    );
    expect(groups.map((g) => g.severity)).toEqual(["critical"]);
    expect(groups[0].smsReceivers).toEqual([{ name: "duty-0", countryCode: "1", phoneNumber: "4155550100" }]);
    expect(groups[0].webhookReceivers).toEqual([{ name: "pd", serviceUri: "https://events.pagerduty.com/integration/${var.pd}/enqueue" }]);
  });

  it("GCP log-based metrics count error and 5xx entries and extract the duration", () => {
    const { logMetrics, policies } = gcp();
    expect(logMetrics.map((m) => m.name)).toEqual(["qa-app-logs-error-lines", "qa-app-logs-5xx", "qa-app-logs-duration-ms"]);
    // Restricted to the entry's resource type (k8s_container by default), which the policies name.
    expect(logMetrics[1].filter).toBe('resource.type = "k8s_container" AND (resource.type="k8s_container") AND jsonPayload.status>=500');
    expect(logMetrics[2]).toMatchObject({ kind: "distribution", valueExtractor: "EXTRACT(jsonPayload.duration_ms)" });
    const latency = gcpPolicy(policies, "qa-shop-app-logs-latency-warning");
    expect(latency.kind === "threshold" && latency.filter).toBe(
      'resource.type = "k8s_container" AND metric.type = "logging.googleapis.com/user/qa-app-logs-duration-ms"',
    );
  });
});
