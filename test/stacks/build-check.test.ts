import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { App, TerraformStack } from "cdktf";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { generatedNameProblems } from "../../src/spec/generated-names";
import { stackNameProblems, stackNameProblemsBeforeSynth } from "../../stacks/build-check";
import { MonitoringStack } from "../../stacks/monitoring-stack";
import { bundled } from "../support/synth";

// biome-ignore lint/suspicious/noExplicitAny: tests poke long values into spec inputs
type Loose = any;

/** Bundled environments with long names (and a Google project id that Cloud Storage refuses inside a bucket name). */
function longNamed(base: Parameters<typeof bundled>[0]): EnvironmentInput {
  const input = bundled(base) as Loose;
  input.name = `${base}${"x".repeat(40 - base.length)}`;
  for (const [i, channel] of (input.channels ?? []).entries()) channel.name = `c${i}${"h".repeat(38)}`;
  if (base === "gcp") input.cloud.project = "my-google-shop";
  return input;
}

afterEach(() => vi.restoreAllMocks());

describe("the generated-name check of a built stack (validate, npm run synth, monitoring-stack synth)", () => {
  for (const [base, refused] of [
    ["prod", true],
    ["gcp", true],
    ["azure", false],
  ] as const) {
    it(`${base}: finds exactly what the check of the whole resolved stack finds`, () => {
      const stack = new MonitoringStack(new App(), { spec: resolveEnvironment(longNamed(base)) });
      const found = stackNameProblems(stack);
      expect(found.length > 0).toBe(refused);
      expect(found).toEqual(generatedNameProblems(stack.spec, stack.toTerraform()));
    });
  }

  for (const base of ["prod", "gcp"] as const) {
    it(`${base}: the check before synth (the app) finds what validate's check finds`, () => {
      const spec = resolveEnvironment(longNamed(base));
      const before = stackNameProblemsBeforeSynth(new MonitoringStack(new App(), { spec }));
      expect(before.length).toBeGreaterThan(0);
      expect(before).toEqual(stackNameProblems(new MonitoringStack(new App(), { spec })));
    });
  }

  it("before synth, resolves the stack once: synth writes that configuration, the same bytes as a synth alone", () => {
    const spec = resolveEnvironment(bundled("prod"));
    const written = (check: boolean) => {
      const outdir = mkdtempSync(join(tmpdir(), "name-check-"));
      try {
        const app = new App({ outdir });
        const stack = new MonitoringStack(app, { spec });
        const whole = vi.spyOn(TerraformStack.prototype, "toTerraform");
        if (check) expect(stackNameProblemsBeforeSynth(stack)).toEqual([]);
        app.synth();
        expect(whole).toHaveBeenCalledTimes(1);
        whole.mockRestore();
        return readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8");
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    };
    const checked = written(true);
    // The provider pins an aspect adds at synth are in the configuration the check resolved.
    expect(JSON.parse(checked).terraform.required_providers.aws.version).toMatch(/\d/);
    expect(checked).toBe(written(false));
  });

  it("does not resolve the whole stack: synth resolves it once, after the check", () => {
    const stack = new MonitoringStack(new App(), { spec: resolveEnvironment(bundled("prod")) });
    const whole = vi.spyOn(TerraformStack.prototype, "toTerraform");
    expect(stackNameProblems(stack)).toEqual([]);
    expect(whole).not.toHaveBeenCalled();
  });

  it("reads names from the each.value fields of a for_each map, as the check of the whole stack does", () => {
    // The check resolves only the fields names are made of: the rest of each alarm's definition is left out.
    const stack = Object.assign(new TerraformStack(new App(), "names"), { spec: { name: "names" } });
    const alarms = new CloudwatchMetricAlarm(stack, "alarms", {
      alarmName: "${each.value.alarm_name}",
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 1,
    });
    alarms.addOverride("for_each", {
      long: { alarm_name: `a${"l".repeat(299)}`, threshold: 1, dimensions: { FunctionName: "f" } },
      short: { alarm_name: "short", threshold: 2 },
    });
    const found = stackNameProblems(stack as never);
    expect(found.map((p) => p.message)).toEqual([expect.stringContaining("(aws_cloudwatch_metric_alarm.alarm_name, 300 characters)")]);
    expect(found).toEqual(generatedNameProblems(stack.spec, stack.toTerraform()));
  });
});
