import { z } from "zod";
import { unquotedFieldPaths } from "../../catalog/gcp-monitoring/types";
import type { EnvironmentSpec } from "../environment";
import { dnsLabelSchema, durationSchema, durationWithin } from "../primitives";
import { thresholdOverridesSchema } from "../thresholds";
import { checkWatchedServices, jsonFieldsSchema } from "./shared";

/** Fields every watched resource shares: a logical name for policy names, an owner and per-resource overrides. */
const watched = {
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

const zoneSchema = z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, 'expected a Compute Engine zone such as "europe-west1-b"');

export const gcpWatchSchema = z.strictObject({
  /**
   * Compute Engine VMs selected by labels: alert policies filter on the labels (VMs created later are covered) and the
   * Ops Agent is rolled out to them by an OS policy assignment. @default []
   */
  vms: z
    .array(
      z.strictObject({
        ...watched,
        /** VMs carrying all these labels. */
        labels: gcpLabelMapSchema.refine((l) => Object.keys(l).length > 0, "at least one label"),
      }),
    )
    .default([]),
  /** Cloud SQL instances. @default [] */
  cloudSql: z
    .array(
      z.strictObject({
        ...watched,
        /** Instance name (not the connection name). */
        instance: z.string().regex(/^[a-z][a-z0-9-]{0,97}$/, "expected a Cloud SQL instance name"),
        /** Database engine: the connections metric differs. */
        engine: z.enum(["postgres", "mysql"]),
        /** The engine's `max_connections` flag; the connections policy fires at a share of it. @default - none: no connections policy */
        maxConnections: z.number().int().positive().optional(),
      }),
    )
    .default([]),
  /** External Application Load Balancers, by URL map. @default [] */
  loadBalancers: z
    .array(
      z.strictObject({
        ...watched,
        urlMap: z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a URL map name"),
        /** Seasonal anomaly policies (surge, drop) on the request rate, as PromQL conditions. @default false */
        anomalyDetection: z.boolean().default(false),
      }),
    )
    .default([]),
  /** Cloud Run services (and Cloud Run functions). @default [] */
  cloudRun: z
    .array(
      z.strictObject({
        ...watched,
        serviceName: z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a Cloud Run service name"),
        /** The service's request timeout, for the duration-vs-timeout policy. @default "300s", Cloud Run's default */
        timeout: durationWithin("1s", "60m", "Cloud Run's maximum request timeout").prefault("300s"),
        /** Seasonal anomaly policies (surge, drop) on the request rate, as PromQL conditions. @default false */
        anomalyDetection: z.boolean().default(false),
      }),
    )
    .default([]),
  /** Pub/Sub subscriptions (queue backlog). @default [] */
  pubsubSubscriptions: z
    .array(
      z.strictObject({
        ...watched,
        subscription: z.string().regex(/^[A-Za-z][\w.~+%-]{2,254}$/, "expected a Pub/Sub subscription id"),
        /** Dead-letter topic configured on the subscription: alerts on messages forwarded to it. @default false */
        deadLetters: z.boolean().default(false),
      }),
    )
    .default([]),
  /** Structured application logs in Cloud Logging: log-based metrics and alert policies on them. @default [] */
  logs: z
    .array(
      z.strictObject({
        ...watched,
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
      }),
    )
    .default([]),
});

/** A public endpoint probed by Cloud Monitoring uptime checks from several regions. */
export const gcpUptimeCheckSchema = z.strictObject({
  name: dnsLabelSchema,
  /** Service (from `services`) the endpoint belongs to. @default - "platform" */
  service: dnsLabelSchema.optional(),
  url: z.url({ protocol: /^https?$/, error: "expected an http(s):// URL" }),
  /** How often each region probes: 1, 5, 10 or 15 minutes. @default "1m" */
  period: durationSchema.prefault("1m").refine((d) => [60, 300, 600, 900].includes(d.toSeconds()), "expected 1m, 5m, 10m or 15m"),
  /** Text the response body must contain. @default - any 2xx response passes */
  contentMatch: z.string().min(1).optional(),
});

