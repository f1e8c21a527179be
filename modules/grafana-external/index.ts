export {
  type ExternalContactPoint,
  type ExternalDataSource,
  type ExternalRoute,
  GrafanaExternal,
  type GrafanaExternalProps,
} from "./grafana-external";
