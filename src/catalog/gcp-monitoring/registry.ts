import type { z } from "zod";
import { gcpLogMetricName } from "../../model/naming";
import {
  cloudRunWatchSchema,
  cloudSqlWatchSchema,
  gcpLoadBalancerWatchSchema,
  gcpLogWatchSchema,
  gcpVmWatchSchema,
  pubsubSubscriptionWatchSchema,
} from "../../spec/clouds/gcp-watch";
import type { RunbookFacts } from "../runbooks/types";
import { serviceOwner, type WatchKindBase } from "../watch-kinds";
import { GCP_REQUEST_RATES } from "./anomalies";
import {
  CLOUD_RUN_PRESETS,
  CLOUD_SQL_PRESETS,
  GCE_PRESETS,
  GCP_LOG_PRESETS,
  type GcpLogResource,
  type GcpSqlResource,
  LOAD_BALANCER_PRESETS,
  PUBSUB_PRESETS,
} from "./presets";
import type { GcpPreset } from "./types";

/** What a kind's resources are built with beside their spec entry: the environment and its project. */
export interface GcpKindContext {
  readonly env: string;
  readonly project: string;
}

/**
 * One kind of Google Cloud resource `cloud.watch` can list: everything the stack derives from it is here or reached
 * from here. `S` is the spec schema of one resource; `R` what the presets receive (the spec entry, plus what the
 * environment adds: see `resource`). `collected` defaults to "Cloud Monitoring metrics".
 */
export interface GcpWatchKindDefinition<S extends z.ZodType = z.ZodType, R = z.output<S>> extends WatchKindBase<S> {
  /**
   * What the presets receive for one spec entry: the entry, with what only the environment knows (a Cloud SQL
   * database id names the project; log-based metrics are named per environment). @default - the spec entry
   */
  resource(entry: z.output<S>, context: GcpKindContext): R;
  readonly presets: readonly GcpPreset<R>[];
  /**
   * The resource's request rate (requests/s, PromQL over Cloud Monitoring metrics): an entry with `anomalyDetection`
   * gets seasonal surge and drop policies on it (the in-cluster detector's method). @default - no anomaly policies
   */
  requestRate?(resource: R): string;
  /**
   * What fills the placeholders of the kind's runbooks (`<instance>`, `<zone>`…) for one resource: names from the spec,
   * or gcloud lookups for what only Google Cloud knows. @default - nothing to fill
   */
  runbookFacts(resource: R, context: GcpKindContext): RunbookFacts;
}

/** A kind whatever its resource type, as a registry holds it (each entry is checked against its own types by `gcpWatchKind`). */
export type AnyGcpWatchKind = Omit<GcpWatchKindDefinition<z.ZodType, never>, "resource"> & {
  resource(entry: never, context: GcpKindContext): unknown;
};

/** A registry of Google Cloud watch kinds by key (the bundled one, or a test's fixture). */
export type GcpWatchKindRegistry = Readonly<Record<string, AnyGcpWatchKind>>;

/** Builds one registry entry, keeping the schema's own type (so spec input and output types stay exact). */
export function gcpWatchKind<S extends z.ZodType, R = z.output<S>>(
  definition: Omit<GcpWatchKindDefinition<S, R>, "owner" | "resource" | "runbookFacts"> &
    Partial<Pick<GcpWatchKindDefinition<S, R>, "owner" | "resource" | "runbookFacts">>,
): GcpWatchKindDefinition<S, R> {
  return {
    owner: serviceOwner,
    resource: (entry) => entry as R,
    runbookFacts: () => ({}),
    ...definition,
  };
}

/**
 * The Google Cloud watch kinds, in the order of the spec, the alert policies and the docs. Adding a Google Cloud
 * service: a schema in src/spec/clouds/gcp-watch.ts, a catalog file beside presets.ts, and one line here
 * (CONTRIBUTING.md).
 */
export const GCP_WATCH_KINDS = {
  vms: gcpWatchKind({
    schema: gcpVmWatchSchema,
    description:
      "Compute Engine VMs selected by labels: alert policies filter on the labels (VMs created later are covered) and the Ops Agent is rolled out to them by an OS policy assignment.",
    label: "Compute Engine VMs (by label)",
    collected: "Cloud Monitoring metrics, Ops Agent metrics and logs",
    identify: (r) => r.name,
    service: "gce",
    presets: GCE_PRESETS,
    // Which `<vm>` (and its `<disk>`) crossed is named by the incident; its zone is looked up from it.
    runbookFacts: (_, { project }) => ({
      zone: `$(gcloud compute instances list --project ${project} --filter 'name=(<vm>)' --format 'value(zone.basename())')`,
    }),
  }),
  cloudSql: gcpWatchKind<typeof cloudSqlWatchSchema, GcpSqlResource>({
    schema: cloudSqlWatchSchema,
    description: "Cloud SQL instances.",
    label: "Cloud SQL instances",
    identify: (r) => r.instance,
    service: "cloudsql",
    resource: (entry, { project }) => ({ ...entry, project }),
    presets: CLOUD_SQL_PRESETS,
    runbookFacts: (r) => ({ instance: r.instance }),
  }),
  loadBalancers: gcpWatchKind({
    schema: gcpLoadBalancerWatchSchema,
    description: "External Application Load Balancers, by URL map.",
    label: "External Application Load Balancers (by URL map)",
    identify: (r) => r.urlMap,
    service: "lb",
    presets: LOAD_BALANCER_PRESETS,
    requestRate: GCP_REQUEST_RATES.loadBalancers,
  }),
  cloudRun: gcpWatchKind({
    schema: cloudRunWatchSchema,
    description: "Cloud Run services (and Cloud Run functions).",
    label: "Cloud Run services",
    identify: (r) => r.serviceName,
    service: "run",
    presets: CLOUD_RUN_PRESETS,
    requestRate: GCP_REQUEST_RATES.cloudRun,
    runbookFacts: (r) => ({ service: r.serviceName }),
  }),
  pubsubSubscriptions: gcpWatchKind({
    schema: pubsubSubscriptionWatchSchema,
    description: "Pub/Sub subscriptions (queue backlog).",
    label: "Pub/Sub subscriptions",
    identify: (r) => r.subscription,
    service: "pubsub",
    presets: PUBSUB_PRESETS,
    runbookFacts: (r) => ({ subscription: r.subscription }),
  }),
  logs: gcpWatchKind<typeof gcpLogWatchSchema, GcpLogResource>({
    schema: gcpLogWatchSchema,
    description: "Structured application logs in Cloud Logging: log-based metrics and alert policies on them.",
    label: "Application logs (Cloud Logging)",
    collected: "log-based metrics (error entries, 5xx, request duration)",
    identify: (r) => r.name,
    service: "logs",
    resource: (entry, { env }) => ({ ...entry, metricName: (id: string) => gcpLogMetricName(env, entry.name, id) }),
    presets: GCP_LOG_PRESETS,
  }),
};
