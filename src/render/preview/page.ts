import { GRID, PAGE_PADDING, PAGE_WIDTH, pageSize, STAMP_HEIGHT } from "./layout";
import { UNIT_FORMATTER_JS } from "./units";
import type { PanelView, TimeWindow } from "./view";

/** The words every preview carries, in the page and so in its screenshot. */
export const PREVIEW_STAMP = "Preview from live queries, not a Grafana screenshot";

interface PreviewPage {
  readonly title: string;
  readonly env: string;
  readonly prometheusUrl: string;
  readonly window: TimeWindow;
  /** How each template variable was set ("namespace = All"), and the scrape interval used. */
  readonly settings: readonly string[];
  readonly panels: readonly PanelView[];
}

/** uPlot's browser build and stylesheet, inlined so the page stands alone (no network when it is opened). */
export interface UplotAssets {
  readonly script: string;
  readonly css: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

const utc = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ")}`;

/** A readable span: "15m", "6h", "1h30m". */
function span(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}` || "0s";
}

/** The stamp's text lines: what this is, where the data came from, for which time range. */
function stampLines(page: PreviewPage): string[] {
  const { start, end } = page.window;
  return [
    PREVIEW_STAMP,
    `${page.title} · env ${page.env} · ${utc(start)} to ${utc(end)} UTC (${span(end - start)}) · Prometheus ${page.prometheusUrl}`,
    page.settings.join(" · "),
  ];
}

function panelHtml(view: PanelView): string {
  const { left, top, width, height } = view.box;
  const at = `left:${left}px;top:${top}px;width:${width}px;height:${height}px`;
  const title = `<div class="title">${escapeHtml(view.title)}</div>`;
  switch (view.kind) {
    case "row":
      return `<div class="row" style="${at}">${view.collapsed ? "▸" : "▾"} ${escapeHtml(view.title)}${view.collapsed ? ' <span class="dim">(collapsed)</span>' : ""}</div>`;
    case "text":
      return `<div class="panel" style="${at}">${title}<div class="text">${escapeHtml(view.content)}</div></div>`;
    case "note":
      return `<div class="panel" data-type="${escapeHtml(view.type)}" style="${at}">${title}<div class="note">${escapeHtml(view.note)}</div></div>`;
    case "html":
      return `<div class="panel" data-type="${view.type}" style="${at}">${title}<div class="body">${view.html}</div></div>`;
    case "timeseries": {
      const legend = view.series.map((s) => `<span class="key"><i style="background:${s.color}"></i>${escapeHtml(s.name)}</span>`).join("");
      return `<div class="panel" data-type="timeseries" id="p-${view.id}" style="${at}">${title}<div class="plot"></div><div class="legend">${legend}</div></div>`;
    }
  }
}

/** Draws every time-series panel with uPlot, then records how many pixels of series colour each plot drew. */
const CLIENT_JS = `
(function () {
  var views = JSON.parse(document.getElementById("preview-data").textContent);
  function rgb(hex) { var n = parseInt(hex.slice(1), 16); return [(n >> 16) & 255, (n >> 8) & 255, n & 255]; }
  function rgba(hex, alpha) { var c = rgb(hex); return "rgba(" + c[0] + "," + c[1] + "," + c[2] + "," + alpha + ")"; }
  // Samples with no neighbour draw no line: Grafana shows them as points, so does the preview.
  function isolated(values) {
    var out = [];
    for (var i = 0; i < values.length; i++) {
      if (values[i] !== null && (i === 0 || values[i - 1] === null) && (i === values.length - 1 || values[i + 1] === null)) out.push(i);
    }
    return out;
  }
  var axis = { stroke: "#ccccdc", grid: { stroke: "rgba(204,204,220,0.08)", width: 1 }, ticks: { stroke: "rgba(204,204,220,0.15)", width: 1 }, font: "11px sans-serif" };
  var plots = [];
  views.forEach(function (view) {
    if (view.kind !== "timeseries") return;
    var box = document.querySelector("#p-" + view.id + " .plot");
    var data = [view.x].concat(view.series.map(function (s) { return s.values; }));
    var opts = {
      width: box.clientWidth, height: box.clientHeight,
      legend: { show: false }, cursor: { show: false },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      scales: { x: { time: true }, y: { range: function (u, min, max) {
        // No data, or a flat zero: Grafana's 0 to 1 (uPlot would widen zero to 0 to 100).
        if (min === null || max === null || (min === 0 && max === 0)) { min = 0; max = 1; }
        var r = uPlot.rangeNum(min, max, 0.1, true);
        return [view.min !== undefined ? view.min : r[0], view.max !== undefined ? view.max : r[1]];
      } } },
      axes: [Object.assign({}, axis), Object.assign({}, axis, { size: 64, values: function (u, splits) { return splits.map(function (v) { return formatValue(view.unit, v); }); } })],
      series: [{}].concat(view.series.map(function (s) {
        return { label: s.name, stroke: s.color, width: view.lineWidth, fill: view.fillOpacity > 0 ? rgba(s.color, view.fillOpacity / 100) : undefined, spanGaps: false, points: { show: true, size: 5, filter: isolated(s.values) } };
      })),
      hooks: { draw: [function (u) {
        var ctx = u.ctx;
        view.thresholdLines.forEach(function (line) {
          var y = Math.round(u.valToPos(line.value, "y", true));
          if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
          ctx.save(); ctx.strokeStyle = line.color; ctx.lineWidth = 1; ctx.setLineDash([10, 10]);
          ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke(); ctx.restore();
        });
      }] }
    };
    plots.push({ view: view, plot: new uPlot(opts, data, box) });
  });
  setTimeout(function () {
    var drawn = {};
    plots.forEach(function (p) {
      var u = p.plot, b = u.bbox;
      var colours = p.view.series.map(function (s) { return rgb(s.color); });
      var pixels = u.ctx.getImageData(b.left, b.top, Math.max(1, b.width), Math.max(1, b.height)).data;
      var count = 0;
      for (var i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] < 128) continue;
        for (var c = 0; c < colours.length; c++) {
          if (Math.abs(pixels[i] - colours[c][0]) + Math.abs(pixels[i + 1] - colours[c][1]) + Math.abs(pixels[i + 2] - colours[c][2]) < 60) { count++; break; }
        }
      }
      drawn[p.view.id] = count;
    });
    window.__previewDrawn = drawn;
  }, 0);
})();
`;

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; background: #111217; color: #ccccdc; font: 13px/1.35 "DejaVu Sans", Arial, sans-serif; width: ${PAGE_WIDTH}px; }
.stamp { height: ${STAMP_HEIGHT}px; padding: 8px ${PAGE_PADDING}px; background: #3d2f00; border-bottom: 2px solid #fade2a; white-space: nowrap; overflow: hidden; }
.stamp .what { color: #fade2a; font-weight: bold; font-size: 15px; }
.stamp .meta { font-size: 12px; }
.grid { position: relative; margin: ${PAGE_PADDING}px; }
.panel { position: absolute; background: #181b1f; border: 1px solid #2c3235; border-radius: 2px; display: flex; flex-direction: column; overflow: hidden; }
.title { height: 28px; line-height: 28px; padding: 0 8px; font-weight: 500; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; flex: none; }
.row { position: absolute; height: ${GRID.rowHeight}px; line-height: ${GRID.rowHeight}px; font-size: 15px; font-weight: 500; }
.dim, .more { color: #8e8e9a; }
.plot { flex: 1; min-height: 0; padding: 0 4px; }
.legend { flex: none; max-height: 36px; overflow: hidden; padding: 2px 8px 4px; font-size: 11px; }
.legend .key { margin-right: 12px; white-space: nowrap; }
.legend i { display: inline-block; width: 12px; height: 3px; margin-right: 4px; vertical-align: middle; }
.note { flex: 1; display: flex; align-items: center; justify-content: center; text-align: center; padding: 8px; color: #8e8e9a; font-style: italic; }
.text { padding: 0 8px; white-space: pre-wrap; overflow: hidden; }
.body { flex: 1; min-height: 0; overflow: hidden; padding: 0 8px 6px; }
.values.stat { display: flex; flex-wrap: wrap; height: 100%; align-items: center; justify-content: space-around; }
.v-cell { text-align: center; }
.v-value { font-size: 30px; font-weight: 500; }
.v-name { font-size: 11px; }
.v-bar-row { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
.v-bar-name { width: 30%; font-size: 11px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.v-bar { flex: 1; height: 14px; background: #22252b; }
.v-bar div { height: 100%; }
.v-bar-value { width: 80px; text-align: right; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #2c3235; white-space: nowrap; }
td.num { text-align: right; }
`;

/** The preview page: the stamp, then every panel where Grafana's grid puts it; uPlot draws the time series. */
export function previewHtml(page: PreviewPage, uplot: UplotAssets): string {
  const size = pageSize(page.panels.map((p) => p.box));
  const [what, meta, settings] = stampLines(page).map(escapeHtml);
  const data = JSON.stringify(page.panels.filter((p) => p.kind === "timeseries")).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(page.title)} (preview)</title>
<style>${uplot.css}</style>
<style>${STYLE}</style>
</head>
<body style="height:${size.height}px">
<div class="stamp"><div class="what">${what}</div><div class="meta">${meta}</div><div class="meta">${settings}</div></div>
<div class="grid">
${page.panels.map(panelHtml).join("\n")}
</div>
<script>${uplot.script}</script>
<script>${UNIT_FORMATTER_JS}</script>
<script id="preview-data" type="application/json">${data}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
