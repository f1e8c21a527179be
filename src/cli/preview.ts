import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { selectEnvironment } from "../../stacks/environments";
import { renderArtifacts } from "../render/artifacts";
import { prometheusTimeInterval } from "../render/dashboards/data-sources";
import type { RenderedDashboard } from "../render/dashboards/render";
import { dashboardRange } from "../render/preview/grafana-time";
import { pageSize } from "../render/preview/layout";
import { PREVIEW_STAMP, previewHtml, type UplotAssets } from "../render/preview/page";
import { type PanelModel, type PanelPlan, planPanels } from "../render/preview/panels";
import { customOptions, parseLabelValues, resolveVariable, type TemplateVariable } from "../render/preview/variables";
import { alignedWindow, type PanelView, panelView, type QueryResult, type Series, type TimeWindow } from "../render/preview/view";
import { configSeconds } from "../render/prometheus/config-duration";
import { Duration } from "../spec/duration";

interface PreviewOptions {
  readonly env?: string;
  readonly prometheus?: string;
  readonly out?: string;
  /** Time range ending now, e.g. "15m". @default - each dashboard's own default range (its `time.from`) */
  readonly range?: string;
  /** Comma-separated dashboard slugs. @default - every dashboard of the environment */
  readonly dashboards?: string;
  /** Grafana's "scrape interval" of the data source. @default - the Prometheus server's global scrape_interval */
  readonly scrapeInterval?: string;
  /** Chromium executable. @default - /usr/bin/chromium (Debian's package) */
  readonly chromium?: string;
}

/** Where Debian's `chromium` package puts the browser. */
const DEBIAN_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Bounds on every network wait. */
const QUERY_TIMEOUT_MS = 20_000;
const RENDER_TIMEOUT_MS = 60_000;

/** One panel of the written summary (preview.json). */
export interface PanelSummary {
  readonly id: number;
  readonly title: string;
  readonly type: string;
  /** drawn: data shown; note: not exercised (the reason in `note`); row/text: layout. */
  readonly state: "drawn" | "note" | "row" | "text";
  readonly note?: string;
  /** Time series: pixels of the series' colours the uPlot canvas drew in its plot area. */
  readonly seriesPixels?: number;
}

export interface DashboardSummary {
  readonly slug: string;
  readonly title: string;
  readonly html: string;
  readonly png?: string;
  readonly width: number;
  readonly height: number;
  readonly window: TimeWindow;
  readonly panels: readonly PanelSummary[];
}

/** The Prometheus URL as stamped and printed: without user information (never echo a credential). */
function displayUrl(url: URL): string {
  const shown = new URL(url.href);
  shown.username = "";
  shown.password = "";
  return shown.href.replace(/\/$/, "");
}

/** A GET on the Prometheus HTTP API, bounded; the `data` member of its answer, or the error it reports. */
async function api<T>(base: URL, path: string, params: Record<string, string | string[]>): Promise<T> {
  const url = new URL(path, base.href.endsWith("/") ? base.href : `${base.href}/`);
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) url.searchParams.append(key, v);
  const headers: Record<string, string> = {};
  if (base.username) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString("base64")}`;
    url.username = "";
    url.password = "";
  }
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(QUERY_TIMEOUT_MS) });
  const body = (await response.json().catch(() => undefined)) as { status?: string; data?: T; error?: string } | undefined;
  if (!response.ok || body?.status !== "success") throw new Error(body?.error ?? `HTTP ${response.status}`);
  return body.data as T;
}

/** The server's global scrape interval (what Grafana's data source `timeInterval` should say), if it tells. */
async function serverScrapeInterval(base: URL): Promise<Duration | undefined> {
  // A server without the config API (Thanos, Mimir) tells nothing; a value it does tell must be read right.
  const config = await api<{ yaml: string }>(base, "api/v1/status/config", {}).catch(() => undefined);
  const interval = config && (parse(config.yaml) as { global?: { scrape_interval?: unknown } } | null)?.global?.scrape_interval;
  if (interval === undefined || interval === null) return undefined;
  const field = "the server's global scrape_interval";
  const seconds = configSeconds(interval, field);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new Error(
      `${field}: ${JSON.stringify(interval)} is not whole seconds, which Grafana's interval arithmetic here needs; pass --scrape-interval`,
    );
  return Duration.seconds(seconds);
}

