import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { planEnvironment } from "../../src/plan/plan";
import { PLAN_SUMMARY_FILE, type PlanSummary } from "../../src/review/plan-summary";
import { planSummaryText } from "../../src/review/summarize-plan";
import { resolveEnvironment } from "../../src/spec";
import { terraformSecretRefs } from "../../src/spec/secret-ref";
import { synthOutputs } from "../support/diff-outputs";
import { runCli } from "../support/run";
import { bundled, resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";

/** `monitoring-stack diff` compares the plan summaries synth writes beside each stack, never thresholds read from text. */

const diff = (...args: string[]) => runCli(["diff", ...args]);
const summaryOf = (dir: string, env: string): PlanSummary =>
  JSON.parse(readFileSync(join(dir, "stacks", `monitoring-${env}`, PLAN_SUMMARY_FILE), "utf8"));

describe("diff reads thresholds from the plan", () => {
  it("shows a tier the expression does not end with: HostDiskFillingUp compares hours left inside predict_linear", async () => {
    // The rule ends with `readonly == 0`: a reader of the expression's last comparison sees no threshold change.
    const head = bundled("dev");
    head.thresholds = { ...head.thresholds, diskHoursUntilFull: { warning: 12 } };
    const dirs = synthOutputs(bundled("dev"), head);
    const out = (await diff(dirs.base, dirs.head)).stdout;
    expect(out).toContain("- ~ **HostDiskFillingUp [warning]**: threshold `< 24` → `< 12`");
    expect(out).toContain("- ~ **KubePersistentVolumeFullSoon [warning]**: threshold `< 24` → `< 12`");
    expect(out).not.toContain("[critical]");
  });

  it("shows a Google alert policy's PromQL tier (the threshold is inside the query) in the signal's unit", async () => {
    const head = bundled("gcp");
    head.thresholds = { ...head.thresholds, databaseFreeStorage: { warning: 30 } };
    const dirs = synthOutputs(bundled("gcp"), head);
    const out = (await diff(dirs.base, dirs.head)).stdout;
    expect(out).toMatch(
      /- ~ \*\*gcp-[\w-]+-freeStorage-warning\*\*: `PromQL < 20 GiB for 900s \(warning\)` → `PromQL < 30 GiB for 900s \(warning\)`/,
    );
    expect(out).not.toMatch(/freeStorage-critical/);
    // The plan summaries hold the tier as a number, and how the cloud compares it.
    const alarm = summaryOf(dirs.head, "gcp").alarms.find((a) => /freeStorage-warning$/.test(a.name));
    expect(alarm).toMatchObject({ cloud: "gcp", kind: "promql", tier: { value: 30, unit: "gibibytes", direction: "below" } });
  });

  it("shows an Azure alert's and a CloudWatch alarm's changed tier, read from the plan", async () => {
    const azure = bundled("azure");
    azure.thresholds = { ...azure.thresholds, memoryUtilization: { critical: 97 } };
    const azureDirs = synthOutputs(bundled("azure"), azure);
    const azureOut = (await diff(azureDirs.base, azureDirs.head)).stdout;
    // Azure compares the complement (available memory below 3 %): the diff reads the tier as people set it.
    expect(azureOut).toMatch(
      /- ~ \*\*azure-[\w-]+-memory-critical\*\*: `> 95 % over PT\w+ \(critical\)` → `> 97 % over PT\w+ \(critical\)`/,
    );
    const planned = summaryOf(azureDirs.head, "azure").alarms.find((a) => /memory-critical$/.test(a.name));
    expect(planned).toMatchObject({ kind: "metric-alert", comparison: { kind: "below", value: 3 } });

    const prod = bundled("prod");
    const checkout = prod.services?.find((s) => s.name === "checkout");
    if (checkout?.slo) checkout.slo = { ...checkout.slo, latencyP99Ms: 250 };
    const awsDirs = synthOutputs(bundled("prod"), prod);
    const awsOut = (await diff(awsDirs.base, awsDirs.head)).stdout;
    // CloudWatch compares seconds (TargetResponseTime): the diff shows the milliseconds of the SLO.
    expect(awsOut).toContain(
      "- ~ **prod-checkout-public-alb-latency-warning**: `> 300 ms in 10 of 10 x 60s` → `> 250 ms in 10 of 10 x 60s`",
    );
    expect(awsOut).toContain("- ~ **ServiceHighLatency (checkout) [critical]**: threshold `> 600` → `> 500`");
    const alb = summaryOf(awsDirs.head, "prod").alarms.find((a) => a.name === "prod-checkout-public-alb-latency-warning");
    expect(alb).toMatchObject({ kind: "metric", comparison: { kind: "above", value: 0.25 }, metricCount: 1 });
    expect(alb?.actions).toEqual(["topic warning"]);
  });
});

describe("diff of a stack synthesized without a plan summary", () => {
  it("says the alerts and alarms were not compared, still compares the Terraform, and is a change for --exit-code", async () => {
    const head = bundled("prod");
    head.retention = { ...head.retention, traces: "30d" };
    head.thresholds = { ...head.thresholds, memoryUtilization: { critical: 97 } };
    const dirs = synthOutputs(bundled("prod"), head);
    // What a version before the plan summary wrote: cdk.tf.json alone.
    rmSync(join(dirs.base, "stacks", "monitoring-prod", PLAN_SUMMARY_FILE));
    const result = await diff(dirs.base, dirs.head);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "#### Alerts and cloud alarms: not compared\nbase: no monitoring-plan.json (synthesized by a version that did not write it).",
    );
    expect(result.stdout).toContain("- ~ **traces (Jaeger)**: 14d → 30d");
    expect(result.stdout).not.toMatch(/HostMemoryPressure|#### CloudWatch cost/);
    expect((await diff(dirs.base, dirs.base, "--exit-code")).status).toBe(1);
    const json = JSON.parse((await diff(dirs.base, dirs.head, "--json")).stdout);
    expect(json.stacks[0].notCompared).toContain("base: no monitoring-plan.json");

    // A summary of another format is refused the same way, never compared field by field.
    const file = join(dirs.head, "stacks", "monitoring-prod", PLAN_SUMMARY_FILE);
    const other = { ...JSON.parse(readFileSync(file, "utf8")), format: 99 };
    writeFileSync(file, JSON.stringify(other));
    expect((await diff(dirs.head, dirs.head)).stdout).toContain("has format 99, this version reads 1");
  });
});

describe("the plan summary synth writes", () => {
  const specs = Object.values(BUNDLED_ENVIRONMENTS).map((input) => resolveEnvironment(input));
  const stacks = synthEnvironments(specs);

  it("lists exactly the alarms and alert rules the stack deploys", () => {
    for (const spec of specs) {
      const stack: TerraformJson = stacks[spec.name];
      const summary = JSON.parse(planSummaryText(spec)) as PlanSummary;
      // Alarms of one kind are one resource with an entry per alarm (for_each), keyed by the alarm's name.
      const names = (type: string, field: string) =>
        resourcesOf(stack, type).flatMap((r) => (r.for_each && typeof r.for_each === "object" ? Object.keys(r.for_each) : [r[field]]));
      const deployed = [
        ...names("aws_cloudwatch_metric_alarm", "alarm_name"),
        ...names("aws_cloudwatch_composite_alarm", "alarm_name"),
        ...names("google_monitoring_alert_policy", "display_name"),
        ...names("azurerm_monitor_metric_alert", "name"),
        ...names("azurerm_monitor_scheduled_query_rules_alert_v2", "name"),
      ];
      expect(summary.alarms.map((a) => a.name).sort(), spec.name).toEqual(deployed.sort());
      // CloudWatch bills a metric alarm per metric it evaluates: the summary's kinds and counts are the deployed ones.
      for (const resource of resourcesOf(stack, "aws_cloudwatch_metric_alarm"))
        for (const [name, alarm] of Object.entries(resource.for_each ?? { [resource.alarm_name]: resource }) as Array<
          [string, TerraformJson]
        >) {
          const queries: TerraformJson[] = alarm.metric_query ?? [];
          const anomaly = queries.some((q) => String(q.expression).startsWith("ANOMALY_DETECTION_BAND"));
          const insights = queries.some((q) => /^SELECT /.test(String(q.expression)));
          const metrics = anomaly ? 3 : queries.length === 0 ? 1 : queries.filter((q) => q.metric).length + (insights ? 1 : 0);
          const kind = anomaly ? "anomaly" : insights ? "insights" : "metric";
          expect(
            summary.alarms.find((a) => a.name === name),
            name,
          ).toMatchObject({ kind, metricCount: metrics });
        }
      const rules = spec.kubernetes ? planEnvironment(spec).prometheusAlerts.length : 0;
      expect(summary.alerts.length, spec.name).toBe(rules);
      expect(new Set(summary.alerts.map((a) => a.key)).size, spec.name).toBe(rules);
    }
  });

  it("holds no credential: no Terraform expression, no secret reference of the spec", () => {
    for (const spec of specs) {
      const text = planSummaryText(spec);
      expect(text, spec.name).not.toContain("${");
      for (const { path } of terraformSecretRefs(spec)) {
        // biome-ignore lint/suspicious/noExplicitAny: walking a spec by a path found in it
        const ref = path.reduce((v: any, k) => v[k], spec);
        for (const value of Object.values(ref).flatMap((v) => (typeof v === "object" && v !== null ? Object.values(v) : [v])))
          if (typeof value === "string" && value.length > 3) expect(text, `${spec.name} ${path.join(".")}`).not.toContain(`"${value}"`);
      }
    }
  });
});
