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
  // The builder's objects are written as JSON once (which drops the SDK's marker functions and undefined fields); the
  // few changes below copy what they touch, as builders may share objects between panels. The plain model is parsed
  // from that JSON when something reads it: synth needs only the text (a JSON round trip of every dashboard was a
  // third of the rendering at 100 services).
  const built = definition.build(context).build() as unknown as Record<string, unknown>;
  const { id: _id, ...model } = built;
  // Grafana's own exports always carry both lists, even empty.
  const annotations = (built.annotations as { list?: unknown[] } | undefined)?.list ?? [];
  model.annotations = { list: annotations.map(inline) };
  model.templating = { list: (built.templating as { list?: unknown[] } | undefined)?.list ?? [] };
  if (Array.isArray(built.links)) model.links = built.links.map(inline);
  model.panels = numberPanels(built.panels, { next: 1 });
  const json = JSON.stringify(model);
  let plain: Record<string, unknown> | undefined;
  return {
    slug,
    uid: context.uid(slug),
    title: model.title as string,
    get model() {
      plain ??= JSON.parse(json) as Record<string, unknown>;
      return plain;
    },
    json,
    get file() {
      return `${JSON.stringify(this.model, null, 2)}\n`;
    },
  };
}

/**
 * Panel ids, unique within the dashboard (rows and the panels inside collapsed rows included), in layout order; and a
 * `refId` on every target, unique within its panel (A, B, …): Grafana keys query results, overrides and
 * transformations by it, and the SDK's query builders leave it unset. Returns copies; `undefined` (no panels) stays.
 */
export function numberPanels(panels: unknown, counter: { next: number }): unknown {
  if (!Array.isArray(panels)) return panels;
  return panels.map((item) => {
    const panel = item as Record<string, unknown>;
    const numbered: Record<string, unknown> = { ...panel, id: counter.next++ };
    if (Array.isArray(panel.targets)) {
      numbered.targets = panel.targets.map((target, i) => ({ ...(target as Record<string, unknown>), refId: refId(i) }));
    }
    if (panel.panels !== undefined) numbered.panels = numberPanels(panel.panels, counter);
    return numbered;
  });
}

/** A, B, … Z, AA, AB, … as Grafana's query editor names queries. */
function refId(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : refId(Math.floor(index / 26) - 1) + letter;
}

/**
 * A dashboard link or annotation toggle shown above the panels, where people see them: the SDK sets `placement:
 * "inControlsMenu"` on both by default, which hides them in the controls dropdown (Grafana's schema knows no other
 * value; without it they show inline).
 */
function inline(item: unknown): unknown {
  if (!item || typeof item !== "object") return item;
  const { placement: _placement, ...shown } = item as Record<string, unknown>;
  return shown;
}
