import { AZURE_WATCH_KINDS } from "../catalog/azure-monitor/registry";
import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../catalog/cloudwatch/registry";
import type { CloudWatchSource } from "../catalog/cloudwatch/types";
import { awsAlarmTargets } from "../plan/aws-alarm-targets";
import { awsWatchedResources } from "../plan/aws-alarms";
import { planAnomalyComposites } from "../plan/aws-composites";
import { type AzureWatched, azureWatchedKinds } from "../plan/azure-alarms";
import type { CloudAlarm, WatchedResource } from "../plan/cloud-alarm";
import { planEnvironment } from "../plan/plan";
import { renderArtifacts } from "../render/artifacts";
import { channelSeverities } from "../spec/channels";
import type { AwsCloudSpec } from "../spec/clouds/aws";
import type { AzureCloudSpec } from "../spec/clouds/azure";
import type { EnvironmentSpec } from "../spec/environment";
import type { Severity } from "../spec/primitives";
import { type TextOut, writeChunked } from "../terraform/stable-json-file";
import { PLAN_SUMMARY_FORMAT, type PlannedAlarmSummary, type PlannedAlertSummary, type PlanSummary } from "./plan-summary";

/*
 * The plan summary (`plan-summary.ts`) of an environment, made from its plan: the plan's alerts and alarms with how
 * each cloud deploys them (kind, metrics evaluated, composites, notification targets), from the plan and the catalog
 * only. The stack writes it at synth; `cost` reads it for an environment.
 */

/** The summary of an environment's plan: what synth writes to `monitoring-plan.json`. */
export function planSummary(spec: EnvironmentSpec): PlanSummary {
  return { format: PLAN_SUMMARY_FORMAT, environment: spec.name, alerts: alertSummaries(spec), alarms: [...alarmSummaries(spec)] };
}

/** The summary as written: stable key order (the plan's), two-space indent, a final newline. */
export function planSummaryText(spec: EnvironmentSpec): string {
  return `${JSON.stringify(planSummary(spec), null, 2)}\n`;
}

/**
 * Writes {@link planSummaryText} to the file at `path`, the same bytes, one alert or alarm at a time: at 10,000
 * watched resources the summary is 58 MB of text over 76,000 alarm objects, which synth held whole (objects, text and
 * its encoded copy) at its peak of memory (#19).
 */
export function writePlanSummaryFile(path: string, spec: EnvironmentSpec): void {
  writeChunked(path, (out) => {
    // planSummary's members, in its order, each as JSON.stringify(…, null, 2) writes it one level down.
    out.push(`{\n  "format": ${JSON.stringify(PLAN_SUMMARY_FORMAT)},\n  "environment": ${JSON.stringify(spec.name)},\n  "alerts": `);
    writeArray(out, alertSummaries(spec));
    out.push(',\n  "alarms": ');
    writeArray(out, alarmSummaries(spec));
    out.push("\n}\n");
  });
}

/** An array member of the summary object as JSON.stringify with a two-space indent writes it, item by item. */
function writeArray(out: TextOut, items: Iterable<object>): void {
  let first = true;
  for (const item of items) {
    out.push(first ? "[\n    " : ",\n    ");
    out.push(indentedTwoLevels(item));
    first = false;
  }
  out.push(first ? "[]" : "\n  ]");
}

/** The text of the two wrapping lists in {@link indentedTwoLevels}, before and after the item's own. */
const WRAP_START = "[\n  [\n    ".length;
const WRAP_END = "\n  ]\n]".length;

/**
 * An item's JSON (two-space indent) with every line after the first indented two levels more: JSON.stringify indents
 * it so itself inside two one-item lists, which are cut off again (the plan file's writer at 1,000 resources took
 * 216 instead of 295 ms of CPU when it re-indented the text).
 */
function indentedTwoLevels(item: object): string {
  const text = JSON.stringify([[item]], null, 2);
  return text.slice(WRAP_START, text.length - WRAP_END);
}

function alertSummaries(spec: EnvironmentSpec): PlannedAlertSummary[] {
  // Rules are deployed in the cluster only: without one, nothing evaluates them.
  if (!spec.kubernetes) return [];
  const receivers = renderArtifacts(spec).routing?.receiversBySeverity;
  // Multi-window alerts (an error budget's fast and slow burn) share name, service and severity: the second and later
  // get their rank in the key, so every rule is compared with its counterpart.
  const seen = new Map<string, number>();
  const unique = (key: string) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key} #${n}`;
  };
  return planEnvironment(spec).ruleGroups.flatMap((group) =>
    group.rules.flatMap((rule): PlannedAlertSummary[] => {
      if (rule.kind !== "alert") return [];
      const service = rule.labels?.service;
      return [
        {
          key: unique(`${rule.alert}${service ? ` (${service})` : ""} [${rule.severity}]`),
          name: rule.alert,
          severity: rule.severity,
          engine: group.engine,
          group: group.name,
          expr: rule.expr,
          for: rule.for?.toPrometheus() ?? "0s",
          ...(rule.threshold ? { threshold: { op: rule.threshold.op, value: rule.threshold.value } } : {}),
          receivers: [...(receivers?.[rule.severity] ?? [])],
        },
      ];
    }),
  );
}

