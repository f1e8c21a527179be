// biome-ignore-all lint/suspicious/noExplicitAny: dashboard JSON models are untyped by nature
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { allPanels, canHaveData } from "../support/dashboards";

/**
 * Runs the Prometheus targets of exported dashboards against a live Prometheus the way Grafana does: variables take
 * their current value (a multi-value "All" becomes the variable's allValue, a query variable otherwise its first value
 * from Prometheus), `$__interval` is the range over Grafana's ~1000 points (at least the scrape interval),
 * `$__rate_interval` is max($__interval + scrape interval, 4 x scrape interval), `$__range` the whole range, and range
 * targets go through query_range, instant targets through query at the end of the range.
 */
export interface PanelCheck {
  readonly dashboard: string;
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
  /** Metrics the expression needs that this Prometheus has never seen (its source does not run here). */
  readonly missing: readonly string[];
  /** Series returned, when exercised. */
  readonly series?: number;
}

interface Range {
  readonly start: number;
  readonly end: number;
  readonly scrapeIntervalSeconds: number;
}

/** Metric names an expression selects. */
function selectedMetrics(expr: string): string[] {
  const names: string[] = [];
  promqlParser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.name === "Identifier" && node.node.parent?.type.name === "VectorSelector") names.push(expr.slice(node.from, node.to));
    },
  });
  return names;
}

async function getJson(url: string): Promise<any> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  const body = (await response.json()) as any;
  if (body.status !== "success") throw new Error(`${url}: ${body.error ?? response.status}`);
  return body.data;
}

/** Grafana's value of each template variable of a dashboard, as it substitutes it into a PromQL expression. */
async function variableValues(prometheus: string, model: any): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const variable of model.templating?.list ?? []) {
    if (variable.type === "datasource") continue;
    const current = variable.current?.value;
    const all = Array.isArray(current) ? current.includes("$__all") : current === "$__all";
    if (all && variable.allValue) {
      values[variable.name] = variable.allValue;
      continue;
    }
    if (variable.type === "custom") {
      values[variable.name] = variable.options?.[0]?.value ?? String(variable.query ?? "").split(",")[0];
      continue;
    }
    const match = /^label_values\((.*),\s*([a-zA-Z_]+)\)$/.exec(variable.query ?? "");
    if (!match) throw new Error(`variable ${variable.name}: unsupported query ${variable.query}`);
    const found: string[] = await getJson(`${prometheus}/api/v1/label/${match[2]}/values?match[]=${encodeURIComponent(match[1])}`);
    values[variable.name] = found[0] ?? "";
  }
  return values;
}

function substitute(expr: string, variables: Record<string, string>, range: Range): string {
  const seconds = range.end - range.start;
  const interval = Math.max(range.scrapeIntervalSeconds, Math.ceil(seconds / 1000));
  const rateInterval = Math.max(interval + range.scrapeIntervalSeconds, 4 * range.scrapeIntervalSeconds);
  return expr
    .replaceAll("$__rate_interval", `${rateInterval}s`)
    .replaceAll("$__interval", `${interval}s`)
    .replaceAll("$__range", `${Math.ceil(seconds)}s`)
    .replace(/\$\{?([a-zA-Z_][a-zA-Z0-9_]*)\}?/g, (whole, name: string) => variables[name] ?? whole);
}

/** Every Prometheus target of the dashboards in `dir`, run over `range`; targets whose metrics never existed are not run. */
export async function checkPanels(prometheus: string, dir: string, range: Range): Promise<PanelCheck[]> {
  const known = new Set<string>(await getJson(`${prometheus}/api/v1/label/__name__/values`));
  const checks: PanelCheck[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const model = JSON.parse(readFileSync(join(dir, file), "utf8"));
    const variables = await variableValues(prometheus, model);
    for (const panel of allPanels(model)) {
      for (const target of panel.targets ?? []) {
        if ((target.datasource ?? panel.datasource)?.type !== "prometheus") continue;
        const expr = substitute(target.expr, variables, range);
        const base = { dashboard: file.replace(/\.json$/, ""), panel: panel.title, refId: target.refId, expr };
        if (!canHaveData(expr, (metric) => known.has(metric))) {
          checks.push({ ...base, missing: [...new Set(selectedMetrics(expr).filter((m) => !known.has(m)))] });
          continue;
        }
        const step = Math.max(range.scrapeIntervalSeconds, Math.ceil((range.end - range.start) / 1000));
        const data = target.instant
          ? await getJson(`${prometheus}/api/v1/query?query=${encodeURIComponent(expr)}&time=${range.end}`)
          : await getJson(
              `${prometheus}/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${range.start}&end=${range.end}&step=${step}`,
            );
        checks.push({ ...base, missing: [], series: data.result.length });
      }
    }
  }
  return checks;
}
