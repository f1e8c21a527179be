import { describe, expect, it } from "vitest";
import { largeSpec } from "../../../bench/large-spec";
import { AWS_WATCH_KINDS } from "../../../src/catalog/cloudwatch";
import { awsAlarmTargets } from "../../../src/plan/aws-alarm-targets";
import { bindAwsAlarms, renderAwsAlarms, symbolicAwsAlarms } from "../../../src/render/aws/alarm-set";
import { renderAwsMonitoring } from "../../../src/render/aws/monitoring";
import { type EnvironmentInput, type EnvironmentSpec, resolveEnvironment } from "../../../src/spec";
import type { AwsCloudSpec } from "../../../src/spec/clouds/aws";
import { AWS_RENDER_INPUTS } from "../../support/alarms";
import { bundled } from "../../support/synth";

/** Inputs shaped as the stack's: a topic per severity, and the owner's on-call topic besides for a page. */
function stackLikeInputs(spec: EnvironmentSpec) {
  return {
    actions: (severity: Parameters<typeof awsAlarmTargets>[0], service: string) => {
      const targets = awsAlarmTargets(severity, service, spec.oncall !== undefined);
      const topic = `arn:aws:sns:eu-west-1:123456789012:${targets.topic}`;
      return targets.page ? [topic, `arn:aws:sns:eu-west-1:123456789012:oncall-${targets.page}`] : [topic];
    },
    // A Terraform token, as the stack's data source gives it.
    albArnSuffix: (name: string) => `\${TfToken[TOKEN.${name.length}]}`,
  };
}

const awsCloud = (spec: EnvironmentSpec) => spec.cloud as AwsCloudSpec;

const environments: Array<[string, () => EnvironmentInput]> = [
  ["staging", () => bundled("staging")],
  // On-call pages (two actions), an audit trail, an ALB with anomaly detection and a Metrics Insights query.
  ["prod", () => bundled("prod")],
  ["generated (60 resources, 6 services)", () => largeSpec(60, 6)],
];

describe("the alarm set is rendered once with stand-ins and bound to the stack's inputs", () => {
  it.each(environments)("%s: binding gives what rendering with the inputs gives", (_, input) => {
    const spec = resolveEnvironment(input());
    for (const inputs of [stackLikeInputs(spec), AWS_RENDER_INPUTS]) {
      const bound = bindAwsAlarms(symbolicAwsAlarms(spec, awsCloud(spec)), inputs);
      expect(bound).toEqual(renderAwsAlarms(spec, awsCloud(spec), inputs));
      expect(JSON.stringify(bound)).not.toContain("\\u0000");
    }
  });

  it("prod's set has every kind of stand-in bound: pages, audit alarms, ALB dimensions and queries", () => {
    const spec = resolveEnvironment(bundled("prod"));
    const inputs = stackLikeInputs(spec);
    const bound = bindAwsAlarms(symbolicAwsAlarms(spec, awsCloud(spec)), inputs);
    expect(bound.auditAlarms.length).toBeGreaterThan(0);
    expect(bound.alarms.some((a) => a.alarmActions.length === 2)).toBe(true);
    const text = JSON.stringify(bound.alarms.map((a) => a.source));
    expect(text).toContain(`"LoadBalancer":"\${TfToken[TOKEN.16]}"`);
    expect(text).toContain("WHERE LoadBalancer = '${TfToken[TOKEN.16]}'");
  });

  it("validation's set is the stack's: rendered once per spec, and the stack's alarms come from it", () => {
    const spec = resolveEnvironment(bundled("prod"));
    const set = symbolicAwsAlarms(spec, awsCloud(spec));
    expect(symbolicAwsAlarms(spec, awsCloud(spec))).toBe(set);
    const rendered = renderAwsMonitoring(spec, awsCloud(spec), AWS_RENDER_INPUTS);
    expect(rendered.alarms.map((a) => a.name)).toEqual(set.alarms.map((a) => a.name));
    // The same objects, not equal copies: a second render would make its own.
    rendered.alarms.forEach((alarm, i) => {
      expect(alarm.meta).toBe(set.alarms[i].meta);
    });
    expect([...set.notified].sort()).toEqual(["critical", "warning"]);
  });

  it("a test's own registry gets a set of its own", () => {
    const spec = resolveEnvironment(bundled("prod"));
    const own = { ...AWS_WATCH_KINDS };
    expect(symbolicAwsAlarms(spec, awsCloud(spec), own)).not.toBe(symbolicAwsAlarms(spec, awsCloud(spec)));
  });

  it("an ARN suffix with a quote is refused (it would have been escaped inside a query)", () => {
    const spec = resolveEnvironment(bundled("prod"));
    expect(() => bindAwsAlarms(symbolicAwsAlarms(spec, awsCloud(spec)), { ...AWS_RENDER_INPUTS, albArnSuffix: () => "app/it's" })).toThrow(
      /holds a quote/,
    );
  });
});
