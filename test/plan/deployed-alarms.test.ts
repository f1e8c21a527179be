import { describe, expect, it } from "vitest";
import type { CloudAlarm } from "../../src/plan/cloud-alarm";
import { planEnvironment } from "../../src/plan/plan";
import { renderArtifacts } from "../../src/render/artifacts";
import { CLOUD_DOC_SECTIONS } from "../../src/render/docs/cloud-sections";
import { renderMonitoringDoc } from "../../src/render/docs/monitoring-doc";
import { loadEnvironments } from "../../stacks/environments";
import { resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";

/** A deployed alarm's name and the text it notifies with. */
interface Deployed {
  readonly name: string;
  readonly description: string;
  readonly composite?: boolean;
}

/** The resources of a type, one per instance: `for_each` maps (CloudWatch alarms are keyed by name) expanded. */
function instances(stack: TerraformJson, type: string): TerraformJson[] {
  return resourcesOf(stack, type).flatMap((r) => (r.for_each && typeof r.for_each === "object" ? Object.values(r.for_each) : [r]));
}

/** Every alarm, alert policy and alert rule of a synthesized stack, whatever the cloud. */
function deployedAlarms(stack: TerraformJson): Deployed[] {
  const metric = resourcesOf(stack, "aws_cloudwatch_metric_alarm").flatMap((r) =>
    Object.entries(r.for_each as Record<string, TerraformJson>).map(([name, v]) => ({ name, description: v.alarm_description as string })),
  );
  const composite = resourcesOf(stack, "aws_cloudwatch_composite_alarm").flatMap((r) =>
    Object.entries(r.for_each as Record<string, TerraformJson>).map(([name, v]) => ({
      name,
      description: v.alarm_description as string,
      composite: true,
    })),
  );
  const google = instances(stack, "google_monitoring_alert_policy").map((p) => ({
    name: p.display_name as string,
    description: p.documentation.content as string,
  }));
  const azure = [
    ...instances(stack, "azurerm_monitor_metric_alert"),
    ...instances(stack, "azurerm_monitor_scheduled_query_rules_alert_v2"),
  ].map((a) => ({ name: a.name as string, description: a.description as string }));
  return [...metric, ...composite, ...google, ...azure];
}

/**
 * A CloudWatch composite the renderer adds on its own: the gate that lets an anomaly band notify only above its traffic
 * floor (`…AboveFloor-warning`), or a part of a service composite too large for one rule (`…-composite-<symptom>-part…`).
 */
function rendererComposite(name: string, planned: ReadonlyMap<string, CloudAlarm>): boolean {
  const band = planned.get(name.replace(/AboveFloor-warning$/, "-warning"));
  if (name.endsWith("AboveFloor-warning") && band?.origin === "anomaly") return true;
  const part = /^(.*)-composite-(?:errors|latency)-part\d+-\d+-critical$/.exec(name);
  return Boolean(part && planned.get(`${part[1]}-composite-errorsWithLatency-critical`)?.origin === "composite");
}

describe("cloud alarms: the stack, the docs and the plan", () => {
  const specs = loadEnvironments().filter((s) => s.cloud);
  const stacks = synthEnvironments(specs);

  it("covers every cloud", () => {
    expect(new Set(specs.map((s) => s.cloud?.provider))).toEqual(new Set(["aws", "gcp", "azure"]));
  });

  it.each(specs.map((s) => [s.name, s] as const))("%s deploys exactly the plan's alarms, each with the plan's text", (name, spec) => {
    const plan = planEnvironment(spec).cloudAlarms;
    const planned = new Map(plan.map((a) => [a.name, a]));
    expect(planned.size, "alarm names are unique").toBe(plan.length);
    expect(plan.length).toBeGreaterThan(10);
    const deployed = deployedAlarms(stacks[name]);
    const own = deployed.filter((d) => planned.has(d.name));
    const extra = deployed.filter((d) => !planned.has(d.name) && !(d.composite && rendererComposite(d.name, planned)));
    expect(extra.map((d) => d.name)).toEqual([]);
    expect(new Set(own.map((d) => d.name))).toEqual(new Set(planned.keys()));
    expect(own.length).toBe(plan.length);
    // What a notification says is the plan's description (Google adds the intent's meaning and the link after it).
    for (const d of own) expect(d.description.startsWith(planned.get(d.name)?.description ?? "?"), d.name).toBe(true);
  });

  it.each(specs.map((s) => [s.name, s] as const))("%s documents exactly the plan's alarms, with the plan's conditions", (_, spec) => {
    const plan = planEnvironment(spec).cloudAlarms;
    const provider = spec.cloud?.provider ?? "aws";
    const documented = CLOUD_DOC_SECTIONS[provider](spec).alarms;
    expect(new Set(documented.map((d) => d.name))).toEqual(new Set(plan.map((a) => a.name)));
    expect(documented.length).toBe(plan.length);
    const markdown = renderMonitoringDoc(spec, renderArtifacts(spec));
    for (const alarm of plan) {
      const row = documented.find((d) => d.name === alarm.name);
      expect(row?.condition, alarm.name).toBe(alarm.condition);
      expect(row?.severity, alarm.name).toBe(alarm.severity);
      expect(row?.runbookSlug, alarm.name).toBe(alarm.runbookSlug);
      expect(alarm.description.startsWith(alarm.condition), alarm.name).toBe(true);
      expect(markdown, alarm.name).toContain(`| ${alarm.name} | ${alarm.condition.replaceAll("|", "\\|")} |`);
    }
  });

  it.each(specs.map((s) => [s.name, s] as const))("%s lists each planned alarm on its runbook page", (_, spec) => {
    const plan = planEnvironment(spec);
    const files = renderArtifacts(spec).files;
    for (const alarm of plan.cloudAlarms) {
      const page = files[`runbooks/${alarm.runbookSlug}.md`];
      expect(page, alarm.runbookSlug).toBeDefined();
      if (plan.runbooks.find((r) => r.slug === alarm.runbookSlug)?.source === "cloud")
        expect(page, alarm.name).toContain(`${alarm.name} (${alarm.severity}, ${alarm.service}): ${alarm.condition}`);
    }
  });
});
