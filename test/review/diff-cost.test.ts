import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { CLOUDWATCH_PRICES } from "../../src/catalog/prices/aws-cloudwatch";
import { synthesizeToJson } from "../../src/cli/cost";
import { resolveEnvironment } from "../../src/spec";
import { synthOutputs } from "../support/diff-outputs";
import { runCli } from "../support/run";
import { bundled, type TerraformJson } from "../support/synth";

describe("monitoring-stack diff", () => {
  const base = bundled("prod");
  const head = bundled("prod");
  head.thresholds = { ...head.thresholds, memoryUtilization: { critical: 97 } };
  head.channels = [
    ...(head.channels ?? []),
    { type: "webhook", name: "status-page", url: { terraformVariable: "status_page_url" }, severities: ["critical"] },
  ];
  head.retention = { ...head.retention, traces: "30d" };
  const dirs = synthOutputs(base, head);

  it("reports exactly a changed threshold, a new channel and a retention change", async () => {
    const result = await runCli(["diff", dirs.base, dirs.head]);
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain("### monitoring-prod");
    expect(out).toContain("#### Alerts (Prometheus / Loki) (+0 −0 ~1)\n- ~ **HostMemoryPressure [critical]**: threshold `> 95` → `> 97`");
    expect(out).toContain("- + **alertmanager status-page (webhook)**");
    expect(out).toContain("- + **sns critical https status-page**");
    expect(out).toContain(
      "- ~ **critical**: pagerduty-checkout, pagerduty-catalog, pagerduty-platform, duty-phone, prod-alerts → pagerduty-checkout, pagerduty-catalog, pagerduty-platform, duty-phone, prod-alerts, status-page",
    );
    expect(out).toContain("- ~ **traces (Jaeger)**: 14d → 30d");
    // Nothing else moved: no alarm (memory alarms on EC2 use the same signal), no chart, no dashboard of Grafana.
    expect(out).not.toContain("Chart versions");
    expect(out).not.toMatch(/HostHighCpuLoad|ServiceHighErrorRatio/);
  });

  it("says so when nothing changed, and exits 0", async () => {
    const result = await runCli(["diff", dirs.base, dirs.base]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("### Monitoring changes\n\nno monitoring changes\n");
  });

  it("names environments added or removed, and refuses a folder without stacks", async () => {
    const both = mkdtempSync(join(tmpdir(), "diff-both-"));
    for (const stack of ["monitoring-prod", "monitoring-qa"]) {
      mkdirSync(join(both, "stacks", stack), { recursive: true });
      writeFileSync(join(both, "stacks", stack, "cdk.tf.json"), readFileSync(join(dirs.base, "stacks", "monitoring-prod", "cdk.tf.json")));
    }
    expect((await runCli(["diff", dirs.base, both])).stdout).toContain("- + stack **monitoring-qa** (new environment)");
    expect((await runCli(["diff", both, dirs.base])).stdout).toContain("- − stack **monitoring-qa** (environment removed)");
    const missing = await runCli(["diff", dirs.base, join(both, "nothing-here")]);
    expect(missing.status).toBe(2);
    expect((await runCli(["diff", dirs.base, mkdtempSync(join(tmpdir(), "empty-"))])).stderr).toContain("holds no synthesized stack");
  });
});

describe("monitoring-stack diff on Google Cloud and Azure", () => {
  it("shows an alert policy's and an Azure alert's changed threshold, and a changed log retention, as it does for CloudWatch", async () => {
    for (const [env, logRetention, retention] of [
      ["gcp", "30d", /- ~ \*\*Cloud Logging bucket _Default\*\*: 90 days → 30 days/],
      ["azure", "60d", /- ~ \*\*Log Analytics workspace [\w-]+\*\*: 30 days → 60 days/],
    ] as const) {
      const head = bundled(env);
      head.thresholds = { ...head.thresholds, cpuUtilization: { ...head.thresholds?.cpuUtilization, critical: 95 } };
      head.cloud = { ...head.cloud, logRetention } as typeof head.cloud;
      const dirs = synthOutputs(bundled(env), head);
      const out = (await runCli(["diff", dirs.base, dirs.head])).stdout;
      expect(out, env).toContain("#### Cloud alarms");
      if (env === "gcp")
        expect(out).toMatch(/- ~ \*\*gcp-[\w-]+-cpu-critical\*\*: `> 90 % for 600s \(critical\)` → `> 95 % for 600s \(critical\)`/);
      else
        expect(out).toMatch(/- ~ \*\*azure-[\w-]+-cpu-critical\*\*: `> 90 % over PT\w+ \(critical\)` → `> 95 % over PT\w+ \(critical\)`/);
      expect(out, env).toMatch(retention);
      expect(out, env).not.toContain("CloudWatch cost");
      // Warning tiers and other signals are untouched.
      expect(out, env).not.toMatch(/cpu-warning|memory-critical/);
    }
  });
});

describe("monitoring-stack cost", () => {
  it("prints a table whose numbers follow from the price table and the synthesized resources", async () => {
    const result = await runCli(["cost", "--env", "prod", "--instances-per-group", "3", "--log-gb-per-day", "2"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const rows = result.stdout
      .split("\n")
      .filter((l) => /^\| [a-zA-Z]/.test(l) && !l.startsWith("| item"))
      .map((l) => l.split("|").map((c) => c.trim()));
    const byItem = Object.fromEntries(
      rows.map(([, item, quantity, unit, monthly]) => [
        item,
        { quantity: Number(quantity), unit: Number(unit.slice(1)), monthly: Number(monthly.slice(1)) },
      ]),
    );
    for (const { quantity, unit, monthly } of Object.values(byItem)) expect(monthly).toBeCloseTo(quantity * unit, 2);
    const total = Number(result.stdout.match(/\*\*total\*\* \| \| \| \*\*\$([\d.]+)\*\*/)?.[1]);
    expect(total).toBeCloseTo(
      Object.values(byItem).reduce((n, r) => n + r.monthly, 0),
      2,
    );

    // Quantities read independently from the Terraform JSON of the same environment.
    const stack = synthesizeToJson(resolveEnvironment(BUNDLED_ENVIRONMENTS.prod)) as TerraformJson;
    const logGroups = Object.values(stack.resource.aws_cloudwatch_log_group) as TerraformJson[];
    expect(byItem["log ingestion (GB per month)"]).toEqual({
      quantity: logGroups.length * 2 * 30,
      unit: CLOUDWATCH_PRICES.logIngestionGb,
      monthly: logGroups.length * 60 * 0.5,
    });
    expect(byItem["log storage at retention (GB)"].quantity).toBe(logGroups.reduce((n, g) => n + 2 * g.retention_in_days, 0));
    expect(byItem["CloudWatch dashboards"].quantity).toBe(Object.keys(stack.resource.aws_cloudwatch_dashboard).length);
    expect(byItem["composite alarms"].unit).toBe(CLOUDWATCH_PRICES.compositeAlarmMonth);
    expect(result.stdout).toContain(`recorded ${CLOUDWATCH_PRICES.recordedOn}`);
    expect(result.stdout).toContain("3 instances per agent group, 2 GB of logs per log group and day");
  });

  it("is lower when log retention is shorter, as a reviewer would expect", async () => {
    const short = bundled("prod");
    short.retention = { ...short.retention, logs: "7d" };
    const dirs = synthOutputs(bundled("prod"), short);
    const out = (await runCli(["diff", dirs.base, dirs.head])).stdout;
    expect(out).toMatch(/#### CloudWatch cost: \$[\d.]+ → \$[\d.]+ per month \(saves \$[\d.]+\)/);
  });
});
