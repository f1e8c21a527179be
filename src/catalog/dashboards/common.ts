import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { ServiceSpec } from "../../spec/services";
import { DATA_SOURCE_VARIABLES, dashboardLink, ds } from "./panels";
import type { DashboardContext, DashboardDefinition, DataSourceKind } from "./types";

/** Grafana's limit on dashboard uids. */
export const MAX_UID_LENGTH = 40;

/** Tags every dashboard of the stack carries (Grafana's dashboard list filters on them). */
function dashboardTags(envName: string): string[] {
  return ["monitoring-stack", `env:${envName}`];
}

/**
 * A dashboard with the parts every dashboard shares: uid, title with the environment, tags, a 6-hour window that
 * refreshes every minute, shared crosshair, a data source variable per kind it queries, and links to the other
 * dashboards of the environment.
 */
export function baseDashboard(context: DashboardContext, definition: DashboardDefinition, kinds: readonly DataSourceKind[]) {
  const page = context.page?.pages[context.page.number - 1];
  const builder = new dashboard.DashboardBuilder(`${definition.title}${page ? `, ${page.label}` : ""} (${context.spec.name})`)
    .uid(context.uid(page?.slug ?? definition.slug))
    .description(definition.description)
    .tags(dashboardTags(context.spec.name))
    .time({ from: "now-6h", to: "now" })
    .refresh("1m")
    .timezone("browser")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .readonly();
  for (const kind of kinds) builder.withVariable(dataSourceVariable(context, kind));
  for (const slug of [...context.slugs].filter((s) => s !== definition.slug)) {
    builder.link(dashboardLink(LINK_TITLES[slug] ?? slug, context.uid(slug)).asDropdown(false));
  }
  // The other pages of a split dashboard, each named by the services it holds.
  for (const other of context.page?.pages.filter((p) => p !== page) ?? []) {
    builder.link(
      dashboardLink(`${LINK_TITLES[definition.slug] ?? definition.title}: ${other.label}`, context.uid(other.slug)).asDropdown(false),
    );
  }
  return builder;
}

/** Titles of the dashboard links, by slug. */
const LINK_TITLES: Record<string, string> = {
  overview: "Overview",
  performance: "Application performance",
  resources: "Resources",
  business: "Business KPIs",
  databases: "Databases",
  logs: "Logs",
  traces: "Traces",
  aws: "AWS",
};

/** The data source variable of a kind, preset to the uid provisioned on this delivery path. */
function dataSourceVariable(context: DashboardContext, kind: DataSourceKind): dashboard.DatasourceVariableBuilder {
  const uid = context.dataSources[kind] ?? kind;
  const { name, label } = DATA_SOURCE_VARIABLES[kind];
  return new dashboard.DatasourceVariableBuilder(name)
    .label(kind === "prometheus" ? `${label} (environment)` : label)
    .type(kind)
    .current({ selected: true, text: uid, value: uid });
}

/** A multi-value variable over the values one label takes on one metric; "All" matches every non-empty value. */
function labelValuesVariable(name: string, label: string, metric: string, text: string): dashboard.QueryVariableBuilder {
  const query = `label_values(${metric}, ${label})`;
  return new dashboard.QueryVariableBuilder(name)
    .label(text)
    .datasource(ds("prometheus"))
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(".+")
    .current({ selected: true, text: ["All"], value: ["$__all"] });
}

/** Namespaces known to kube-state-metrics. */
export function namespaceVariable(): dashboard.QueryVariableBuilder {
  return labelValuesVariable("namespace", "namespace", "kube_namespace_status_phase", "Namespace");
}

/**
 * The services of the spec (their scrape job, the `app` label of their logs and their tracing service name).
 * `single` for data sources that query one service at a time (Jaeger search).
 */
export function serviceVariable(services: readonly ServiceSpec[], single = false): dashboard.CustomVariableBuilder {
  const names = services.map((s) => s.name);
  const variable = new dashboard.CustomVariableBuilder("service")
    .label("Service")
    .values(names.join(","))
    .multi(!single)
    .includeAll(!single)
    .options(names.map((n, i) => ({ selected: single ? i === 0 : false, text: n, value: n })));
  if (single) return variable.current({ selected: true, text: names[0] ?? "", value: names[0] ?? "" });
  return variable.allValue(names.length > 0 ? names.join("|") : ".+").current({ selected: true, text: ["All"], value: ["$__all"] });
}

/** Nodes known to node_exporter. */
export function instanceVariable(): dashboard.QueryVariableBuilder {
  return labelValuesVariable("instance", "instance", "node_uname_info", "Node");
}

/**
 * Rollouts as annotations: a Deployment's observed generation changes with every spec change, a new pod template
 * (image, config: a rollout) but also a replica count (a scale by hand or by the HPA). Generation changes that come
 * with a replica count change are left out, so scale-ups are not marked as deploys (a rollout in the same two
 * minutes as a scale is missed: the price of telling them apart from kube-state-metrics alone).
 */
function deployAnnotationExpr(namespaceMatcher = 'namespace=~"$namespace"'): string {
  return `(changes(kube_deployment_status_observed_generation{${namespaceMatcher}}[2m]) > 0) unless on (namespace, deployment) (changes(kube_deployment_spec_replicas{${namespaceMatcher}}[2m]) > 0)`;
}

/** Rollouts (see deployAnnotationExpr), shown on every Prometheus dashboard of the environment. */
export function deployAnnotation(): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name("Deploys")
    .datasource(ds("prometheus"))
    .enable(true)
    .iconColor("#8AB8FF")
    .expr(deployAnnotationExpr())
    .step("60s")
    .titleFormat("Deploy {{namespace}}/{{deployment}}")
    .tagKeys("namespace,deployment")
    .useValueForTime(false);
}
