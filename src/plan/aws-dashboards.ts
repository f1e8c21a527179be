import {
  ALARM_ARN_CHARACTERS,
  ALARM_STATUS_FRAME_CHARACTERS,
  ANOMALY_BAND_STANDARD_DEVIATIONS,
  albArnSuffixOfLength,
  type CloudWatchMetric,
  type CloudWatchSource,
  GRAPH_FRAME_CHARACTERS,
  MAX_ALARMS_PER_WIDGET,
  MAX_DASHBOARD_BODY_CHARACTERS,
  MAX_METRICS_PER_DASHBOARD,
  MAX_WIDGETS_PER_DASHBOARD,
  METRIC_ROW_CHARACTERS,
  type WatchKindRegistry,
} from "../catalog/cloudwatch";
import { auditMetricNamespace } from "../model/naming";
import type { AwsCloudSpec } from "../spec/clouds/aws";
import { type AwsPlannedKind, awsWatchedResources } from "./aws-alarms";
import type { CloudAlarm, WatchedResource } from "./cloud-alarm";

/** One CloudWatch dashboard of the environment and the alarms it shows (status widgets, and graphs by resource). */
export interface PlannedDashboard {
  /** `<env>-monitoring`, then `<env>-monitoring-2`… when split. */
  readonly name: string;
  /** Names of its alarms, grouped by resource and preset, in the order the dashboard lists them. */
  readonly alarms: readonly string[];
  /** Its graphs, in order: each the alarms (tiers) of one preset on one resource, drawn from the first one's source. */
  readonly graphs: ReadonlyArray<readonly string[]>;
}

/** One graph of a dashboard: the tiers of one preset on one resource, with the size its widget takes. */
export interface DashboardGraph {
  /** What groups graphs on one dashboard: the owning service and the resource. */
  readonly block: string;
  readonly alarms: readonly string[];
  /** Metric rows the graph draws (CloudWatch counts them against MAX_METRICS_PER_DASHBOARD). */
  readonly metrics: number;
  /** An upper bound of the widget's characters in the dashboard body (title, region and metric rows included). */
  readonly characters: number;
}

/** The alarms a CloudWatch dashboard shows: every metric alarm on a watched resource and the audit trail's. */
const ON_DASHBOARD = new Set<CloudAlarm["origin"]>(["preset", "anomaly", "anomalyFloor", "audit"]);

/**
 * The size of a graph's metric rows: their count, and their text with each row's frame. A metric is a row, and so is
 * an expression or query (its text and label given as one string).
 */
function rows(metrics: readonly CloudWatchMetric[], expressions: readonly string[]): Pick<DashboardGraph, "metrics" | "characters"> {
  const count = metrics.length + expressions.length;
  const text = metrics.reduce((n, m) => n + JSON.stringify(m).length, 0) + expressions.reduce((n, e) => n + JSON.stringify(e).length, 0);
  return { metrics: count, characters: text + count * METRIC_ROW_CHARACTERS };
}

function sourceRows(source: CloudWatchSource): Pick<DashboardGraph, "metrics" | "characters"> {
  switch (source.kind) {
    case "metric":
      return rows([source.metric], []);
    case "math":
      return rows(Object.values(source.metrics), [source.expression + source.label]);
    case "insights":
      return rows([], [source.query + source.label]);
  }
}

/**
 * The graphs of an environment's CloudWatch dashboards, from the plan's alarms and the catalog's sources: one per
 * preset and resource (its tiers share it), drawing the first tier's source. ALB dimensions are sized as the real ARN
 * suffix, which only Terraform knows.
 */
