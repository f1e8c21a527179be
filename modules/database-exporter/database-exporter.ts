import type { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CHARTS } from "../../src/catalog/charts";
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, restrictedPodSecurityContext } from "../../src/catalog/pod-security";
import { type ProfileName, type ProfileSizing, profileSizing } from "../../src/catalog/profiles";
import { databaseExporterReleaseName } from "../../src/model/naming";
import { type ContainerResources, chartRelease } from "../../src/terraform/helm-release";
import { providerModule } from "../../src/util/provider-module";

/** Optional peer dependency, loaded on first use (see providerModule). */
const secretModule = () =>
  providerModule(
    "@cdktf/provider-kubernetes",
    () => require("@cdktf/provider-kubernetes/lib/secret-v1") as typeof import("@cdktf/provider-kubernetes/lib/secret-v1"),
  );

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
  /**
   * The password: an existing Secret the exporter pod reads, or a value (a Terraform expression: an ephemeral value
   * or sensitive variable) written, write-only and never stored in state, into the Secret
   * `<engine>-exporter-<name>-password` this construct creates before the release.
   */
  readonly password: { readonly existingSecret: { readonly name: string; readonly key: string } } | { readonly value: string };
  /** Revision of the write-only password Secret: increase it to write a changed password. @default 1 */
  readonly secretRevision?: number;
  /** PostgreSQL only. @default "require" */
  readonly sslMode?: string;
  /** @default - the profile's */
  readonly resources?: ContainerResources;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** The Helm values of the exporter chart for one database; the password stays in its Secret. */
export function databaseExporterValues(props: DatabaseExporterProps): Record<string, unknown> {
  const secret = passwordSecretOf(props);
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
          passwordSecret: secret,
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
      existingPasswordSecret: secret,
    },
    serviceMonitor: { enabled: true },
    // The "restricted" Pod Security Standard (the image runs as nobody, 65534); the postgres chart's defaults pass it.
    podSecurityContext: restrictedPodSecurityContext(65534),
    securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
    ...resources,
  };
}

/** The Secret (name and key) the exporter reads its password from. */
export function passwordSecretOf(props: Pick<DatabaseExporterProps, "engine" | "name" | "password">): { name: string; key: string } {
  return "existingSecret" in props.password
    ? { ...props.password.existingSecret }
    : { name: `${props.engine}-exporter-${props.name}-password`, key: "password" };
}

/** A Prometheus exporter (prometheus-postgres-exporter or prometheus-mysql-exporter) for one database, with its ServiceMonitor. */
export class DatabaseExporter extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: DatabaseExporterProps) {
    super(scope, id);
    const secret = passwordSecretOf(props);
    const created =
      "value" in props.password
        ? new (secretModule().SecretV1)(this, "password", {
            metadata: {
              name: secret.name,
              namespace: props.namespace,
              labels: { "app.kubernetes.io/managed-by": "cdktf-monitoring-stack" },
            },
            dataWo: { [secret.key]: props.password.value },
            dataWoRevision: props.secretRevision ?? 1,
            dependsOn: props.dependsOn,
          })
        : undefined;
    this.release = chartRelease(this, "release", {
      chart: props.engine === "postgres" ? CHARTS.postgresExporter : CHARTS.mysqlExporter,
      name: databaseExporterReleaseName(props.engine, props.name),
      namespace: props.namespace,
      values: [databaseExporterValues(props)],
      dependsOn: [...(created ? [created] : []), ...(props.dependsOn ?? [])],
    });
  }
}
