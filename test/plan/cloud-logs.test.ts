import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { planEnvironment } from "../../src/plan/plan";
import { resolveEnvironment } from "../../src/spec";
import { bundled, resourcesOf, synthEnvironment } from "../support/synth";

const root = resolve(__dirname, "../..");

describe("the plan's cloud log facts are what the stack deploys", () => {
  it("Google Cloud: log-based metric filters, uptime checks and the _Default bucket's retention", () => {
    const input = bundled("gcp");
    const plan = planEnvironment(resolveEnvironment(input));
    const stack = synthEnvironment(input);
    const metrics = resourcesOf(stack, "google_logging_metric");
    expect(metrics.length).toBeGreaterThan(0);
    expect(plan.cloudLogs.queries.map((q) => [q.title, q.query]).sort()).toEqual(
      metrics.map((m) => [`log-based metric ${m.name}`, m.filter]).sort(),
    );
    const checks = resourcesOf(stack, "google_monitoring_uptime_check_config");
    expect(checks.length).toBeGreaterThan(0);
    expect(plan.cloudLogs.uptimeChecks.map((c) => c.name).sort()).toEqual(checks.map((c) => c.display_name).sort());
    for (const check of checks) {
      const planned = plan.cloudLogs.uptimeChecks.find((c) => c.name === check.display_name);
      const { host } = check.monitored_resource.labels;
      expect(planned?.url).toBe(`${check.http_check.use_ssl ? "https" : "http"}://${host}${check.http_check.path}`);
      expect(planned?.period).toBe(check.period);
    }
    const [bucket] = resourcesOf(stack, "google_logging_project_bucket_config");
    expect(plan.cloudLogs.retention?.days).toBe(bucket.retention_days);
  });

  it("Azure: the log search alerts' KQL and the workspace's retention", () => {
    const input = bundled("azure");
    const plan = planEnvironment(resolveEnvironment(input));
    const stack = synthEnvironment(input);
    const rules = resourcesOf(stack, "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(rules.length).toBeGreaterThan(0);
    expect(plan.cloudLogs.queries.map((q) => [q.title, q.query]).sort()).toEqual(rules.map((r) => [r.name, r.criteria[0].query]).sort());
    expect(plan.cloudLogs.queries.every((q) => q.language === "KQL")).toBe(true);
    const [workspace] = resourcesOf(stack, "azurerm_log_analytics_workspace");
    expect(plan.cloudLogs.retention?.days).toBe(workspace.retention_in_days);
  });

  it("the cloud doc sections read the plan: none of them renders its cloud's stack", () => {
    for (const section of ["aws-section.ts", "gcp-section.ts", "azure-section.ts"]) {
      const text = readFileSync(join(root, "src/render/docs", section), "utf8");
      expect(text, section).not.toMatch(/from "\.\.\/(aws|gcp|azure)\/monitoring"/);
    }
  });
});