/** The spec's channels that take a severity (Google notification channels, Azure action group receivers). */
const channelsOf = (spec: EnvironmentSpec) => (severity: Severity) =>
  spec.channels.filter((c) => channelSeverities(c).includes(severity)).map((c) => c.name);

/** A summary being built: its members are set in the order the file lists them. */
type Draft = { -readonly [K in keyof PlannedAlarmSummary]?: PlannedAlarmSummary[K] };

/** How the cloud deploys an alarm: the summary's members after the plan's, in their order in the file. */
interface Deployed {
  readonly cloud: PlannedAlarmSummary["cloud"];
  readonly kind: PlannedAlarmSummary["kind"];
  readonly members?: readonly string[];
  readonly metricCount: number;
  readonly scope?: PlannedAlarmSummary["scope"];
  readonly actions: readonly string[];
}

/**
 * An alarm's summary: the plan's members, then how the cloud deploys it. Built member by member in the order the file
 * lists them (a copy of the plan's members spread into each of the 10,000 summaries of 1,000 watched resources was
 * most of the summary's own time); a member set again later keeps its place.
 */
function summary(alarm: CloudAlarm, deployed: Deployed): Draft {
  const draft: Draft = {
    name: alarm.name,
    origin: alarm.origin,
    severity: alarm.severity,
    service: alarm.service,
    resource: alarm.resource,
    comparison: alarm.comparison,
    evaluation: alarm.evaluation,
  };
  if (alarm.tier) {
    draft.tier = { value: alarm.tier.value, unit: alarm.tier.unit, direction: alarm.tier.direction, for: alarm.tier.for.toPrometheus() };
  }
  draft.cloud = deployed.cloud;
  draft.kind = deployed.kind;
  if (deployed.members) draft.members = deployed.members;
  draft.metricCount = deployed.metricCount;
  if (deployed.scope) draft.scope = deployed.scope;
  draft.actions = deployed.actions;
  return draft;
}

/** The summaries of the cloud's alarms, made as they are read (the file writer keeps none of them). */
function alarmSummaries(spec: EnvironmentSpec): Iterable<PlannedAlarmSummary> {
  const alarms = planEnvironment(spec).cloudAlarms;
  switch (spec.cloud?.provider) {
    case "aws":
      return awsSummaries(spec, spec.cloud, alarms);
    case "gcp": {
      const channels = channelsOf(spec);
      return alarms.map(
        (alarm) =>
          summary(alarm, {
            cloud: "gcp",
            kind: alarm.comparison.kind === "query" ? "promql" : "policy",
            metricCount: 0,
            actions: channels(alarm.severity),
          }) as PlannedAlarmSummary,
      );
    }
    case "azure":
      return azureSummaries(spec, spec.cloud, alarms);
    default:
      return [];
  }
}

/** Metrics a CloudWatch alarm on a catalog source evaluates: one, each metric of a math expression, one query. */
function sourceMetrics(source: CloudWatchSource): number {
  return source.kind === "math" ? Math.max(1, Object.keys(source.metrics).length) : 1;
}

