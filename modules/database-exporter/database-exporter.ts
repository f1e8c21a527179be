import type { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CHARTS } from "../../src/catalog/charts";
import { type ProfileName, type ProfileSizing, profileSizing } from "../../src/catalog/profiles";
import { type ContainerResources, chartRelease } from "../../src/terraform/helm-release";

export interface DatabaseExporterProps {
  /** Sizing for what these props leave out: "small", "ha" (see `PROFILES`) or a custom sizing. @default "small" */
  readonly profile?: ProfileName | ProfileSizing;
  readonly namespace: string;
  /** Logical database name; the release is `<engine>-exporter-<name>`. */
  readonly name: string;
  readonly engine: "postgres" | "mysql";
  readonly host: string;
  readonly port: number;
  /** @default "postgres" for PostgreSQL, none for MySQL */
  readonly database?: string;
  /** Monitoring user. */
  readonly user: string;
  /** Existing Secret holding the password, read by the exporter pod. */
  readonly passwordSecret: { readonly name: string; readonly key: string };
  /** PostgreSQL only. @default "require" */
  readonly sslMode?: string;
  /** @default - the profile's */
  readonly resources?: ContainerResources;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** The Helm values of the exporter chart for one database; the password stays in its Secret. */
export function databaseExporterValues(props: DatabaseExporterProps): Record<string, unknown> {
  const resources = { resources: props.resources ?? profileSizing(props.profile).exporter.resources };
  if (props.engine === "postgres") {
    return {
      config: {
        datasource: {
          host: props.host,
          port: String(props.port),
          user: props.user,
          database: props.database ?? "postgres",
          sslmode: props.sslMode ?? "require",
          passwordSecret: { name: props.passwordSecret.name, key: props.passwordSecret.key },
        },
      },
      serviceMonitor: { enabled: true },
      ...resources,
    };
  }
  return {
    mysql: {
      host: props.host,
      port: props.port,
      user: props.user,
      ...(props.database ? { db: props.database } : {}),
      // The chart's literal default password is never used: the Secret takes precedence.
      existingPasswordSecret: { name: props.passwordSecret.name, key: props.passwordSecret.key },
    },
    serviceMonitor: { enabled: true },
    ...resources,
  };
}

/** A Prometheus exporter (prometheus-postgres-exporter or prometheus-mysql-exporter) for one database, with its ServiceMonitor. */
export class DatabaseExporter extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: DatabaseExporterProps) {
    super(scope, id);
    this.release = chartRelease(this, "release", {
      chart: props.engine === "postgres" ? CHARTS.postgresExporter : CHARTS.mysqlExporter,
      name: `${props.engine}-exporter-${props.name}`,
      namespace: props.namespace,
      values: [databaseExporterValues(props)],
      dependsOn: props.dependsOn,
    });
  }
}
