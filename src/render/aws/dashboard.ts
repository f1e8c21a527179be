import type { CloudWatchMetric } from "../../catalog/cloudwatch/types";
import { pushTo } from "../../util/push-to";
import type { MetricAlarmDefinition, MetricQuery } from "./alarm-types";

/** CloudWatch's limit of widgets per dashboard. */
export const MAX_WIDGETS_PER_DASHBOARD = 500;
/** Alarms one alarm-status widget lists (CloudWatch's limit per widget). */
export const MAX_ALARMS_PER_WIDGET = 100;
/** CloudWatch quotas: at most 2,500 metrics per dashboard, across all widgets. */
export const MAX_METRICS_PER_DASHBOARD = 2_500;
/**
 * Budget for a dashboard body's JSON. The API reference publishes no size for DashboardBody, so dashboards split well
 * before anything CloudWatch could reject (a full 500-widget page of this renderer is 250-360 kB).
 */
export const MAX_DASHBOARD_BODY_CHARACTERS = 500_000;

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
  readonly env: string;
  readonly region: string;
  readonly alarms: readonly MetricAlarmDefinition[];
  /** ARN of an alarm by name (account and partition usually come from data sources). */
  readonly alarmArn: (name: string) => string;
  /** @default 500, CloudWatch's limit */
  readonly maxWidgets?: number;
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

/** One graph per preset and resource, with the tiers as horizontal annotations. */
function presetWidget(region: string, tiers: readonly MetricAlarmDefinition[]): Unplaced {
  const [first] = tiers;
  const source = first.source;
  const metrics = source.kind === "metric" ? [metricRow(source.metric, {})] : queryRows(source.queries);
  const horizontal = tiers
    .filter((t) => t.threshold !== undefined)
    .map((t) => ({ label: t.meta?.severity ?? "threshold", value: t.threshold }));
  return {
    type: "metric",
    width: 8,
    height: 6,
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

/** Widgets of one resource: a graph per preset (warning and critical tiers share it). */
function resourceBlocks(region: string, alarms: readonly MetricAlarmDefinition[]): Array<{ alarms: string[]; widgets: Unplaced[] }> {
  const blocks = new Map<string, Map<string, MetricAlarmDefinition[]>>();
  for (const alarm of alarms) {
    const key = `${alarm.meta?.service}/${alarm.meta?.resource ?? alarm.name}`;
    const presets = blocks.get(key) ?? new Map<string, MetricAlarmDefinition[]>();
    const preset = alarm.meta?.preset ?? alarm.name;
    pushTo(presets, preset, alarm);
    blocks.set(key, presets);
  }
  return [...blocks.values()].map((presets) => ({
    alarms: [...presets.values()].flat().map((a) => a.name),
    widgets: [...presets.values()].map((tiers) => presetWidget(region, tiers)),
  }));
}

function alarmWidgets(names: readonly string[], alarmArn: (name: string) => string, title: string): Unplaced[] {
  const widgets: Unplaced[] = [];
  for (let i = 0; i < names.length; i += MAX_ALARMS_PER_WIDGET) {
    widgets.push({
      type: "alarm",
      width: 24,
      height: 6,
      properties: {
        title: `${title} (${i / MAX_ALARMS_PER_WIDGET + 1})`,
        alarms: names.slice(i, i + MAX_ALARMS_PER_WIDGET).map(alarmArn),
        sortBy: "stateUpdatedTimestamp",
      },
    });
  }
  return widgets;
}

/** Places widgets left to right, top to bottom, on CloudWatch's 24-column grid. */
function place(widgets: readonly Unplaced[]): DashboardWidget[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return widgets.map((w) => {
    if (x + w.width > 24) {
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
 * The environment's dashboards: alarm status at the top, then each watched resource's key metrics. A resource's
 * widgets stay on one dashboard; a new dashboard starts when the next resource would pass the widget limit.
 */
export function renderDashboards(options: DashboardRenderOptions): DashboardDefinition[] {
  const max = options.maxWidgets ?? MAX_WIDGETS_PER_DASHBOARD;
  interface Page {
    alarms: string[];
    widgets: Unplaced[];
    metrics: number;
    characters: number;
  }
  const empty = (): Page => ({ alarms: [], widgets: [], metrics: 0, characters: 0 });
  const widgetCount = (alarms: number, widgets: number) => widgets + Math.ceil(alarms / MAX_ALARMS_PER_WIDGET);
  // Placement and alarm-widget framing add under 200 characters per widget.
  const fits = (alarms: number, widgets: number, metrics: number, characters: number) =>
    widgetCount(alarms, widgets) <= max &&
    metrics <= MAX_METRICS_PER_DASHBOARD &&
    characters + 200 * widgetCount(alarms, widgets) <= MAX_DASHBOARD_BODY_CHARACTERS;
  const pages: Page[] = [];
  let page = empty();
  for (const block of resourceBlocks(options.region, options.alarms)) {
    const metrics = block.widgets.reduce((n, w) => n + ((w.properties.metrics as unknown[] | undefined)?.length ?? 0), 0);
    const characters = JSON.stringify(block.widgets).length + block.alarms.reduce((n, name) => n + options.alarmArn(name).length + 3, 0);
    if (
      page.widgets.length > 0 &&
      !fits(
        page.alarms.length + block.alarms.length,
        page.widgets.length + block.widgets.length,
        page.metrics + metrics,
        page.characters + characters,
      )
    ) {
      pages.push(page);
      page = empty();
    }
    if (!fits(block.alarms.length, block.widgets.length, metrics, characters))
      throw new Error(
        `one resource needs ${widgetCount(block.alarms.length, block.widgets.length)} dashboard widgets, more than one dashboard holds`,
      );
    page.alarms.push(...block.alarms);
    page.widgets.push(...block.widgets);
    page.metrics += metrics;
    page.characters += characters;
  }
  if (page.widgets.length > 0) pages.push(page);
  return pages.map((p, i) => {
    const name = i === 0 ? `${options.env}-monitoring` : `${options.env}-monitoring-${i + 1}`;
    return { name, body: { widgets: place([...alarmWidgets(p.alarms, options.alarmArn, "Alarms"), ...p.widgets]) }, alarms: p.alarms };
  });
}
