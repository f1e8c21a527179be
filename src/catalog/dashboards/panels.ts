import * as bargauge from "@grafana/grafana-foundation-sdk/bargauge";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as logs from "@grafana/grafana-foundation-sdk/logs";
import * as loki from "@grafana/grafana-foundation-sdk/loki";
import * as nodegraph from "@grafana/grafana-foundation-sdk/nodegraph";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as text from "@grafana/grafana-foundation-sdk/text";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import type { ResolvedThreshold } from "../thresholds";
import type { DataSourceKind } from "./types";

/**
 * Small helpers that return preconfigured builders. Panels never name a data source uid: they reference the
 * dashboard's data source variable of their kind (`${prometheus}`, `${loki}`…), whose current value is the uid
 * provisioned on the delivery path, so the same dashboard works in the cluster, in an external Grafana and when
 * imported by hand (Grafana then picks a data source of that type).
 */
export const DATA_SOURCE_VARIABLES: Readonly<Record<DataSourceKind, { readonly name: string; readonly label: string }>> = {
  prometheus: { name: "prometheus", label: "Prometheus" },
  loki: { name: "loki", label: "Loki" },
  jaeger: { name: "jaeger", label: "Jaeger" },
  cloudwatch: { name: "cloudwatch", label: "CloudWatch" },
};

/** The data source reference of a kind: its dashboard variable. */
export function ds(kind: DataSourceKind): { type: string; uid: string } {
  return { type: kind, uid: `\${${DATA_SOURCE_VARIABLES[kind].name}}` };
}

/** A PromQL target (range query, legend from labels). */
export function promQuery(expr: string, legend?: string): prometheus.DataqueryBuilder {
  const query = new prometheus.DataqueryBuilder().datasource(ds("prometheus")).expr(expr).range();
  return legend ? query.legendFormat(legend) : query;
}

/** A PromQL target evaluated once at the end of the range (stats, tables, gauges). */
export function promInstant(expr: string, legend?: string): prometheus.DataqueryBuilder {
  const query = new prometheus.DataqueryBuilder().datasource(ds("prometheus")).expr(expr).instant();
  return legend ? query.legendFormat(legend) : query;
}

/** A PromQL instant query shown as a table: one row per series, labels as columns. */
export function promTable(expr: string): prometheus.DataqueryBuilder {
  return promInstant(expr).format(prometheus.PromQueryFormat.Table);
}

/** A LogQL target: a metric query (range) or a log query. */
export function lokiQuery(expr: string, legend?: string): loki.DataqueryBuilder {
  const query = new loki.DataqueryBuilder().datasource(ds("loki")).expr(expr);
  return legend ? query.legendFormat(legend) : query;
}

/**
 * A query of a data source the SDK has no typed builder for (Jaeger, CloudWatch search expressions): a plain query
 * model as that data source's query editor saves it.
 */
export class RawQueryBuilder implements cog.Builder<cog.Dataquery> {
  constructor(
    private readonly kind: DataSourceKind,
    private readonly model: Readonly<Record<string, unknown>>,
  ) {}

  build(): cog.Dataquery {
    return { refId: "A", datasource: ds(this.kind), ...this.model, _implementsDataqueryVariant: () => {} } as cog.Dataquery;
  }
}

interface PanelOptions {
  readonly description?: string;
  readonly unit?: string;
  /** Grid width (of 24). @default 12 */
  readonly width?: number;
  /** Grid height. @default 8 */
  readonly height?: number;
}

function thresholdSteps(steps: ReadonlyArray<readonly [number | null, string]>): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map(([value, color]) => ({ value, color })));
}

/** The warning and critical values of the alert behind a panel, in the panel's unit. */
export interface AlertTiers {
  readonly warning?: number;
  readonly critical: number;
}

/** An alert's resolved tiers in a panel's unit: `factor` converts (percent to ratio 0.01, milliseconds to seconds 0.001). */
export function alertTiers(threshold: ResolvedThreshold, factor = 1): AlertTiers {
  const scale = (v: number) => Number((v * factor).toPrecision(12));
  return { ...(threshold.warning !== undefined ? { warning: scale(threshold.warning) } : {}), critical: scale(threshold.critical) };
}

/** Dashed lines where the alert's tiers start: orange at warning, red at critical. */
function tierSteps(tiers: AlertTiers): ReadonlyArray<readonly [number | null, string]> {
  return [[null, "transparent"], ...(tiers.warning !== undefined ? [[tiers.warning, "orange"] as const] : []), [tiers.critical, "red"]];
}

/**
 * A time series panel. `tiers` draws the alert's warning and critical values as dashed lines; `seriesTiers` does the
 * same per series (by display name, e.g. a service's job), for panels showing several services with their own tiers.
 */
