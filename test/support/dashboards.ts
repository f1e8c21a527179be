// biome-ignore-all lint/suspicious/noExplicitAny: dashboard JSON models are untyped by nature

import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import type { RenderedDashboard } from "../../src/render/dashboards/render";

export interface DashboardQuery {
  readonly dashboard: string;
  readonly where: string;
  readonly language: "promql" | "logql" | "other";
  readonly datasource: { type?: string; uid?: string } | undefined;
  readonly expr: string;
}

/** Every panel of a dashboard, rows and the panels inside rows included. */
export function allPanels(model: any): any[] {
  const out: any[] = [];
  const walk = (panels: any[] | undefined) => {
    for (const panel of panels ?? []) {
      out.push(panel);
      walk(panel.panels);
    }
  };
  walk(model.panels);
  return out;
}

/** Every query of a dashboard: panel targets, template variables and annotations, with the language of its data source. */
export function dashboardQueries(dashboard: RenderedDashboard): DashboardQuery[] {
  const model = dashboard.model as any;
  const language = (type: string | undefined) => (type === "prometheus" ? "promql" : type === "loki" ? "logql" : "other");
  const queries: DashboardQuery[] = [];
  for (const panel of allPanels(model)) {
    for (const target of panel.targets ?? []) {
      const datasource = target.datasource ?? panel.datasource;
      queries.push({
        dashboard: dashboard.slug,
        where: `panel "${panel.title}" ${target.refId ?? ""}`,
        language: language(datasource?.type),
        datasource,
        expr: target.expr ?? target.expression ?? target.sqlExpression ?? JSON.stringify(target),
      });
    }
  }
  for (const variable of model.templating?.list ?? []) {
    if (variable.type !== "query") continue;
    const inner = /^label_values\((.*),\s*[a-zA-Z_]+\)$/.exec(variable.query);
    queries.push({
      dashboard: dashboard.slug,
      where: `variable ${variable.name}`,
      language: language(variable.datasource?.type),
      datasource: variable.datasource,
      expr: inner ? inner[1] : variable.query,
    });
  }
  for (const annotation of model.annotations?.list ?? []) {
    if (!annotation.expr) continue;
    queries.push({
      dashboard: dashboard.slug,
      where: `annotation ${annotation.name}`,
      language: language(annotation.datasource?.type),
      datasource: annotation.datasource,
      expr: annotation.expr,
    });
  }
  return queries;
}

/** Sample values for Grafana's variables, which the query parsers do not know (they would be syntax errors). */
export function substituteVariables(expr: string): string {
  return expr
    .replaceAll("$__rate_interval", "5m")
    .replaceAll("$__range", "6h")
    .replaceAll("$__auto", "1m")
    .replaceAll("$__interval", "1m")
    .replace(/\$\{?([a-zA-Z_][a-zA-Z0-9_]*)\}?/g, "sample");
}

/**
 * Whether a PromQL expression can return series when only the metrics `emitted` accepts exist: `a or b` needs one
 * side, `a unless b` its left side, every other operator and function all its vector arguments (`vector(0)` and
 * literals always have a value). Filters (`== 0`) are not evaluated: this is about names, not values.
 */
export function canHaveData(expr: string, emitted: (metric: string) => boolean): boolean {
  const visit = (node: any): boolean => {
    const children: any[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    if (node.name === "VectorSelector") {
      const id = children.find((c) => c.name === "Identifier");
      return id ? emitted(expr.slice(id.from, id.to)) : true;
    }
    if (node.name === "BinaryExpr") {
      const [left, op] = children;
      const right = children[children.length - 1];
      if (op?.name === "Or") return visit(left) || visit(right);
      if (op?.name === "Unless") return visit(left);
      return visit(left) && visit(right);
    }
    return children.every(visit);
  };
  return visit(promqlParser.parse(expr).topNode);
}
