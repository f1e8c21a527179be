import { z } from "zod";
import { dnsLabelSchema, durationWithin } from "../primitives";
import { thresholdOverridesSchema } from "../thresholds";
import { jsonFieldsSchema } from "./shared";

/**
 * One schema per kind of Google Cloud resource `cloud.watch` can list. The registry of watch kinds
 * (src/catalog/gcp-monitoring/registry.ts) pairs each with its presets, doc label and runbook facts, and builds
 * `cloud.watch` from them: a new kind is a schema here, a catalog file and one registry line (CONTRIBUTING.md).
 */

/** Fields every watched resource shares: a logical name for policy names, an owner and per-resource overrides. */
export const gcpWatchedFields = {
  /** Logical name used in alert policy names (`<env>-<service>-<name>-<preset>-<severity>`); keep it stable. */
  name: dnsLabelSchema,
  /** Service (from `services`) the resource belongs to. @default - "platform" in policy names */
  service: dnsLabelSchema.optional(),
  /** Threshold overrides for this resource only. @default {} */
  thresholds: thresholdOverridesSchema.prefault({}),
};

/** Google Cloud label keys and values (lower case, digits, `_` and `-`; keys start with a letter). */
export const gcpLabelMapSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, "expected a Google Cloud label key (lower case, starting with a letter)"),
  z.string().regex(/^[a-z0-9_-]{0,63}$/, "expected a Google Cloud label value (lower case, digits, '_' and '-')"),
);

export const gcpVmWatchSchema = z.strictObject({
  ...gcpWatchedFields,
  /** VMs carrying all these labels. */
  labels: gcpLabelMapSchema.refine((l) => Object.keys(l).length > 0, "at least one label"),
});

export const cloudSqlWatchSchema = z.strictObject({
  ...gcpWatchedFields,
  /** Instance name (not the connection name). */
  instance: z.string().regex(/^[a-z][a-z0-9-]{0,97}$/, "expected a Cloud SQL instance name"),
  /** Database engine: the connections metric differs. */
  engine: z.enum(["postgres", "mysql"]),
  /** The engine's `max_connections` flag; the connections policy fires at a share of it. @default - none: no connections policy */
  maxConnections: z.number().int().positive().optional(),
});

export const gcpLoadBalancerWatchSchema = z.strictObject({
  ...gcpWatchedFields,
  urlMap: z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a URL map name"),
  /** Seasonal anomaly policies (surge, drop) on the request rate, as PromQL conditions. @default false */
  anomalyDetection: z.boolean().default(false),
});

export const cloudRunWatchSchema = z.strictObject({
  ...gcpWatchedFields,
  serviceName: z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a Cloud Run service name"),
  /** The service's request timeout, for the duration-vs-timeout policy. @default "300s", Cloud Run's default */
  timeout: durationWithin("1s", "60m", "Cloud Run's maximum request timeout").prefault("300s"),
  /** Seasonal anomaly policies (surge, drop) on the request rate, as PromQL conditions. @default false */
  anomalyDetection: z.boolean().default(false),
});

export const pubsubSubscriptionWatchSchema = z.strictObject({
  ...gcpWatchedFields,
  subscription: z.string().regex(/^[A-Za-z][\w.~+%-]{2,254}$/, "expected a Pub/Sub subscription id"),
  /** Dead-letter topic configured on the subscription: alerts on messages forwarded to it. @default false */
  deadLetters: z.boolean().default(false),
});

export const gcpLogWatchSchema = z.strictObject({
  ...gcpWatchedFields,
  /** Logging query selecting the application's entries, e.g. `resource.type="k8s_container" AND resource.labels.namespace_name="shop"`; quote label keys with `-` or `/` (`labels."k8s-pod/app"`). */
  filter: z.string().min(1),
  /**
   * Monitored resource type of those entries: the log-based metrics count only entries of this type, and their
   * alert policies name it (Cloud Monitoring rejects a policy filter without `resource.type`).
   * @default "k8s_container" - container logs of GKE
   */
  resourceType: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'expected a monitored resource type such as "k8s_container" or "cloud_run_revision"')
    .default("k8s_container"),
  /** JSON field names of the entries' `jsonPayload`. @default - see each field */
  fields: jsonFieldsSchema,
});
