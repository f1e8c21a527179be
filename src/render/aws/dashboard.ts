import {
  ALARM_STATUS_WIDGET,
  type CloudWatchMetric,
  DASHBOARD_COLUMNS,
  GRAPH_WIDGET,
  MAX_ALARMS_PER_WIDGET,
} from "../../catalog/cloudwatch";
import type { PlannedDashboard } from "../../plan/aws-dashboards";
import type { MetricAlarmDefinition, MetricQuery } from "./alarm-types";

export interface DashboardWidget {
  readonly type: "metric" | "alarm" | "text";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

export interface DashboardDefinition {
  /** `<env>-monitoring`, then `<env>-monitoring-2`… when split. */
  readonly name: string;
  readonly body: { readonly widgets: readonly DashboardWidget[] };
  /**
   * Names of the alarms whose status and metrics this dashboard shows (runbook pages link the one of their alarm).
   * @default - none named
   */
  readonly alarms?: readonly string[];
}

interface DashboardRenderOptions {
  readonly region: string;
  /** The rendered alarms the dashboards show (every name of `dashboards` among them). */
  readonly alarms: readonly MetricAlarmDefinition[];
  /** ARN of an alarm by name (account and partition usually come from data sources). */
  readonly alarmArn: (name: string) => string;
  /** Which dashboard shows each alarm: the plan's (`planEnvironment(spec).cloudDashboards`). */
  readonly dashboards: readonly PlannedDashboard[];
}

type Unplaced = Omit<DashboardWidget, "x" | "y">;

function metricRow(metric: CloudWatchMetric, options: Record<string, unknown>): unknown[] {
  const stat = metric.statistic;
  return [metric.namespace, metric.metricName, ...Object.entries(metric.dimensions).flat(), { stat, ...options }];
}

function queryRows(queries: readonly MetricQuery[]): unknown[][] {
  return queries.map((q) =>
    q.metric
      ? metricRow(q.metric, { id: q.id, period: q.metric.periodSeconds, visible: q.returnData })
      : [{ expression: q.expression, id: q.id, label: q.label, ...(q.periodSeconds ? { period: q.periodSeconds } : {}) }],
  );
}

/** One graph per preset and resource (the plan's), with the tiers as horizontal annotations. */
function presetWidget(region: string, tiers: readonly MetricAlarmDefinition[]): Unplaced {
  const [first] = tiers;
  const source = first.source;
  const metrics = source.kind === "metric" ? [metricRow(source.metric, {})] : queryRows(source.queries);
  const horizontal = tiers
    .filter((t) => t.threshold !== undefined)
    .map((t) => ({ label: t.meta?.severity ?? "threshold", value: t.threshold }));
  return {
    type: "metric",
    ...GRAPH_WIDGET,
    properties: {
      title: `${first.meta?.resource ?? first.name}: ${first.meta?.preset ?? ""}`,
      region,
      view: "timeSeries",
      stacked: false,
      metrics,
      ...(source.kind === "metric" ? { period: source.periodSeconds } : {}),
      ...(horizontal.length > 0 ? { annotations: { horizontal } } : {}),
    },
  };
}

function alarmWidgets(names: readonly string[], alarmArn: (name: string) => string, title: string): Unplaced[] {
  const widgets: Unplaced[] = [];
  for (let i = 0; i < names.length; i += MAX_ALARMS_PER_WIDGET) {
    widgets.push({
      type: "alarm",
      ...ALARM_STATUS_WIDGET,
      properties: {
        title: `${title} (${i / MAX_ALARMS_PER_WIDGET + 1})`,
        alarms: names.slice(i, i + MAX_ALARMS_PER_WIDGET).map(alarmArn),
        sortBy: "stateUpdatedTimestamp",
      },
    });
  }
  return widgets;
}

/** Places widgets left to right, top to bottom, on CloudWatch's grid. */
function place(widgets: readonly Unplaced[]): DashboardWidget[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return widgets.map((w) => {
    if (x + w.width > DASHBOARD_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { ...w, x, y };
    x += w.width;
    rowHeight = Math.max(rowHeight, w.height);
    return placed;
  });
}

/**
 * The environment's dashboards as the plan splits them: alarm status at the top, then each watched resource's graphs
 * (a graph per preset, its tiers as annotations).
 */
export function renderDashboards(options: DashboardRenderOptions): DashboardDefinition[] {
  const byName = new Map(options.alarms.map((a) => [a.name, a]));
  const alarm = (dashboard: string, name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`dashboard ${dashboard} shows alarm "${name}", which is not rendered`);
    return found;
  };
  return options.dashboards.map((d) => {
    const graphs = d.graphs.map((tiers) =>
      presetWidget(
        options.region,
        tiers.map((name) => alarm(d.name, name)),
      ),
    );
    return { name: d.name, body: { widgets: place([...alarmWidgets(d.alarms, options.alarmArn, "Alarms"), ...graphs]) }, alarms: d.alarms };
  });
}