/** Values of every template variable: custom lists, label_values() from the server, constants. */
async function templateValues(base: URL, model: RenderedDashboard["model"], window: TimeWindow) {
  const list = ((model.templating as { list?: TemplateVariable[] } | undefined)?.list ?? []).filter((v) => v.type !== "datasource");
  const resolved = [];
  for (const variable of list) {
    let options: string[] = [];
    if (variable.type === "custom" || variable.type === "interval") options = customOptions(variable.query);
    else if (variable.type === "constant" || variable.type === "textbox")
      options = typeof variable.query === "string" ? [variable.query] : [];
    else if (variable.type === "query") {
      const query = parseLabelValues(variable.query);
      if (query) {
        const params: Record<string, string> = { start: String(window.start), end: String(window.end) };
        if (query.match) params["match[]"] = query.match;
        options = await api<string[]>(base, `api/v1/label/${encodeURIComponent(query.label)}/values`, params).catch(() => []);
      }
    }
    resolved.push(resolveVariable(variable, options));
  }
  return resolved;
}

function toSeries(data: { resultType: string; result: unknown[] }): Series[] {
  const number = (v: string) => Number(v);
  if (data.resultType === "matrix") {
    return (data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map((r) => ({
      labels: r.metric,
      points: r.values.map(([t, v]) => [t, number(v)] as const),
    }));
  }
  if (data.resultType === "vector") {
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({
      labels: r.metric,
      points: [[r.value[0], number(r.value[1])] as const],
    }));
  }
  if (data.resultType === "scalar") {
    const [t, v] = data.result as unknown as [number, string];
    return [{ labels: {}, points: [[t, number(v)]] }];
  }
  return [];
}

/** Runs the queries of one panel plan (range or instant, at the panel's step and aligned window). */
async function runQueries(base: URL, plan: PanelPlan, window: TimeWindow): Promise<QueryResult[]> {
  if (plan.kind !== "query") return [];
  const aligned = alignedWindow(window, plan.stepSeconds);
  return Promise.all(
    plan.queries.map(async (query) => {
      try {
        const data = query.instant
          ? await api<{ resultType: string; result: unknown[] }>(base, "api/v1/query", { query: query.expr, time: String(window.end) })
          : await api<{ resultType: string; result: unknown[] }>(base, "api/v1/query_range", {
              query: query.expr,
              start: String(aligned.start),
              end: String(aligned.end),
              step: String(plan.stepSeconds),
            });
        return { query, series: toSeries(data) };
      } catch (error) {
        return { query, series: [], error: (error as Error).message };
      }
    }),
  );
}

/** uPlot's browser build and stylesheet from the installed package. */
function uplotAssets(): UplotAssets {
  const dist = dirname(require.resolve("uplot/dist/uPlot.iife.min.js"));
  return { script: readFileSync(join(dist, "uPlot.iife.min.js"), "utf8"), css: readFileSync(join(dist, "uPlot.min.css"), "utf8") };
}

function summarize(view: PanelView, drawn: Readonly<Record<string, number>>): PanelSummary {
  const base = { id: view.id, title: view.title };
  switch (view.kind) {
    case "row":
      return { ...base, type: "row", state: "row" };
    case "text":
      return { ...base, type: "text", state: "text" };
    case "note":
      return { ...base, type: view.type, state: "note", note: view.note };
    case "html":
      return { ...base, type: view.type, state: "drawn" };
    case "timeseries":
      return { ...base, type: "timeseries", state: "drawn", seriesPixels: drawn[String(view.id)] ?? 0 };
  }
}

/**
 * `monitoring-stack preview --env <env> --prometheus <url> --out <dir>`: each dashboard of the environment (the
 * JSON `export` writes) laid out by its grid, its Prometheus panels filled from live queries with Grafana's variable
 * rules, time series drawn by uPlot, written as <slug>.html and, with headless Chromium, <slug>.png; preview.json
 * lists every panel and whether it was exercised.
 */
