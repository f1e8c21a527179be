export {
  type ExternalContactPoint,
  type ExternalDataSource,
  type ExternalDataSourceAuth,
  type ExternalRoute,
  GrafanaExternal,
  type GrafanaExternalProps,
} from "./grafana-external";
