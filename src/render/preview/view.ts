import type { Box } from "./layout";
import type { FieldConfig, PanelModel, PanelPlan, PlannedQuery, Thresholds } from "./panels";
import { formatValue } from "./units";

/** One series as Prometheus returned it: its labels and its samples ([unix seconds, value]). */
export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** The answer to one planned query. */
export interface QueryResult {
  readonly query: PlannedQuery;
  readonly series: readonly Series[];
  readonly error?: string;
}

/** The time window of the preview, in unix seconds. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** What the page shows for one panel. */
export type PanelView =
  | { readonly kind: "row"; readonly id: number; readonly title: string; readonly box: Box; readonly collapsed: boolean }
  | { readonly kind: "text"; readonly id: number; readonly title: string; readonly box: Box; readonly content: string }
  | { readonly kind: "note"; readonly id: number; readonly type: string; readonly title: string; readonly box: Box; readonly note: string }
  | { readonly kind: "html"; readonly id: number; readonly type: string; readonly title: string; readonly box: Box; readonly html: string }
  | {
      readonly kind: "timeseries";
      readonly id: number;
      readonly type: "timeseries";
      readonly title: string;
      readonly box: Box;
      readonly unit: string;
      readonly min?: number;
      readonly max?: number;
      readonly fillOpacity: number;
      readonly lineWidth: number;
      readonly x: readonly number[];
      readonly series: ReadonlyArray<{ readonly name: string; readonly color: string; readonly values: ReadonlyArray<number | null> }>;
      /** Horizontal threshold lines (value and colour), drawn when the panel's thresholds style shows them. */
      readonly thresholdLines: ReadonlyArray<{ readonly value: number; readonly color: string }>;
    };

/** Grafana's classic palette, the default colour scheme of time series. */
const PALETTE = [
  "#7EB26D",
  "#EAB839",
  "#6ED0E0",
  "#EF843C",
  "#E24D42",
  "#1F78C1",
  "#BA43A9",
  "#705DA0",
  "#508642",
  "#CCA300",
  "#447EBC",
  "#C15C17",
];

/** Grafana's named colours (dark theme). */
const NAMED: Readonly<Record<string, string>> = {
  green: "#73BF69",
  red: "#F2495C",
  orange: "#FF9830",
  yellow: "#FADE2A",
  blue: "#5794F2",
  purple: "#B877D9",
  "dark-red": "#C4162A",
  "dark-green": "#37872D",
  "dark-orange": "#FA6400",
  "dark-yellow": "#E0B400",
  text: "#CCCCDC",
  transparent: "transparent",
};

const color = (name: string): string => NAMED[name] ?? name;

/** The colour of a value under absolute thresholds: the highest step at or below it. */
function thresholdColor(thresholds: Thresholds | undefined, value: number): string | undefined {
  let found: string | undefined;
  for (const step of thresholds?.steps ?? []) if (step.value === null || value >= step.value) found = step.color;
  return found === undefined ? undefined : color(found);
}

