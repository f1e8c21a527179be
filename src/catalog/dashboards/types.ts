import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { EnvironmentSpec } from "../../spec/environment";

/** Kinds of data source the dashboards query; each is a dashboard variable of that type. */
export type DataSourceKind = "prometheus" | "loki" | "jaeger" | "cloudwatch";

/** Uids of the data sources provisioned on one delivery path; a kind that is absent is not provisioned there. */
export type DashboardDataSources = { readonly prometheus: string } & Partial<
  Readonly<Record<Exclude<DataSourceKind, "prometheus">, string>>
>;

/** Everything a dashboard is built from: the environment, the data sources, and how to link to the other dashboards. */
export interface DashboardContext {
  readonly spec: EnvironmentSpec;
  readonly dataSources: DashboardDataSources;
  /** Uid of this environment's dashboard `slug` (dashboard uids are unique per Grafana, so they carry the environment). */
  uid(slug: string): string;
  /** Slugs of the dashboards this environment has: links are only made to these. */
  readonly slugs: ReadonlySet<string>;
  /**
   * Set when the dashboard is split into pages (it would not fit a ConfigMap whole): `spec.services` then holds the
   * services of this page only. @default - the whole dashboard, every service
   */
  readonly page?: DashboardPage;
}

/** One page of a dashboard split by services; page 1 keeps the dashboard's slug, so links and bookmarks still work. */
export interface DashboardPage {
  /** 1-based. */
  readonly number: number;
  /** Slug and what each page holds ("svc-a to svc-k"), page by page. */
  readonly pages: ReadonlyArray<{ readonly slug: string; readonly label: string }>;
}

/** One dashboard of the catalog. */
export interface DashboardDefinition {
  /** File name (`grafana/dashboards/<slug>.json`) and part of the uid; never rename (bookmarks and links use it). */
  readonly slug: string;
  readonly title: string;
  /** The question the dashboard answers (README, dashboard description). */
  readonly description: string;
  /** Data sources it queries, besides Prometheus; the dashboard is left out where one is not provisioned. @default [] */
  readonly needs?: readonly Exclude<DataSourceKind, "prometheus">[];
  /** Whether the environment has anything to show on it. @default - always */
  readonly appliesTo?: (spec: EnvironmentSpec) => boolean;
  readonly build: (context: DashboardContext) => dashboard.DashboardBuilder;
}
