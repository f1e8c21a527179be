import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { AZURE_MONITOR_PRICING } from "../../src/catalog/prices/azure-monitor";
import { GOOGLE_OBSERVABILITY_PRICES } from "../../src/catalog/prices/google-cloud-observability";
import { synthesizeToJson } from "../../src/cli/cost";
import { environmentDoc } from "../../src/cli/docs";
import { resolveEnvironment } from "../../src/spec";
import { type RunResult, runCli } from "../support/run";
import type { TerraformJson } from "../support/synth";

/** `monitoring-stack cost` on the bundled Google and Azure environments: priced where a price is confirmed, counted where not. */

const cost = (env: string, ...args: string[]) => runCli(["cost", "--env", env, ...args]);
const resources = (stack: TerraformJson, type: string): TerraformJson[] => Object.values(stack.resource?.[type] ?? {});

describe("cost of a Google Cloud environment", () => {
  const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.gcp);
  const stack = synthesizeToJson(spec) as TerraformJson;
  // biome-ignore lint/suspicious/noExplicitAny: the command's JSON report
  let json: any;
  beforeAll(async () => {
    json = JSON.parse((await cost("gcp", "--log-gb-per-day", "3", "--json")).stdout);
  });

  it("prices Cloud Logging storage and retention from the log bucket the stack configures", () => {
    // Read independently: the log sources are the spec's watched log entries and VM groups; retention is the bucket's.
    const watch = (spec.cloud as { watch: { logs: unknown[]; vms: unknown[] } }).watch;
    const sources = watch.logs.length + watch.vms.length;
    const [bucket] = resources(stack, "google_logging_project_bucket_config");
    const byItem = Object.fromEntries(json.lines.map((l: { item: string }) => [l.item, l]));
    expect(byItem["Cloud Logging storage (GiB per month)"]).toEqual({
      item: "Cloud Logging storage (GiB per month)",
      quantity: sources * 3 * 30,
      unitPrice: GOOGLE_OBSERVABILITY_PRICES.logStorageGib,
      monthly: sources * 90 * 0.5,
    });
    expect(byItem["Cloud Logging retention beyond 30 days (GiB)"].quantity).toBe(sources * 3 * (bucket.retention_days - 30));
    expect(json.monthlyUsd).toBeCloseTo(
      json.lines.reduce((n: number, l: { monthly: number }) => n + l.monthly, 0),
      2,
    );
    expect(json.note).toContain(`recorded ${GOOGLE_OBSERVABILITY_PRICES.recordedOn}`);
  });

  it("counts the alerting conditions it cannot price, and says why, instead of pricing them at $0.00", async () => {
    const policies = resources(stack, "google_monitoring_alert_policy");
    const conditions = policies.reduce((n, p) => n + (p.conditions?.length ?? 0), 0);
    const alerting = json.notEstimated.find((m: string) => m.startsWith("Cloud Monitoring alerting"));
    expect(alerting).toContain(`${conditions} alert policy conditions`);
    expect(alerting).toContain("no current amount");
    const md = (await cost("gcp")).stdout;
    expect(md).toContain("### Estimated Google Cloud Observability cost: gcp");
    expect(md).toMatch(/Not estimated:\n- Cloud Monitoring alerting/);
    expect(md).not.toContain("$0.00");
  });

  it("is the environment documentation's cost section, as on AWS", () => {
    const doc = environmentDoc(spec);
    const section = doc.slice(doc.indexOf("## Cost estimate"), doc.indexOf("## Incident response"));
    expect(section).toContain("| Cloud Logging storage (GiB per month) |");
    expect(section).toContain("- Cloud Monitoring alerting");
  });
});

describe("cost of an Azure environment", () => {
  const stack = synthesizeToJson(resolveEnvironment(BUNDLED_ENVIRONMENTS.azure)) as TerraformJson;
  let result: RunResult;
  beforeAll(async () => {
    result = await cost("azure");
  });

  it("prices nothing, names the pricing page, and counts what Azure Monitor bills", async () => {
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/\$\d/);
    expect(result.stdout).toContain(
      `Nothing priced. No Azure Monitor price could be confirmed from a stored copy of ${AZURE_MONITOR_PRICING.source}`,
    );
    expect(result.stdout).toContain(`: ${resources(stack, "azurerm_monitor_metric_alert").length} rules`);
    expect(result.stdout).toContain(`: ${resources(stack, "azurerm_monitor_scheduled_query_rules_alert_v2").length} rules (`);
    const [workspace] = resources(stack, "azurerm_log_analytics_workspace");
    expect(result.stdout).toContain(`one workspace, ${workspace.retention_in_days} days of retention`);
    const json = JSON.parse((await cost("azure", "--json")).stdout);
    expect(json.monthlyUsd).toBeNull();
    expect(json.lines).toEqual([]);
  });
});