export const gcpCloudSchema = z.strictObject({
  provider: z.literal("gcp"),
  /** Project the stack creates its resources in and watches. */
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project id such as "shop-prod-1234"'),
  region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'expected a Google Cloud region such as "europe-west1"'),
  /** Accept a region missing from src/catalog/regions.ts (one opened after this release). @default false */
  newRegion: z.boolean().default(false),
  /** Labels put on every resource the stack creates (provider `default_labels`). @default {} */
  labels: gcpLabelMapSchema.default({}),
  /** Resources to watch with Cloud Monitoring alert policies. @default {} */
  watch: gcpWatchSchema.prefault({}),
  /** Public endpoints probed by uptime checks, with a critical policy when they fail from several regions. @default [] */
  uptimeChecks: z.array(gcpUptimeCheckSchema).default([]),
  /**
   * Zones where the Ops Agent OS policy is assigned (OS policy assignments are zonal). Required when `watch.vms` is
   * not empty. @default []
   */
  zones: z.array(zoneSchema).default([]),
  /** Retention of the project's `_Default` log bucket (1 to 3650 days). @default - `retention.logs` */
  logRetention: durationSchema.optional(),
});

export type GcpCloudSpec = z.output<typeof gcpCloudSchema>;
export type GcpWatchSpec = z.output<typeof gcpWatchSchema>;

/** GCP cross checks: services named, zones for the agent, credentials Terraform can read. */
export function checkGcpEnvironment(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const cloud = env.cloud;
  if (cloud?.provider !== "gcp") return;
  checkWatchedServices(env, { ...cloud.watch, uptimeChecks: cloud.uptimeChecks }, ctx, (kind) =>
    kind === "uptimeChecks" ? ["cloud", "uptimeChecks"] : ["cloud", "watch", kind],
  );
  if (cloud.watch.vms.length > 0 && cloud.zones.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["cloud", "zones"],
      message: "required with watch.vms: the Ops Agent OS policy is assigned per zone; list the zones the VMs run in",
    });
  }
  cloud.watch.logs.forEach((log, i) => {
    const keys = unquotedFieldPaths(log.filter);
    if (keys.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["cloud", "watch", "logs", i, "filter"],
        message: `quote field names with '-' or '/' (e.g. labels."k8s-pod/app"), received unquoted ${keys.join(", ")}`,
      });
    }
  });
  const retentionDays = Math.ceil((cloud.logRetention ?? env.retention.logs).toDays());
  if (retentionDays > 3650) {
    ctx.addIssue({
      code: "custom",
      path: cloud.logRetention ? ["cloud", "logRetention"] : ["retention", "logs"],
      message: `Cloud Logging keeps logs at most 3650 days, received ${retentionDays} days`,
    });
  }
  env.channels.forEach((channel, i) => {
    if (channel.type === "slack" && !channel.authToken) {
      ctx.addIssue({
        code: "custom",
        path: ["channels", i, "authToken"],
        message:
          "required on Google Cloud: Cloud Monitoring posts to Slack through the Slack app's OAuth token (xoxb-…), not an incoming webhook; give it by reference",
      });
    }
    for (const [field, ref] of secretFields(channel)) {
      if ("kubernetesSecret" in ref) {
        ctx.addIssue({
          code: "custom",
          path: ["channels", i, field],
          message:
            "this channel also receives Cloud Monitoring alerts through a notification channel, which needs the secret in Terraform; use { terraformVariable } or { gcpSecretManager } instead of { kubernetesSecret }",
        });
      }
    }
  });
}

/** The secret references of a channel that a cloud's own notification resource needs, by field name. */
function secretFields(channel: EnvironmentSpec["channels"][number]): Array<[string, Record<string, unknown>]> {
  switch (channel.type) {
    case "pagerduty":
      return [["routingKey", channel.routingKey]];
    case "webhook":
      return [["url", channel.url]];
    case "slack":
      return channel.authToken ? [["authToken", channel.authToken]] : [];
    default:
      return [];
  }
}
