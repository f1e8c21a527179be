import { z } from "zod";
import { GCP_WATCH_KINDS } from "../../catalog/gcp-monitoring/registry";
import { unquotedFieldPaths } from "../../catalog/gcp-monitoring/types";
import { watchSchemaOf } from "../../catalog/watch-kinds";
import type { EnvironmentSpec } from "../environment";
import { dnsLabelSchema, durationSchema } from "../primitives";
import { gcpLabelMapSchema } from "./gcp-watch";
import { checkWatchedServices } from "./shared";

const zoneSchema = z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, 'expected a Compute Engine zone such as "europe-west1-b"');

/** `cloud.watch`: one list per kind of the registry of Google Cloud watch kinds (src/catalog/gcp-monitoring/registry.ts). */
export const gcpWatchSchema = watchSchemaOf(GCP_WATCH_KINDS);

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
