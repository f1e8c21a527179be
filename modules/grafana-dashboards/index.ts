export {
  DASHBOARD_FOLDER_ANNOTATION,
  DASHBOARD_LABEL,
  type DashboardFile,
  GrafanaDashboards,
  type GrafanaDashboardsProps,
  MAX_CONFIG_MAP_BYTES,
} from "./grafana-dashboards";