/** A series' display name: the legend format with `{{label}}` filled in, else its labels as Prometheus prints them. */
export function seriesName(labels: Readonly<Record<string, string>>, legendFormat: string | undefined, expr: string): string {
  if (legendFormat && legendFormat !== "__auto")
    return legendFormat.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, l: string) => labels[l] ?? "");
  const { __name__: name, ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}="${v}"`);
  if (!name && pairs.length === 0) return expr;
  return `${name ?? ""}${pairs.length ? `{${pairs.join(", ")}}` : ""}`;
}

/** The field config of one series: the defaults with the overrides that match its name (byName, byRegexp). */
function fieldConfigFor(panel: PanelModel, name: string): FieldConfig {
  let config: Record<string, unknown> = { ...(panel.fieldConfig?.defaults ?? {}) };
  for (const override of panel.fieldConfig?.overrides ?? []) {
    const { id, options } = override.matcher;
    const matches =
      (id === "byName" && options === name) ||
      (id === "byRegexp" && typeof options === "string" && safeRegex(options)?.test(name) === true);
    if (!matches) continue;
    for (const property of override.properties) {
      if (property.id === "color") config = { ...config, color: property.value };
      else if (["unit", "min", "max", "decimals", "thresholds", "mappings"].includes(property.id))
        config = { ...config, [property.id]: property.value };
      else if (property.id.startsWith("custom.")) {
        config = { ...config, custom: { ...(config.custom as object), [property.id.slice(7)]: property.value } };
      }
    }
  }
  return config as FieldConfig;
}

function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(source.replace(/^\/(.*)\/[a-z]*$/, "$1"));
  } catch {
    return undefined;
  }
}

type Calc = "lastNotNull" | "last" | "firstNotNull" | "first" | "mean" | "max" | "min" | "sum" | "count" | "range";

/** Grafana's reducers the stat, gauge and bar gauge panels use (`reduceOptions.calcs[0]`; default last non-null). */
export function reduce(points: ReadonlyArray<readonly [number, number]>, calc: string): number | null {
  const values = points.map(([, v]) => v).filter((v) => !Number.isNaN(v));
  if (values.length === 0) return null;
  switch (calc as Calc) {
    case "first":
    case "firstNotNull":
      return values[0];
    case "mean":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "max":
      return Math.max(...values);
    case "min":
      return Math.min(...values);
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "count":
      return values.length;
    case "range":
      return Math.max(...values) - Math.min(...values);
    default:
      return values[values.length - 1];
  }
}

/** A value mapped by the field's value mappings (type "value"), else formatted in its unit. */
function display(config: FieldConfig, value: number | null): { text: string; color?: string } {
  for (const mapping of config.mappings ?? []) {
    if (mapping.type !== "value" || value === null) continue;
    const hit = mapping.options?.[String(value)];
    if (hit) return { text: hit.text ?? formatValue(config.unit, value), ...(hit.color ? { color: color(hit.color) } : {}) };
  }
  if (value !== null && config.decimals !== undefined && (config.unit ?? "short") === "short")
    return { text: value.toFixed(config.decimals) };
  return { text: formatValue(config.unit, value) };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

interface Named {
  readonly name: string;
  readonly series: Series;
}

function named(results: readonly QueryResult[]): Named[] {
  return results.flatMap((r) =>
    r.series.map((series) => ({ name: seriesName(series.labels, r.query.legendFormat, r.query.expr), series })),
  );
}

/** The reason a panel shows nothing: every query failed, or none returned a series. */
function emptyReason(results: readonly QueryResult[]): string | undefined {
  if (results.some((r) => r.series.length > 0)) return undefined;
  const errors = [...new Set(results.map((r) => r.error).filter((e): e is string => !!e))];
  if (errors.length) return `not exercised: the query failed (${errors.join("; ")})`;
  return "not exercised: the queries returned no data here";
}

/** Stat, gauge and bar gauge: one reduced value per series, coloured by thresholds, in plain HTML. */
function valuesHtml(panel: PanelModel, items: readonly Named[]): string {
  const calc = ((panel.options?.reduceOptions as { calcs?: string[] } | undefined)?.calcs ?? [])[0] ?? "lastNotNull";
  const cells = items.slice(0, 12).map(({ name, series }) => {
    const config = fieldConfigFor(panel, name);
    const value = reduce(series.points, calc);
    const shown = display(config, value);
    const tint = shown.color ?? (value === null ? undefined : thresholdColor(config.thresholds, value)) ?? NAMED.text;
    const label = items.length > 1 ? `<div class="v-name">${escapeHtml(name)}</div>` : "";
    if (panel.type === "stat") {
      return `<div class="v-cell">${label}<div class="v-value" style="color:${tint}">${escapeHtml(shown.text)}</div></div>`;
    }
    // Gauges as a bar: the value's share of [min, max] (percent units default to 0–100 / 0–1, as in Grafana).
    const min = config.min ?? 0;
    const max = config.max ?? (config.unit === "percent" ? 100 : config.unit === "percentunit" ? 1 : Math.max(value ?? 0, 1) * 1.2);
    const share = value === null || max <= min ? 0 : Math.min(1, Math.max(0, (value - min) / (max - min)));
    return `<div class="v-bar-row"><div class="v-bar-name">${escapeHtml(name)}</div><div class="v-bar"><div style="width:${(share * 100).toFixed(1)}%;background:${tint}"></div></div><div class="v-bar-value" style="color:${tint}">${escapeHtml(shown.text)}</div></div>`;
  });
  return `<div class="values ${panel.type === "stat" ? "stat" : "bars"}">${cells.join("")}</div>`;
}

/** Table: one row per series, its labels as columns and the last value of each query. */
function tableHtml(panel: PanelModel, results: readonly QueryResult[]): string {
  const multi = results.length > 1;
  const rows = new Map<string, { labels: Readonly<Record<string, string>>; values: Record<string, number | null> }>();
  for (const result of results) {
    for (const series of result.series) {
      const { __name__: _, ...labels } = series.labels;
      const key = JSON.stringify(Object.entries(labels).sort());
      const row = rows.get(key) ?? { labels, values: {} };
      row.values[result.query.refId] = reduce(series.points, "lastNotNull");
      rows.set(key, row);
    }
  }
  const labelColumns = [...new Set([...rows.values()].flatMap((r) => Object.keys(r.labels)))].sort();
  const valueColumns = results.map((r) => r.query.refId);
  const sorted = [...rows.values()].sort((a, b) =>
    JSON.stringify(labelColumns.map((c) => a.labels[c])).localeCompare(JSON.stringify(labelColumns.map((c) => b.labels[c]))),
  );
  const head = [...labelColumns, ...valueColumns.map((r) => (multi ? `Value #${r}` : "Value"))]
    .map((c) => `<th>${escapeHtml(c)}</th>`)
    .join("");
  const body = sorted
    .slice(0, 20)
    .map((row) => {
      const labelCells = labelColumns.map((c) => `<td>${escapeHtml(row.labels[c] ?? "")}</td>`).join("");
      const valueCells = valueColumns
        .map((r) => {
          const config = fieldConfigFor(panel, "Value");
          const value = row.values[r] ?? null;
          const tint = value === null ? undefined : thresholdColor(config.thresholds, value);
          return `<td class="num"${tint ? ` style="color:${tint}"` : ""}>${escapeHtml(display(config, value).text)}</td>`;
        })
        .join("");
      return `<tr>${labelCells}${valueCells}</tr>`;
    })
    .join("");
  const more = sorted.length > 20 ? `<div class="more">${sorted.length - 20} more rows</div>` : "";
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/** The window of a range query with this step: start and end rounded down to the step, as Grafana aligns them. */
export function alignedWindow(window: TimeWindow, step: number): TimeWindow {
  return { start: Math.floor(window.start / step) * step, end: Math.floor(window.end / step) * step };
}