export function dashboardGraphs(
  env: string,
  cloud: AwsCloudSpec,
  alarms: readonly CloudAlarm[],
  registry: WatchKindRegistry,
): DashboardGraph[] {
  const resources = {
    ...awsWatchedResources(env, cloud.watch),
    loadBalancers: cloud.watch.loadBalancers.map((r) => ({ ...r, arnSuffix: albArnSuffixOfLength(r.loadBalancerName) })),
  };
  const byName = new Map(Object.entries(resources).flatMap(([key, list]) => list.map((r) => [`${key}/${r.name}`, r] as const)));
  const resourceOf = (alarm: CloudAlarm) => byName.get(`${alarm.kind}/${alarm.resource}`);
  const size = (alarm: CloudAlarm): Pick<DashboardGraph, "metrics" | "characters"> => {
    if (alarm.origin === "audit")
      return rows([{ namespace: auditMetricNamespace(env), metricName: alarm.preset, dimensions: {}, statistic: "Sum" }], []);
    const kind = registry[alarm.kind] as unknown as AwsPlannedKind<WatchedResource> | undefined;
    const resource = resourceOf(alarm);
    if (!kind || !resource) throw new Error(`alarm "${alarm.name}" has no watched resource of kind "${alarm.kind}"`);
    if (alarm.origin === "preset") {
      const preset = kind.presets.find((p) => p.id === alarm.preset);
      if (!preset) throw new Error(`no CloudWatch preset for "${alarm.name}"`);
      return sourceRows(preset.source(resource));
    }
    const anomaly = kind.anomalies.find((p) => p.id === alarm.preset);
    if (!anomaly) throw new Error(`no CloudWatch anomaly preset for "${alarm.name}"`);
    return alarm.origin === "anomaly"
      ? rows(
          [anomaly.metric(resource)],
          [`ANOMALY_DETECTION_BAND(m1, ${ANOMALY_BAND_STANDARD_DEVIATIONS})${anomaly.intent.title} (expected band)`],
        )
      : rows([anomaly.requests(resource)], []);
  };
  // By resource, then preset, in the order they first come (a resource's anomaly alarms come after every preset's).
  const blocks = new Map<string, Map<string, { block: string; first: CloudAlarm; alarms: string[] }>>();
  for (const alarm of alarms.filter((a) => ON_DASHBOARD.has(a.origin))) {
    const block = `${alarm.service}/${alarm.resource}`;
    const graphs = blocks.get(block) ?? new Map();
    const graph = graphs.get(alarm.preset) ?? { block, first: alarm, alarms: [] };
    graph.alarms.push(alarm.name);
    graphs.set(alarm.preset, graph);
    blocks.set(block, graphs);
  }
  return [...blocks.values()]
    .flatMap((graphs) => [...graphs.values()])
    .map(({ block, first, alarms: names }) => {
      const { metrics, characters } = size(first);
      const title = `${first.resource}: ${first.preset}`;
      return { block, alarms: names, metrics, characters: characters + GRAPH_FRAME_CHARACTERS + title.length + cloud.region.length };
    });
}

/**
 * Which dashboard shows each alarm: alarm status at the top, then each watched resource's graphs. A resource's graphs
 * stay on one dashboard; a new dashboard starts when the next resource would pass a limit of CloudWatch (widgets,
 * metrics) or the body budget. Graphs of one resource are kept together in the order they come.
 */
export function planDashboardPages(
  env: string,
  region: string,
  graphs: readonly DashboardGraph[],
  maxWidgets: number = MAX_WIDGETS_PER_DASHBOARD,
): PlannedDashboard[] {
  interface Page {
    alarms: string[];
    graphs: string[][];
    metrics: number;
    /** Graphs' and alarm ARNs' characters. */
    characters: number;
  }
  const blocks = new Map<string, Page>();
  const arn = (name: string) => ALARM_ARN_CHARACTERS + region.length + name.length;
  for (const graph of graphs) {
    const block = blocks.get(graph.block) ?? { alarms: [], graphs: [], metrics: 0, characters: 0 };
    block.alarms.push(...graph.alarms);
    block.graphs.push([...graph.alarms]);
    block.metrics += graph.metrics;
    block.characters += graph.characters + graph.alarms.reduce((n, name) => n + arn(name), 0);
    blocks.set(graph.block, block);
  }
  const statusWidgets = (alarms: number) => Math.ceil(alarms / MAX_ALARMS_PER_WIDGET);
  const fits = (alarms: number, widgets: number, metrics: number, characters: number) =>
    widgets + statusWidgets(alarms) <= maxWidgets &&
    metrics <= MAX_METRICS_PER_DASHBOARD &&
    characters + ALARM_STATUS_FRAME_CHARACTERS * statusWidgets(alarms) <= MAX_DASHBOARD_BODY_CHARACTERS;
  const pages: Page[] = [];
  for (const block of blocks.values()) {
    if (!fits(block.alarms.length, block.graphs.length, block.metrics, block.characters))
      throw new Error(
        `one resource needs ${block.graphs.length + statusWidgets(block.alarms.length)} dashboard widgets, more than one dashboard holds`,
      );
    const page = pages.at(-1);
    if (
      page &&
      fits(
        page.alarms.length + block.alarms.length,
        page.graphs.length + block.graphs.length,
        page.metrics + block.metrics,
        page.characters + block.characters,
      )
    ) {
      page.alarms.push(...block.alarms);
      page.graphs.push(...block.graphs);
      page.metrics += block.metrics;
      page.characters += block.characters;
    } else pages.push(block);
  }
  return pages.map((p, i) => ({
    name: i === 0 ? `${env}-monitoring` : `${env}-monitoring-${i + 1}`,
    alarms: p.alarms,
    graphs: p.graphs,
  }));
}

/** The environment's CloudWatch dashboards, when `cloud.dashboard` asks for them. */
export function planAwsDashboards(
  env: string,
  cloud: AwsCloudSpec,
  alarms: readonly CloudAlarm[],
  registry: WatchKindRegistry,
): PlannedDashboard[] {
  return cloud.dashboard ? planDashboardPages(env, cloud.region, dashboardGraphs(env, cloud, alarms, registry)) : [];
}
