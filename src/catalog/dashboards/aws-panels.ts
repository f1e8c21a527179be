import * as cloudwatch from "@grafana/grafana-foundation-sdk/cloudwatch";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { ds } from "./panels";

/** A CloudWatch metrics query of the Grafana data source in one region: the part every query below shares. */
function metricsQuery(region: string, type: cloudwatch.MetricQueryType, editor: cloudwatch.MetricEditorMode) {
  return new cloudwatch.MetricsQueryBuilder()
    .datasource(ds("cloudwatch"))
    .queryMode(cloudwatch.QueryMode.Metrics)
    .metricQueryType(type)
    .metricEditorMode(editor)
    .region(region);
}

/** A CloudWatch metric of one resource, by exact dimensions. */
export function metric(region: string, namespace: string, metricName: string, dimensions: Record<string, string>, statistic: string) {
  return metricsQuery(region, cloudwatch.MetricQueryType.Search, cloudwatch.MetricEditorMode.Builder)
    .namespace(namespace)
    .metricName(metricName)
    .dimensions(dimensions)
    .matchExact(true)
    .statistic(statistic)
    .period("")
    .label(`${metricName} \${PROP('Dim.${Object.keys(dimensions)[0]}')}`);
}

/** A Metrics Insights query (resources selected by tag, including instances launched later). */
export function insights(region: string, sql: string, label: string) {
  return metricsQuery(region, cloudwatch.MetricQueryType.Insights, cloudwatch.MetricEditorMode.Code).sqlExpression(sql).label(label);
}

/**
 * A search expression: load balancers are named in the spec, but their metrics carry the ARN suffix
 * (app/<name>/<id>), which only Terraform knows; the search term matches the name token.
 */
export function search(region: string, namespace: string, dimension: string, metricName: string, term: string, statistic: string) {
  return expression(
    region,
    `SEARCH('{${namespace},${dimension}} MetricName="${metricName}" "${term}"', '${statistic}', 60)`,
    `${term} ${metricName}`,
  );
}

/**
 * A variable listing the watched resources of one kind (`text : value` pairs; commas escaped), all selected: rows
 * repeat over it, so a thousand resources cost one row of panels in the model, not a thousand.
 */
export function resourceVariable(
  name: string,
  label: string,
  entries: ReadonlyArray<readonly [string, string]>,
): dashboard.CustomVariableBuilder {
  const escapeCommas = (text: string) => text.replaceAll(",", "\\,");
  return new dashboard.CustomVariableBuilder(name)
    .label(label)
    .values(
      entries.map(([text, value]) => (text === value ? escapeCommas(value) : `${escapeCommas(text)} : ${escapeCommas(value)}`)).join(","),
    )
    .multi(true)
    .includeAll(true)
    .current({ selected: true, text: ["All"], value: ["$__all"] });
}

/** What a watch kind's rows of the Grafana AWS dashboard are built with. */
export interface AwsPanels {
  readonly region: string;
  /** A variable listing resources (`[text, value]`) and a row repeated over it; charts after it land in that row. */
  section(variable: string, label: string, entries: ReadonlyArray<readonly [string, string]>, title: string): void;
  /** A time series of CloudWatch queries. @default unit "short", width 8 */
  chart(title: string, queries: cloudwatch.MetricsQueryBuilder[], unit?: string, width?: number): void;
}

/** A watch kind's rows on the Grafana AWS dashboard, called only when the environment lists resources of the kind. */
export type AwsDashboardRows<E> = (panels: AwsPanels, resources: readonly E[]) => void;

/** A CloudWatch search or math expression (metrics with extra dimensions, such as DynamoDB's Operation). */
export function expression(region: string, text: string, label: string) {
  return metricsQuery(region, cloudwatch.MetricQueryType.Search, cloudwatch.MetricEditorMode.Code).expression(text).label(label);
}