function* awsSummaries(spec: EnvironmentSpec, cloud: AwsCloudSpec, alarms: readonly CloudAlarm[]): Generator<PlannedAlarmSummary> {
  const actions = (severity: Severity, service: string) => {
    const targets = awsAlarmTargets(severity, service, spec.oncall !== undefined);
    return [`topic ${targets.topic}`, ...(targets.page ? [`page ${targets.page}`] : [])];
  };
  // Presets receive their resources as the renderer gives them; only the metric's identity needs what Terraform
  // knows (an ALB's ARN suffix), never the kind of source or its number of metrics, so the name stands in for it.
  const resources: Readonly<Record<string, readonly WatchedResource[]>> = {
    ...awsWatchedResources(spec.name, cloud.watch),
    loadBalancers: cloud.watch.loadBalancers.map((r) => ({ ...r, arnSuffix: r.loadBalancerName })),
  };
  // By kind and name: a search of the kind's list per alarm made the summary quadratic in the watched resources.
  const byKey = new Map<string, WatchedResource>();
  for (const [kind, list] of Object.entries(resources)) {
    for (const r of list) if (!byKey.has(`${kind}/${r.name}`)) byKey.set(`${kind}/${r.name}`, r);
  }
  const resourceOf = (alarm: CloudAlarm): WatchedResource | undefined => byKey.get(`${alarm.kind}/${alarm.resource}`);
  // What a preset's source is made of, by kind, preset and resource: the tiers of one preset share its source.
  const sources = new Map<string, Pick<Deployed, "kind" | "metricCount">>();
  const sourceOf = (alarm: CloudAlarm): Pick<Deployed, "kind" | "metricCount"> => {
    const key = `${alarm.kind}/${alarm.preset}/${alarm.resource}`;
    let found = sources.get(key);
    if (!found) {
      const registry: WatchKindRegistry = AWS_WATCH_KINDS;
      const preset = registry[alarm.kind]?.presets.find((p) => p.id === alarm.preset);
      const resource = resourceOf(alarm);
      const source = preset && resource ? (preset.source as (r: WatchedResource) => CloudWatchSource)(resource) : undefined;
      found = { kind: source?.kind === "insights" ? "insights" : "metric", metricCount: source ? sourceMetrics(source) : 1 };
      sources.set(key, found);
    }
    return found;
  };
  for (const alarm of alarms) {
    if (alarm.origin === "preset") {
      const { kind, metricCount } = sourceOf(alarm);
      yield summary(alarm, { cloud: "aws", kind, metricCount, actions: actions(alarm.severity, alarm.service) }) as PlannedAlarmSummary;
    } else if (alarm.origin === "anomaly") {
      // The band alarm evaluates its metric and the model's two bounds; it notifies through the composite below.
      yield summary(alarm, { cloud: "aws", kind: "anomaly", metricCount: 3, actions: [] }) as PlannedAlarmSummary;
    } else if (alarm.origin === "anomalyFloor" || alarm.origin === "audit") {
      const notifies = alarm.origin === "audit";
      yield summary(alarm, {
        cloud: "aws",
        kind: "metric",
        metricCount: 1,
        actions: notifies ? actions(alarm.severity, alarm.service) : [],
      }) as PlannedAlarmSummary;
    }
  }
  // Composites: the plan's (a service's errors AND latency, in part composites when too many to name in one rule),
  // and one per anomaly band that pages while traffic is above the band's floor.
  for (const rule of planEnvironment(spec).cloudComposites) {
    const composite = summary(rule.composite, {
      cloud: "aws",
      kind: "composite",
      members: rule.alarmNames,
      metricCount: 0,
      actions: rule.part ? [] : actions(rule.composite.severity, rule.composite.service),
    });
    composite.name = rule.name;
    yield composite as PlannedAlarmSummary;
  }
  for (const { name, band, floor } of planAnomalyComposites(alarms)) {
    const composite = summary(band, {
      cloud: "aws",
      kind: "composite",
      members: [band.name, floor.name],
      metricCount: 0,
      actions: actions(band.severity, band.service),
    });
    composite.name = name;
    composite.origin = "composite";
    composite.comparison = { kind: "allOf" };
    composite.evaluation = { cloud: "composite" };
    yield composite as PlannedAlarmSummary;
  }
}

function azureSummaries(spec: EnvironmentSpec, cloud: AzureCloudSpec, alarms: readonly CloudAlarm[]): PlannedAlarmSummary[] {
  const channels = channelsOf(spec);
  const kinds = new Map(
    azureWatchedKinds(AZURE_WATCH_KINDS, cloud.watch, { subscriptionId: cloud.subscriptionId }).map((k) => [k.key, k] as const),
  );
  // Each kind's resources by name (the first of a name, as a search finds it): one search per alarm was quadratic.
  const resources = new Map<string, AzureWatched>();
  for (const { key, resources: list } of kinds.values()) {
    for (const r of list) if (!resources.has(`${key}/${r.name}`)) resources.set(`${key}/${r.name}`, r);
  }
  return alarms.map((alarm): PlannedAlarmSummary => {
    const rule = alarm.evaluation.cloud === "azure" ? alarm.evaluation.rule : "metric";
    const entry = kinds.get(alarm.kind);
    const resource = resources.get(`${alarm.kind}/${alarm.resource}`);
    const scope = rule !== "log" && entry?.kind.scope && resource ? entry.kind.scope(resource).kind : undefined;
    return summary(alarm, {
      cloud: "azure",
      kind: rule === "log" ? "log-alert" : rule === "dynamic" ? "dynamic-alert" : "metric-alert",
      metricCount: 0,
      scope,
      actions: channels(alarm.severity),
    }) as PlannedAlarmSummary;
  });
}
