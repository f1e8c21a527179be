import { runbookDashboard } from "../../catalog/runbooks/dashboards";
import type { EnvironmentSpec } from "../../spec/environment";
import type { RenderedDashboard } from "../dashboards/render";

/** The time range a dashboard link opens: the last 3 hours, which hold the start of an alert that fires now. */
export const DASHBOARD_LINK_RANGE = { from: "now-3h", to: "now" } as const;

/** Where the environment's Grafana answers: the external Grafana's URL, or the in-cluster Grafana's ingress. */
export function grafanaBaseUrl(spec: EnvironmentSpec): string | undefined {
  const host = spec.kubernetes?.grafana.ingress?.host;
  return spec.grafana.external?.url.replace(/\/+$/, "") ?? (host ? `https://${host}` : undefined);
}

/** One alert tier a page covers: its name, rule group and service. */
export interface DashboardLinkSubject {
  readonly alert: string;
  readonly group: string;
  readonly service?: string;
}

interface PanelModel {
  readonly id?: number;
  readonly type?: string;
  readonly title?: string;
  readonly panels?: readonly PanelModel[];
}

function panelsOf(model: Readonly<Record<string, unknown>>): PanelModel[] {
  const out: PanelModel[] = [];
  const walk = (panels: readonly PanelModel[] | undefined) => {
    for (const p of panels ?? []) {
      out.push(p);
      walk(p.panels);
    }
  };
  walk(model.panels as readonly PanelModel[] | undefined);
  return out;
}

/** Names of the variables a dashboard defines. */
export function dashboardVariables(model: Readonly<Record<string, unknown>>): Set<string> {
  const list = (model.templating as { list?: ReadonlyArray<{ name: string }> } | undefined)?.list ?? [];
  return new Set(list.map((v) => v.name));
}

/**
 * The dashboard lines of a runbook page: per service (or once for the platform), a Grafana link to the dashboard and
 * panel that show the alert, with the dashboard variables its labels set. A value the spec knows (the service, its
 * namespace) is filled in; one only the alert knows (`<instance>`) is left for the reader, and the URL is then shown as
 * code to complete rather than as a link.
 */
export function runbookDashboardLinks(
  spec: EnvironmentSpec,
  dashboards: readonly RenderedDashboard[],
  subjects: readonly DashboardLinkSubject[],
): string[] {
  const base = grafanaBaseUrl(spec);
  const lines = new Map<string, string>();
  for (const subject of subjects) {
    const target = runbookDashboard(subject.alert, subject.group);
    if (!target) continue;
    const candidates = dashboards.filter((d) => d.slug === target.slug || d.slug.startsWith(`${target.slug}-`));
    const title = target.panel?.(subject.service);
    const withPanel = title ? candidates.find((d) => panelsOf(d.model).some((p) => p.title === title)) : undefined;
    const dashboard = withPanel ?? candidates[0];
    if (!dashboard) continue;
    const panel = title ? panelsOf(dashboard.model).find((p) => p.title === title && p.id !== undefined) : undefined;
    const defined = dashboardVariables(dashboard.model);
    const known: Record<string, string | undefined> = {
      service: subject.service,
      namespace: spec.services.find((s) => s.name === subject.service)?.namespace,
    };
    const params = [
      ...Object.entries(target.variables ?? {})
        .filter(([variable]) => defined.has(variable))
        .map(([variable, label]) => `var-${variable}=${known[label] !== undefined ? encodeURIComponent(known[label]) : `<${label}>`}`),
      `from=${DASHBOARD_LINK_RANGE.from}`,
      `to=${DASHBOARD_LINK_RANGE.to}`,
      // A row cannot be viewed alone: the link opens the dashboard at the top instead.
      ...(panel && panel.type !== "row" ? [`viewPanel=${panel.id}`] : []),
    ];
    const url = `${base ?? ""}/d/${dashboard.uid}?${params.join("&")}`;
    const name = `${dashboard.title}${panel ? ` → ${panel.title}` : ""}`;
    const fromAlert = [...url.matchAll(/<([a-z_]+)>/g)].map((m) => `\`<${m[1]}>\``);
    const line =
      base !== undefined && fromAlert.length === 0
        ? `[${name}](${url})`
        : `${name}: \`${url}\`${fromAlert.length ? ` (replace ${fromAlert.join(", ")} with the alert's label)` : ""}${base ? "" : " in Grafana (the spec names no Grafana URL: `kubectl port-forward` to it)"}`;
    lines.set(line, subject.service ? `${subject.service}: ${line}` : line);
  }
  return [...lines.values()];
}
