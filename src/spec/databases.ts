import { z } from "zod";
import { helmReleaseNameProblem } from "../catalog/helm-names";
import { databaseExporterReleaseName } from "../model/naming";
import { dnsLabelSchema, dnsSubdomainSchema, secretDataKeySchema } from "./primitives";
import { secretRefSchema } from "./secret-ref";

/** A Kubernetes Secret key reference; the value is read by the pod, never by Terraform. */
export const secretKeySchema = z.strictObject({
  /** Name of an existing Secret in the monitoring namespace. */
  name: dnsSubdomainSchema("a Kubernetes Secret name"),
  /** @default "password" */
  key: secretDataKeySchema.default("password"),
});

const DEFAULT_PORTS = { postgres: 5432, mysql: 3306 } as const;

/**
 * A database scraped by a Prometheus exporter running in the cluster. Only the user name is in the spec; the password
 * is a reference (`password`, the stack then creates the exporter's Secret in the same apply) or an existing Kubernetes
 * Secret (`passwordSecret`, a prerequisite of the deploy).
 */
export const databaseSchema = z
  .strictObject({
    /** Logical name; the exporter release is `<engine>-exporter-<name>`. */
    name: dnsLabelSchema,
    engine: z.enum(["postgres", "mysql"]),
    /** Host name reachable from the cluster (e.g. an RDS endpoint or a Service name). */
    host: z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, "expected a host name"),
    /** @default 5432 for postgres, 3306 for mysql */
    port: z.number().int().min(1).max(65_535).optional(),
    /** Database to connect to. @default "postgres" for postgres, none for mysql */
    database: z.string().min(1).optional(),
    /** Monitoring user (not a secret; grant it pg_monitor or PROCESS, REPLICATION CLIENT, SELECT). */
    user: z.string().min(1),
    /**
     * The user's password in a secret store ({ secretsManager }, { ssmParameter }, { gcpSecretManager },
     * { azureKeyVault }, { terraformVariable }): the stack copies it into a Secret in the monitoring namespace, so a
     * fresh cluster needs no manual step. Exactly one of `password` and `passwordSecret`. @default - `passwordSecret`
     */
    password: secretRefSchema.optional(),
    /** Existing Kubernetes Secret in the monitoring namespace holding the user's password. @default - `password` */
    passwordSecret: secretKeySchema.optional(),
    /** PostgreSQL sslmode. @default "require" - encrypted, as managed databases expect */
    sslMode: z.enum(["disable", "require", "verify-ca", "verify-full"]).default("require"),
    /**
     * The database is an Amazon Aurora cluster: Aurora replicates in its storage layer, so the exporter's replication
     * metrics never exist there (postgres_exporter's replication collector fails every scrape; a MySQL reader has no
     * replica status). The dashboard then reads replica lag from CloudWatch's AuroraReplicaLagMaximum of this cluster.
     * @default - not Aurora: lag from the exporter
     */
    aurora: z
      .strictObject({
        /** The cluster's DBClusterIdentifier (CloudWatch dimension). */
        clusterIdentifier: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, "expected an RDS cluster identifier"),
      })
      .optional(),
  })
  .superRefine((db, ctx) => {
    const problem = helmReleaseNameProblem(databaseExporterReleaseName(db.engine, db.name));
    if (problem) ctx.addIssue({ code: "custom", path: ["name"], message: `expected a shorter name: ${problem}` });
    if ((db.password === undefined) === (db.passwordSecret === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message: `expected exactly one of "password" (a secret reference the stack copies into the cluster) and "passwordSecret" (an existing Kubernetes Secret), received ${db.password ? "both" : "neither"}`,
      });
    }
  })
  .transform((db) => ({ ...db, port: db.port ?? DEFAULT_PORTS[db.engine] }));

export type DatabaseSpec = z.output<typeof databaseSchema>;
