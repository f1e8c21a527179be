import { describe, expect, it } from "vitest";
import { MAX_WIDGETS_PER_DASHBOARD } from "../../../src/catalog/cloudwatch";
import type { LogGroupResource } from "../../../src/catalog/cloudwatch/logs";
import { planDashboardPages } from "../../../src/plan/aws-dashboards";
import { AGENT_PARAMETER_PREFIX, agentUserData, renderAgentGroups } from "../../../src/render/aws/agent";
import type { MetricAlarmDefinition } from "../../../src/render/aws/alarm-types";
import { renderAuditTrail } from "../../../src/render/aws/audit";
import { renderDashboards } from "../../../src/render/aws/dashboard";
import { LOG_RETENTION_DAYS, logRetentionDays, renderMetricFilters, renderQueryDefinitions } from "../../../src/render/aws/logs";
import { Duration, resolveEnvironment } from "../../../src/spec";
import type { AwsCloudSpec } from "../../../src/spec/clouds/aws";
import { testAlarm } from "../../support/alarms";
import { bundled } from "../../support/synth";

describe("log retention", () => {
  it.each([
    ["1h", 1],
    ["1d", 1],
    ["36h", 3],
    ["10d", 14],
    ["14d", 14],
    ["15d", 30],
    ["366d", 400],
    ["3653d", 3653],
  ])("rounds %s up to %i days", (text, days) => {
    expect(logRetentionDays(Duration.parse(text))).toBe(days);
  });

  it("refuses more than ten years and only ever returns values CloudWatch accepts", () => {
    expect(() => logRetentionDays(Duration.days(3654))).toThrow(/exceeds CloudWatch's maximum of 3653 days/);
    for (let d = 1; d <= 3653; d += 37) expect(LOG_RETENTION_DAYS).toContain(logRetentionDays(Duration.days(d)));
  });
});

const group = (over: Partial<LogGroupResource> = {}): LogGroupResource => ({
  name: "api-logs",
  logGroupName: "/shop/api",
  service: "api",
  thresholds: {},
  files: [],
  fields: { level: "level", status: "status", durationMs: "duration_ms", path: "path", requestId: "request_id", message: "message" },
  metricNamespace: "Monitoring/qa",
  ...over,
});

describe("log-based metrics and saved queries", () => {
  it("count error lines and 5xx and publish durations from structured JSON logs", () => {
    const filters = renderMetricFilters("qa", [group({ fields: { ...group().fields, durationMs: "latency" } })]);
    expect(filters.map((f) => [f.name, f.pattern, f.metricName, f.metricValue])).toEqual([
      ["qa-api-logs-error-lines", '{ ($.level = "error") || ($.level = "ERROR") }', "api-logs-error-lines", "1"],
      ["qa-api-logs-5xx", "{ $.status >= 500 }", "api-logs-5xx", "1"],
      ["qa-api-logs-duration-ms", "{ $.latency >= 0 }", "api-logs-duration-ms", "$.latency"],
    ]);
  });

  it("save the five troubleshooting queries per service over its log groups", () => {
    const queries = renderQueryDefinitions("qa", [
      group(),
      group({ name: "api-2", logGroupName: "/shop/api-2" }),
      group({ service: undefined, logGroupName: "/infra" }),
    ]);
    expect(queries.map((q) => q.name)).toEqual([
      "qa/api/Recent errors",
      "qa/api/Top error messages",
      "qa/api/Slowest requests",
      "qa/api/5xx by path",
      "qa/api/Errors for one request id",
      "qa/platform/Recent errors",
      "qa/platform/Top error messages",
      "qa/platform/Slowest requests",
      "qa/platform/5xx by path",
      "qa/platform/Errors for one request id",
    ]);
    expect(queries[0].logGroupNames).toEqual(["/shop/api", "/shop/api-2"]);
    expect(queries[3].query).toContain("filter status >= 500");
    expect(queries[4].query).toContain('filter request_id = "REPLACE-WITH-REQUEST-ID"');
  });
});

describe("CloudWatch agent wiring", () => {
  const spec = resolveEnvironment(bundled("prod"));
  const groups = renderAgentGroups(spec.name, (spec.cloud as AwsCloudSpec).watch);

  it("stores each group's configuration in a parameter the agent's managed policy can read", () => {
    expect(groups.map((g) => g.parameterName)).toEqual(["AmazonCloudWatch-prod-app-servers", "AmazonCloudWatch-prod-app-asg"]);
    for (const g of groups) expect(g.parameterName.startsWith(AGENT_PARAMETER_PREFIX)).toBe(true);
  });

  it("targets instances by the entry's tags, and Auto Scaling instances by their group tag (later launches included)", () => {
    expect(groups[0].targets).toEqual([
      { key: "tag:Role", values: ["app"] },
      { key: "tag:Environment", values: ["prod"] },
    ]);
    expect(groups[1].targets).toEqual([{ key: "tag:aws:autoscaling:groupName", values: ["shop-prod-app"] }]);
  });

  it("collects memory, disk, network, processes and the service's log files", () => {
    const config = groups[0].config as unknown as {
      metrics: { metrics_collected: Record<string, unknown>; aggregation_dimensions: string[][] };
      logs: { logs_collected: { files: { collect_list: Array<{ file_path: string; log_group_name: string }> } } };
    };
    expect(Object.keys(config.metrics.metrics_collected).sort()).toEqual(["cpu", "disk", "mem", "net", "procstat"]);
    expect(config.metrics.metrics_collected.mem).toMatchObject({ append_dimensions: { MonitoringGroup: "prod-app-servers" } });
    expect(config.metrics.aggregation_dimensions).toEqual([["MonitoringGroup"]]);
    expect(config.logs.logs_collected.files.collect_list).toEqual([
      expect.objectContaining({ file_path: "/var/log/checkout/*.log", log_group_name: "/shop/prod/checkout" }),
    ]);
    expect((groups[1].config.metrics as { aggregation_dimensions: string[][] }).aggregation_dimensions).toEqual([["AutoScalingGroupName"]]);
  });

  it("exports user data that starts the agent from the parameter", () => {
    const script = agentUserData("AmazonCloudWatch-prod-app-asg");
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(script).toContain("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:AmazonCloudWatch-prod-app-asg");
  });
});

describe("audit trail filters", () => {
  it("implements the CIS filters with critical alarms on the trail's log group", () => {
    const { filters, alarms } = renderAuditTrail({
      env: "prod",
      logGroupName: "/aws/cloudtrail/prod-audit",
      metricNamespace: "Monitoring/prod/Audit",
      actions: (s) => [`topic-${s}`],
    });
    expect(filters.map((f) => f.metricName)).toEqual([
      "rootAccountUse",
      "iamPolicyChanges",
      "consoleSignInFailures",
      "trailConfigChanges",
      "keyDisabledOrDeleted",
      "unauthorizedApiCalls",
    ]);
    expect(filters[0].pattern).toBe(
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    );
    expect(filters[1].pattern).toContain("($.eventName = PutRolePolicy)");
    expect(filters[2].pattern).toBe('{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }');
    expect(filters.find((f) => f.metricName === "unauthorizedApiCalls")?.pattern).toBe(
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    );
    for (const f of filters) expect(f.logGroupName).toBe("/aws/cloudtrail/prod-audit");
    expect(alarms.map((a) => a.name)).toContain("prod-platform-audit-trail-rootAccountUse-critical");
    for (const a of alarms)
      expect(a).toMatchObject({ alarmActions: ["topic-critical"], okActions: ["topic-critical"], treatMissingData: "notBreaching" });
  });
});

describe("dashboards", () => {
  const alarm = (resource: number, preset: number) =>
    testAlarm(
      `e-platform-r${resource}-p${preset}-critical`,
      { namespace: "N", metricName: `m${preset}`, dimensions: { R: `${resource}` } },
      { service: "platform", resource: `r${resource}`, preset: `p${preset}`, severity: "critical", runbookSlug: "x" },
    );

  it("split at 500 widgets by the plan, keeping each resource's widgets together, with alarm status widgets", () => {
    const alarms = Array.from({ length: 300 }, (_, r) => Array.from({ length: 4 }, (_, p) => alarm(r, p))).flat();
    // One graph per alarm (one tier each), of a few hundred characters: the widget limit splits them.
    const graphs = alarms.map((a) => ({ block: `${a.meta?.service}/${a.meta?.resource}`, alarms: [a.name], metrics: 1, characters: 300 }));
    const pages = planDashboardPages("e", "eu-west-1", graphs);
    const dashboards = renderDashboards({ region: "eu-west-1", alarms, alarmArn: (n) => `arn:${n}`, dashboards: pages });
    expect(dashboards.map((d) => d.name)).toEqual(["e-monitoring", "e-monitoring-2", "e-monitoring-3"]);
    for (const d of dashboards) expect(d.body.widgets.length).toBeLessThanOrEqual(MAX_WIDGETS_PER_DASHBOARD);
    const metricWidgets = dashboards.flatMap((d) => d.body.widgets.filter((w) => w.type === "metric"));
    expect(metricWidgets).toHaveLength(1200);
    const alarmArns = dashboards.flatMap((d) =>
      d.body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms as string[]),
    );
    expect(alarmArns).toHaveLength(1200);
    for (const d of dashboards) {
      const titles = d.body.widgets.filter((w) => w.type === "metric").map((w) => String(w.properties.title).split(":")[0]);
      const resources = new Set(titles);
      for (const r of resources) expect(titles.filter((t) => t === r)).toHaveLength(4);
    }
    for (const w of dashboards[0].body.widgets) expect(w.x + w.width).toBeLessThanOrEqual(24);
  });

  it("show both tiers of a preset on one graph", () => {
    const warning = {
      ...alarm(0, 0),
      name: "w",
      threshold: 0.5,
      meta: { ...alarm(0, 0).meta, severity: "warning" as const },
    } as MetricAlarmDefinition;
    const dashboards = [{ name: "e-monitoring", alarms: ["w", alarm(0, 0).name], graphs: [["w", alarm(0, 0).name]] }];
    const [d] = renderDashboards({ region: "eu-west-1", alarms: [warning, alarm(0, 0)], alarmArn: (n) => n, dashboards });
    const graph = d.body.widgets.find((w) => w.type === "metric");
    expect(graph?.properties.annotations).toEqual({
      horizontal: [
        { label: "warning", value: 0.5 },
        { label: "critical", value: 1 },
      ],
    });
  });
});