/** The x values of a range query: Prometheus answers at start + k * step up to end. */
function rangeTimestamps(window: TimeWindow, step: number): number[] {
  const out: number[] = [];
  for (let t = window.start; t <= window.end; t += step) out.push(t);
  return out;
}

/** A time-series panel: every series on the shared time axis, nulls where a series has no sample (gaps drawn). */
function timeseriesView(panel: PanelModel, id: number, box: Box, items: readonly Named[], x: readonly number[]): PanelView {
  const defaults = panel.fieldConfig?.defaults ?? {};
  const index = new Map(x.map((t, i) => [Math.round(t * 1000), i]));
  let series = items.map(({ name, series: s }, i) => {
    const values: Array<number | null> = x.map(() => null);
    for (const [t, v] of s.points) {
      const at = index.get(Math.round(t * 1000));
      if (at !== undefined && !Number.isNaN(v)) values[at] = v;
    }
    const config = fieldConfigFor(panel, name);
    const fixed = config.color?.mode === "fixed" && config.color.fixedColor ? color(config.color.fixedColor) : undefined;
    return { name, color: fixed ?? PALETTE[i % PALETTE.length], values, config };
  });
  // Stacked panels: each series drawn at the running sum, the highest first so the lower ones stay visible.
  if (defaults.custom?.stacking?.mode === "normal") {
    const sums = x.map(() => 0);
    const stack = (v: number | null, i: number) => {
      if (v === null) return null;
      sums[i] += v;
      return sums[i];
    };
    series = series.map((s) => ({ ...s, values: s.values.map(stack) })).reverse();
  }
  const style = defaults.custom?.thresholdsStyle?.mode ?? "off";
  const lines = new Map<string, { value: number; color: string }>();
  if (style !== "off") {
    for (const s of series.length ? series : [{ config: defaults }]) {
      for (const step of s.config.thresholds?.steps ?? []) {
        if (step.value !== null && step.color !== "transparent")
          lines.set(`${step.value}/${step.color}`, { value: step.value, color: color(step.color) });
      }
    }
  }
  return {
    kind: "timeseries",
    id,
    type: "timeseries",
    title: panel.title ?? "",
    box,
    unit: defaults.unit ?? "short",
    ...(defaults.min !== undefined ? { min: defaults.min } : {}),
    ...(defaults.max !== undefined ? { max: defaults.max } : {}),
    fillOpacity: defaults.custom?.fillOpacity ?? 0,
    lineWidth: defaults.custom?.lineWidth ?? 1,
    x,
    series: series.map(({ name, color: c, values }) => ({ name, color: c, values })),
    thresholdLines: [...lines.values()],
  };
}

/**
 * What the page shows for one planned panel, given the answers to its queries (none for rows, text and skipped
 * panels). Pure: the same plan and answers give the same view.
 */
export function panelView(plan: PanelPlan, results: readonly QueryResult[], window: TimeWindow): PanelView {
  const { panel, box } = plan;
  const id = panel.id ?? 0;
  const title = panel.title ?? "";
  switch (plan.kind) {
    case "row":
      return { kind: "row", id, title, box, collapsed: panel.collapsed === true };
    case "text":
      return { kind: "text", id, title, box, content: String((panel.options as { content?: unknown } | undefined)?.content ?? "") };
    case "skip":
      return { kind: "note", id, type: panel.type, title, box, note: plan.reason };
  }
  const empty = emptyReason(results);
  if (empty) return { kind: "note", id, type: panel.type, title, box, note: empty };
  const items = named(results);
  if (panel.type === "timeseries")
    return timeseriesView(panel, id, box, items, rangeTimestamps(alignedWindow(window, plan.stepSeconds), plan.stepSeconds));
  const html = panel.type === "table" ? tableHtml(panel, results) : valuesHtml(panel, items);
  return { kind: "html", id, type: panel.type, title, box, html };
}