export async function previewCommand(options: PreviewOptions): Promise<number> {
  if (!options.env || !options.prometheus || !options.out) {
    process.stderr.write(
      "usage: monitoring-stack preview --env <env> --prometheus <url> --out <dir> [--range <duration>] [--dashboards <slug,...>] [--scrape-interval <duration>] [--chromium <path>]\n",
    );
    return 2;
  }
  let base: URL;
  try {
    base = new URL(options.prometheus);
    if (base.protocol !== "http:" && base.protocol !== "https:") throw new Error("not http");
  } catch {
    process.stderr.write(`--prometheus must be an http(s) URL such as http://127.0.0.1:9090\n`);
    return 2;
  }
  const range = options.range === undefined ? undefined : Duration.tryParse(options.range);
  if (options.range !== undefined && !range) {
    process.stderr.write(`--range must be a duration such as "15m" or "6h", received "${options.range}"\n`);
    return 2;
  }
  const forcedScrape = options.scrapeInterval === undefined ? undefined : Duration.tryParse(options.scrapeInterval);
  if (options.scrapeInterval !== undefined && !forcedScrape) {
    process.stderr.write(`--scrape-interval must be a duration such as "30s", received "${options.scrapeInterval}"\n`);
    return 2;
  }
  const spec = selectEnvironment(options.env);
  if (!spec) return 2;
  const all = renderArtifacts(spec).dashboards;
  const wanted = options.dashboards
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = (wanted ?? []).filter((slug) => !all.some((d) => d.slug === slug));
  if (unknown.length) {
    process.stderr.write(
      `no dashboard ${unknown.join(", ")} in environment "${spec.name}" (known: ${all.map((d) => d.slug).join(", ")})\n`,
    );
    return 2;
  }
  const dashboards = wanted ? all.filter((d) => wanted.includes(d.slug)) : all;
  try {
    await api(base, "api/v1/status/buildinfo", {});
  } catch (error) {
    process.stderr.write(`Prometheus at ${displayUrl(base)} does not answer its API: ${(error as Error).message}\n`);
    return 1;
  }
  let serverScrape: Duration | undefined;
  try {
    serverScrape = forcedScrape ? undefined : await serverScrapeInterval(base);
  } catch (error) {
    process.stderr.write(`Prometheus at ${displayUrl(base)}: ${(error as Error).message}\n`);
    return 1;
  }
  const scrape = forcedScrape ?? serverScrape ?? prometheusTimeInterval(spec);
  const scrapeSource = forcedScrape
    ? "--scrape-interval"
    : serverScrape
      ? "the server's global scrape_interval"
      : "the environment's data source";

  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const assets = uplotAssets();
  const end = Math.floor(Date.now() / 1000);
  const pages: Array<{ slug: string; title: string; html: string; views: PanelView[]; window: TimeWindow }> = [];
  for (const dashboard of dashboards) {
    const span = range ?? dashboardRange(dashboard);
    const window = { start: end - span.toSeconds(), end };
    const variables = await templateValues(base, dashboard.model, window);
    const plans = planPanels(
      (dashboard.model.panels ?? []) as PanelModel[],
      Object.fromEntries(variables.map((v) => [v.name, v.value])),
      span,
      scrape,
    );
    const views: PanelView[] = [];
    for (const plan of plans) views.push(panelView(plan, await runQueries(base, plan, window), window));
    const html = previewHtml(
      {
        title: dashboard.title,
        env: spec.name,
        prometheusUrl: displayUrl(base),
        window,
        settings: [...variables.map((v) => `${v.name} = ${v.label}`), `scrape interval ${scrape} (${scrapeSource})`],
        panels: views,
      },
      assets,
    );
    writeFileSync(join(out, `${dashboard.slug}.html`), html);
    pages.push({ slug: dashboard.slug, title: dashboard.title, html: join(out, `${dashboard.slug}.html`), views, window });
  }

  const chromium = options.chromium ?? DEBIAN_CHROMIUM.find((path) => existsSync(path));
  const drawn = new Map<string, Record<string, number>>();
  let browserError: string | undefined;
  if (!chromium || !existsSync(chromium)) {
    browserError = `Chromium not found (${options.chromium ?? DEBIAN_CHROMIUM.join(", ")}): apt-get install chromium, or pass --chromium <path>`;
  } else {
    try {
      await screenshots(chromium, out, pages, drawn);
    } catch (error) {
      const message = (error as Error).message.split("\n")[0];
      browserError = message.startsWith("playwright-core") ? message : `Chromium failed: ${message}${longTempDirHint(tmpdir())}`;
    }
  }

  const summaries: DashboardSummary[] = pages.map((p) => {
    const size = pageSize(p.views.map((v) => v.box));
    return {
      slug: p.slug,
      title: p.title,
      html: `${p.slug}.html`,
      ...(drawn.has(p.slug) ? { png: `${p.slug}.png` } : {}),
      ...size,
      window: p.window,
      panels: p.views.map((v) => summarize(v, drawn.get(p.slug) ?? {})),
    };
  });
  writeFileSync(
    join(out, "preview.json"),
    `${JSON.stringify({ stamp: PREVIEW_STAMP, env: spec.name, prometheus: displayUrl(base), scrapeInterval: scrape.toString(), dashboards: summaries }, null, 2)}\n`,
  );
  for (const s of summaries) {
    const shown = s.panels.filter((p) => p.state === "drawn").length;
    const notes = s.panels.filter((p) => p.state === "note").length;
    process.stdout.write(`${s.slug}: ${shown} panels with data, ${notes} not exercised -> ${join(out, s.png ?? s.html)}\n`);
  }
  if (browserError) {
    process.stderr.write(`${browserError}; the HTML previews are written, the PNGs are not\n`);
    return 1;
  }
  return 0;
}

