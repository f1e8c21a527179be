import type { Duration } from "../../spec/duration";
import { builtinVariables, panelIntervals } from "./grafana-time";
import { type Box, boxOf, type GridPos } from "./layout";
import { substitute } from "./variables";

/** The fields of a Grafana panel the preview reads. */
export interface PanelModel {
  readonly id?: number;
  readonly type: string;
  readonly title?: string;
  readonly gridPos: GridPos;
  readonly collapsed?: boolean;
  readonly panels?: readonly PanelModel[];
  readonly interval?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string } | null;
  readonly targets?: ReadonlyArray<TargetModel>;
  readonly options?: Record<string, unknown>;
  readonly fieldConfig?: { readonly defaults?: FieldConfig; readonly overrides?: readonly Override[] };
}

export interface TargetModel {
  readonly refId?: string;
  readonly expr?: string;
  readonly instant?: boolean;
  readonly range?: boolean;
  readonly hide?: boolean;
  readonly legendFormat?: string;
  readonly format?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string } | null;
}

export interface Thresholds {
  readonly steps: ReadonlyArray<{ readonly value: number | null; readonly color: string }>;
}

export interface FieldConfig {
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  readonly thresholds?: Thresholds;
  readonly color?: { readonly mode?: string; readonly fixedColor?: string };
  readonly mappings?: ReadonlyArray<{
    readonly type: string;
    readonly options?: Record<string, { readonly text?: string; readonly color?: string }>;
  }>;
  readonly custom?: {
    readonly fillOpacity?: number;
    readonly lineWidth?: number;
    readonly stacking?: { readonly mode?: string };
    readonly thresholdsStyle?: { readonly mode?: string };
  };
}

export interface Override {
  readonly matcher: { readonly id: string; readonly options?: unknown };
  readonly properties: ReadonlyArray<{ readonly id: string; readonly value?: unknown }>;
}

/** One query the preview runs against Prometheus. */
export interface PlannedQuery {
  readonly refId: string;
  readonly expr: string;
  readonly instant: boolean;
  readonly legendFormat?: string;
}

/** What the preview does with one panel. */
export type PanelPlan =
  | { readonly kind: "row"; readonly panel: PanelModel; readonly box: Box }
  | { readonly kind: "text"; readonly panel: PanelModel; readonly box: Box }
  | { readonly kind: "skip"; readonly panel: PanelModel; readonly box: Box; readonly reason: string }
  | {
      readonly kind: "query";
      readonly panel: PanelModel;
      readonly box: Box;
      readonly queries: readonly PlannedQuery[];
      /** The query_range step (`$__interval`), in seconds. */
      readonly stepSeconds: number;
    };

/** Panel types the preview draws: time series with uPlot, the others in plain HTML. */
const DRAWN_TYPES = new Set(["timeseries", "stat", "gauge", "bargauge", "table"]);

/** Readable names of Grafana data source types, for "not exercised here" notes. */
const DATA_SOURCE_NAMES: Readonly<Record<string, string>> = {
  loki: "Loki",
  jaeger: "Jaeger",
  tempo: "Tempo",
  cloudwatch: "CloudWatch",
  stackdriver: "Google Cloud Monitoring",
  "grafana-azure-monitor-datasource": "Azure Monitor",
  alertmanager: "Alertmanager",
  elasticsearch: "Elasticsearch",
  "grafana-opensearch-datasource": "OpenSearch",
};

/** The data source type a panel queries: its own, else its targets' (a panel with none uses the default, Prometheus). */
function dataSourceType(panel: PanelModel): string {
  const own = panel.datasource?.type;
  if (own && own !== "datasource") return own;
  const types = new Set((panel.targets ?? []).map((t) => t.datasource?.type).filter((t): t is string => !!t && t !== "datasource"));
  if (types.size === 1) return [...types][0];
  if (types.size > 1) return "mixed";
  return "prometheus";
}

/**
 * What the preview does with each panel of a dashboard, laid out by `gridPos`: rows and text as written, Prometheus
 * panels of a drawn type as queries with every Grafana variable substituted, the rest noted as not exercised.
 * Panels inside a collapsed row stay hidden, as Grafana shows them.
 */
export function planPanels(
  panels: readonly PanelModel[],
  variables: Readonly<Record<string, string>>,
  range: Duration,
  scrape: Duration,
): PanelPlan[] {
  return panels.map((panel): PanelPlan => {
    const box = boxOf(panel.gridPos);
    if (panel.type === "row") return { kind: "row", panel, box };
    if (panel.type === "text") return { kind: "text", panel, box };
    const source = dataSourceType(panel);
    if (source !== "prometheus") {
      const name = DATA_SOURCE_NAMES[source] ?? source;
      return { kind: "skip", panel, box, reason: `not exercised here: ${name} data source (this preview queries Prometheus only)` };
    }
    if (!DRAWN_TYPES.has(panel.type)) {
      return { kind: "skip", panel, box, reason: `not exercised: the preview does not draw ${panel.type} panels` };
    }
    const intervals = panelIntervals(range, box.width, scrape, panel.interval);
    const values = { ...variables, ...builtinVariables(range, intervals) };
    const queries = (panel.targets ?? [])
      .filter((t) => t.hide !== true && typeof t.expr === "string" && t.expr.trim() !== "")
      .map((t, i) => ({
        refId: t.refId ?? String.fromCharCode(65 + i),
        expr: substitute(t.expr as string, values),
        // Time series always plot a range; the other panels take an instant value when the target asks for one.
        instant: panel.type !== "timeseries" && t.instant === true && t.range !== true,
        ...(t.legendFormat !== undefined ? { legendFormat: t.legendFormat } : {}),
      }));
    if (queries.length === 0) return { kind: "skip", panel, box, reason: "not exercised: the panel has no query" };
    return { kind: "query", panel, box, queries, stepSeconds: intervals.interval.toSeconds() };
  });
}