export function timeSeriesPanel(
  title: string,
  queries: readonly cog.Builder<cog.Dataquery>[],
  options: PanelOptions & {
    readonly tiers?: AlertTiers;
    readonly seriesTiers?: Readonly<Record<string, AlertTiers>>;
    readonly stacked?: boolean;
    readonly kind?: DataSourceKind;
  } = {},
): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(title)
    .datasource(ds(options.kind ?? "prometheus"))
    .targets([...queries])
    .unit(options.unit ?? "short")
    .span(options.width ?? 12)
    .height(options.height ?? 8)
    .fillOpacity(10)
    .lineWidth(1)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom)
        .showLegend(true),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
  if (options.description) panel.description(options.description);
  if (options.stacked) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  const series = Object.entries(options.seriesTiers ?? {});
  if (options.tiers) panel.thresholds(thresholdSteps(tierSteps(options.tiers)));
  for (const [name, tiers] of series) {
    panel.overrideByName(name, [{ id: "thresholds", value: thresholdSteps(tierSteps(tiers)).build() }]);
  }
  if (options.tiers || series.length > 0) {
    panel.thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
  }
  return panel;
}

/** A single big number with a sparkline; `steps` colour it (e.g. [[null, "green"], [1, "red"]]). */
export function statPanel(
  title: string,
  queries: readonly cog.Builder<cog.Dataquery>[],
  options: PanelOptions & { readonly steps?: ReadonlyArray<readonly [number | null, string]>; readonly kind?: DataSourceKind } = {},
): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(title)
    .datasource(ds(options.kind ?? "prometheus"))
    .targets([...queries])
    .unit(options.unit ?? "short")
    .span(options.width ?? 6)
    .height(options.height ?? 5)
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .thresholds(thresholdSteps(options.steps ?? [[null, "green"]]));
  if (options.description) panel.description(options.description);
  return panel;
}

/** Horizontal bars, one per series (per service, per database), coloured by `steps`. */
export function barGaugePanel(
  title: string,
  queries: readonly cog.Builder<cog.Dataquery>[],
  options: PanelOptions & { readonly steps: ReadonlyArray<readonly [number | null, string]>; readonly min?: number; readonly max?: number },
): bargauge.PanelBuilder {
  const panel = new bargauge.PanelBuilder()
    .title(title)
    .datasource(ds("prometheus"))
    .targets([...queries])
    .unit(options.unit ?? "short")
    .span(options.width ?? 12)
    .height(options.height ?? 8)
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .orientation(common.VizOrientation.Horizontal)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .thresholds(thresholdSteps(options.steps));
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  if (options.description) panel.description(options.description);
  return panel;
}

/** A table of the instant results of Prometheus queries or of another data source's rows. */
export function tablePanel(
  title: string,
  queries: readonly cog.Builder<cog.Dataquery>[],
  options: PanelOptions & { readonly kind?: DataSourceKind } = {},
): table.PanelBuilder {
  const panel = new table.PanelBuilder()
    .title(title)
    .datasource(ds(options.kind ?? "prometheus"))
    .targets([...queries])
    .unit(options.unit ?? "short")
    .span(options.width ?? 12)
    .height(options.height ?? 8);
  if (options.description) panel.description(options.description);
  return panel;
}

/** Log lines from Loki, newest first, with details (trace ids link to Jaeger through the data source's derived fields). */
export function logsPanel(title: string, expr: string, options: PanelOptions = {}): logs.PanelBuilder {
  const panel = new logs.PanelBuilder()
    .title(title)
    .datasource(ds("loki"))
    .targets([lokiQuery(expr).maxLines(200)])
    .span(options.width ?? 24)
    .height(options.height ?? 12)
    .showTime(true)
    .wrapLogMessage(true)
    .prettifyLogMessage(false)
    .enableLogDetails(true)
    .sortOrder(common.LogsSortOrder.Descending);
  if (options.description) panel.description(options.description);
  return panel;
}

/** The service graph of a tracing data source. */
export function nodeGraphPanel(title: string, query: cog.Builder<cog.Dataquery>, options: PanelOptions = {}): nodegraph.PanelBuilder {
  const panel = new nodegraph.PanelBuilder()
    .title(title)
    .datasource(ds("jaeger"))
    .targets([query])
    .span(options.width ?? 24)
    .height(options.height ?? 12);
  if (options.description) panel.description(options.description);
  return panel;
}

/** A Markdown note (what a row shows, where to go next). */
export function notePanel(title: string, markdown: string, options: PanelOptions = {}): text.PanelBuilder {
  return new text.PanelBuilder()
    .title(title)
    .mode(text.TextMode.Markdown)
    .content(markdown)
    .span(options.width ?? 24)
    .height(options.height ?? 3);
}

/** A full-width row header. */
export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title);
}

/** A link from a panel to another dashboard of the environment, keeping the time range and variables. */
export function dashboardLink(title: string, uid: string, query = ""): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder(title)
    .type(dashboard.DashboardLinkType.Link)
    .url(`/d/${uid}${query}`)
    .keepTime(true)
    .includeVars(query === "")
    .targetBlank(false);
}
