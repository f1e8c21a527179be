import { createHash } from "node:crypto";
import { catalogDashboards } from "../../catalog/dashboards";
import { MAX_UID_LENGTH } from "../../catalog/dashboards/common";
import type { DashboardContext, DashboardDataSources, DashboardDefinition } from "../../catalog/dashboards/types";
import type { EnvironmentSpec } from "../../spec/environment";
import { MAX_CONFIG_MAP_BYTES } from "../config-maps";

/** One dashboard as Grafana stores it (the JSON model), with what delivery needs to name it. */
export interface RenderedDashboard {
  readonly slug: string;
  readonly uid: string;
  readonly title: string;
  /** The dashboard JSON model (plain data). */
  readonly model: Readonly<Record<string, unknown>>;
  /** `model` as compact JSON: the ConfigMap value and the Grafana provider's config_json. */
  readonly json: string;
  /** `model` as indented JSON, for reviewers: the file `monitoring-stack export` writes. */
  readonly file: string;
}

/**
 * A dashboard's uid: `<env>-<slug>`, unique in a Grafana shared by several environments; shortened with a hash
 * when it would pass Grafana's 40 characters.
 */
export function dashboardUid(env: string, slug: string): string {
  const uid = `${env}-${slug}`;
  if (uid.length <= MAX_UID_LENGTH) return uid;
  const hash = createHash("sha256").update(uid).digest("hex").slice(0, 6);
  return `${env.slice(0, MAX_UID_LENGTH - slug.length - hash.length - 2)}-${hash}-${slug}`;
}

/**
 * Renders the environment's dashboards for one delivery path: the catalog's dashboards that apply, less those that
 * need a data source the path does not provision. A dashboard too large for the ConfigMap the Grafana sidecar reads
 * (it grows with the services: a row of panels each) is split into pages of consecutive services, each a dashboard of
 * its own linked to the others; page 1 keeps the slug, so links and bookmarks land on it. Both delivery paths get the
 * same pages. Pure: same spec and data sources, same bytes (and the same objects: the result is computed once).
 */
export function renderDashboards(spec: EnvironmentSpec, dataSources: DashboardDataSources): RenderedDashboard[] {
  const key = JSON.stringify(dataSources);
  const bySources = rendered.get(spec) ?? new Map<string, RenderedDashboard[]>();
  rendered.set(spec, bySources);
  let dashboards = bySources.get(key);
  if (!dashboards) {
    const definitions = catalogDashboards(spec).filter((d) => (d.needs ?? []).every((kind) => dataSources[kind] !== undefined));
    const context: DashboardContext = {
      spec,
      dataSources,
      uid: (slug) => dashboardUid(spec.name, slug),
      slugs: new Set(definitions.map((d) => d.slug)),
    };
    dashboards = definitions.flatMap((definition) => renderPages(definition, context));
    bySources.set(key, dashboards);
  }
  return [...dashboards];
}

/** Dashboards rendered so far, by spec and data sources (validation, the stack and export all render them). */
const rendered = new WeakMap<EnvironmentSpec, Map<string, RenderedDashboard[]>>();

/** Bytes of a dashboard's ConfigMap data: its JSON and its file name. */
export const configMapBytes = (dashboard: Pick<RenderedDashboard, "slug" | "json">): number =>
  Buffer.byteLength(dashboard.json) + Buffer.byteLength(`${dashboard.slug}.json`);

/** The dashboard whole when it fits a ConfigMap, else as few pages of consecutive services as fit, evenly filled. */
function renderPages(definition: DashboardDefinition, context: DashboardContext): RenderedDashboard[] {
  const whole = renderOne(definition, context, definition.slug);
  const services = context.spec.services;
  if (configMapBytes(whole) <= MAX_CONFIG_MAP_BYTES || services.length < 2) return [whole];
  let count = Math.ceil(configMapBytes(whole) / MAX_CONFIG_MAP_BYTES);
  for (;;) {
    const size = Math.ceil(services.length / count);
    const groups = Array.from({ length: Math.ceil(services.length / size) }, (_, i) => services.slice(i * size, (i + 1) * size));
    const pages = groups.map((group, i) => ({
      slug: i === 0 ? definition.slug : `${definition.slug}-${i + 1}`,
      label: group.length === 1 ? `service ${group[0].name}` : `services ${group[0].name} to ${group[group.length - 1].name}`,
    }));
    const rendered = groups.map((group, i) =>
      renderOne(definition, { ...context, spec: { ...context.spec, services: group }, page: { number: i + 1, pages } }, pages[i].slug),
    );
    // A page that still does not fit (the pages' shared panels count again on each): more, smaller pages. One
    // service too large for a ConfigMap on its own is left to validation to report.
    if (size === 1 || rendered.every((d) => configMapBytes(d) <= MAX_CONFIG_MAP_BYTES)) return rendered;
    count = Math.min(services.length, count + Math.ceil(count / 4));
  }
}

function renderOne(definition: DashboardDefinition, context: DashboardContext, slug: string): RenderedDashboard {
  // Through JSON: drops the SDK's marker functions and undefined fields, leaving the plain model Grafana stores.
  const model = JSON.parse(JSON.stringify(definition.build(context).build())) as Record<string, unknown>;
  delete model.id;
  // Grafana's own exports always carry both lists, even empty.
  model.annotations = { list: (model.annotations as { list?: unknown[] } | undefined)?.list ?? [] };
  model.templating = { list: (model.templating as { list?: unknown[] } | undefined)?.list ?? [] };
  numberPanels(model);
  showControlsInline(model);
  return {
    slug,
    uid: context.uid(slug),
    title: model.title as string,
    model,
    json: JSON.stringify(model),
    get file() {
      return `${JSON.stringify(model, null, 2)}\n`;
    },
  };
}

/**
 * Panel ids, unique within the dashboard (rows and the panels inside collapsed rows included), in layout order; and a
 * `refId` on every target, unique within its panel (A, B, …): Grafana keys query results, overrides and
 * transformations by it, and the SDK's query builders leave it unset.
 */
function numberPanels(model: Record<string, unknown>): void {
  let next = 1;
  const walk = (panels: unknown): void => {
    if (!Array.isArray(panels)) return;
    for (const panel of panels as Array<Record<string, unknown>>) {
      panel.id = next++;
      if (Array.isArray(panel.targets)) {
        (panel.targets as Array<Record<string, unknown>>).forEach((target, i) => {
          target.refId = refId(i);
        });
      }
      walk(panel.panels);
    }
  };
  walk(model.panels);
}

/** A, B, … Z, AA, AB, … as Grafana's query editor names queries. */
function refId(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : refId(Math.floor(index / 26) - 1) + letter;
}

/**
 * Dashboard links and annotation toggles above the panels, where people see them: the SDK sets `placement:
 * "inControlsMenu"` on both by default, which hides them in the controls dropdown (Grafana's schema knows no other
 * value; without it they show inline).
 */
function showControlsInline(model: Record<string, unknown>): void {
  const annotations = (model.annotations as { list: Array<Record<string, unknown>> }).list;
  for (const item of [...((model.links as Array<Record<string, unknown>> | undefined) ?? []), ...annotations]) delete item.placement;
}
