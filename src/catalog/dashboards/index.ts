import type { EnvironmentSpec } from "../../spec/environment";
import { businessDashboard } from "./business";
import { cloudDashboards } from "./clouds";
import { databasesDashboard } from "./databases";
import { logsDashboard } from "./logs";
import { overviewDashboard } from "./overview";
import { performanceDashboard } from "./performance";
import { resourcesDashboard } from "./resources";
import { tracesDashboard } from "./traces";
import type { DashboardDefinition } from "./types";

export { CLOUD_DASHBOARDS } from "./clouds";
export { DATA_SOURCE_VARIABLES } from "./panels";
export type { DashboardDefinition } from "./types";

/** The dashboards every environment may have, in the order of the folder (and of the links between them). */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  overviewDashboard,
  performanceDashboard,
  resourcesDashboard,
  businessDashboard,
  databasesDashboard,
  logsDashboard,
  tracesDashboard,
];

/** The catalog's dashboards that apply to an environment (its cloud's included), before data source filtering. */
export function catalogDashboards(spec: EnvironmentSpec): DashboardDefinition[] {
  const all = [...DASHBOARDS, ...(cloudDashboards(spec)?.dashboards ?? [])];
  return all.filter((d) => d.appliesTo?.(spec) ?? true);
}