/** Opens each page in headless Chromium (the system browser, via playwright-core) and saves a full-page PNG. */
async function screenshots(
  executablePath: string,
  out: string,
  pages: ReadonlyArray<{ slug: string; html: string; views: PanelView[] }>,
  drawn: Map<string, Record<string, number>>,
): Promise<void> {
  let playwright: typeof import("playwright-core");
  try {
    playwright = require("playwright-core") as typeof import("playwright-core");
  } catch {
    // An optional peer dependency: the library's users need it only for previews.
    throw new Error(
      "playwright-core is not installed (npm install playwright-core: it drives the system Chromium and downloads no browser)",
    );
  }
  const { chromium } = playwright;
  const browser = await chromium.launch({ executablePath, headless: true, timeout: RENDER_TIMEOUT_MS });
  try {
    // One tab for every page: a new tab (a new browser context) costs seconds on a loaded machine.
    const tab = await browser.newPage({ deviceScaleFactor: 1 });
    for (const page of pages) {
      await tab.setViewportSize(pageSize(page.views.map((v) => v.box)));
      await tab.goto(pathToFileURL(page.html).href, { timeout: RENDER_TIMEOUT_MS });
      const handle = await tab.waitForFunction(
        () => (globalThis as unknown as { __previewDrawn?: Record<string, number> }).__previewDrawn,
        undefined,
        {
          timeout: RENDER_TIMEOUT_MS,
        },
      );
      drawn.set(page.slug, (await handle.jsonValue()) as Record<string, number>);
      // The viewport is the page's size, so the visible area is the whole dashboard.
      await tab.screenshot({ path: join(out, `${page.slug}.png`), timeout: RENDER_TIMEOUT_MS });
    }
  } finally {
    await browser.close();
  }
}

/**
 * Chromium makes a Unix socket in the profile folder Playwright creates under TMPDIR
 * (`playwright_chromiumdev_profile-XXXXXX/SingletonSocket`, 54 bytes), and a socket path may have at most 107 bytes:
 * under a longer TMPDIR the browser closes at start with nothing that says why.
 */
export function longTempDirHint(tmp: string): string {
  const socketPath = Buffer.byteLength(tmp) + "/playwright_chromiumdev_profile-XXXXXX/SingletonSocket".length;
  return socketPath > 107
    ? ` (TMPDIR is ${Buffer.byteLength(tmp)} bytes long: Chromium's socket under it needs at most 107 bytes; set a shorter TMPDIR)`
    : "";
}
