import {
  GCP_WATCH_KINDS,
  type GcpKindContext,
  type GcpWatchKindDefinition,
  type GcpWatchKindRegistry,
  gcpRunbookSlug,
  UPTIME_RUNBOOK_SLUG,
} from "../catalog/gcp-monitoring";
import { ANOMALY_DETECTION } from "../catalog/prometheus/anomaly-detection";
import { runbookUrl } from "../catalog/runbooks/url";
import { PLATFORM_OWNER } from "../model/owner";
import type { GcpCloudSpec } from "../spec/clouds/gcp";
import type { Severity } from "../spec/primitives";
import { type CloudAlarm, type PlanContext, planPreset, presetAlarm, type WatchedResource } from "./cloud-alarm";

/** Seconds a Cloud Monitoring condition must hold: whole minutes, at least one (conditions evaluate per minute). */
const gcpConditionSeconds = (seconds: number) => Math.max(60, Math.ceil(seconds / 60) * 60);

/** A watched resource as the presets of its kind receive it. */
export type GcpWatched = WatchedResource & { readonly anomalyDetection?: boolean };

/** Each kind of a registry with the resources its presets receive (`resource` of the kind applied to each spec entry). */
export function gcpWatchedKinds(
  registry: GcpWatchKindRegistry,
  watch: GcpCloudSpec["watch"],
  context: GcpKindContext,
): Array<{ readonly key: string; readonly kind: GcpWatchKindDefinition<never, GcpWatched>; readonly resources: readonly GcpWatched[] }> {
  const listed = watch as unknown as Readonly<Record<string, readonly never[]>>;
  return Object.entries(registry).map(([key, kind]) => ({
    key,
    kind: kind as unknown as GcpWatchKindDefinition<never, GcpWatched>,
    resources: (listed[key] ?? []).map((entry) => kind.resource(entry, context) as GcpWatched),
  }));
}

/** The seasonal traffic anomalies (surge and drop) a load balancer or Cloud Run service marked `anomalyDetection` gets. */
export const GCP_SEASONAL_ANOMALIES = [
  { preset: "trafficSurge", alert: "ServiceTrafficSurge", for: ANOMALY_DETECTION.trafficFor, what: "far above" },
  { preset: "trafficDrop", alert: "ServiceTrafficDrop", for: ANOMALY_DETECTION.dropFor, what: "far below" },
] as const;

function planPresets(
  ctx: PlanContext,
  key: string,
  kind: GcpWatchKindDefinition<never, GcpWatched>,
  resources: readonly GcpWatched[],
  context: GcpKindContext,
): CloudAlarm[] {
  return resources.flatMap((resource) => {
    // gcloud commands name the project: a responder's default project may be another.
    const facts = { project: context.project, ...kind.runbookFacts(resource, context) };
    return kind.presets.flatMap((preset) =>
      planPreset(ctx, preset, resource, gcpRunbookSlug(kind.service, preset.id)).map((tier) =>
        presetAlarm(tier, key, facts, {
          comparison: preset.source(resource).kind === "promql" ? { kind: "query" } : { kind: tier.direction, value: tier.threshold },
          evaluation: { cloud: "gcp", durationSeconds: gcpConditionSeconds(tier.for.toSeconds()) },
        }),
      ),
    );
  });
}

/**
 * Seasonal anomaly policies of one resource: Cloud Monitoring has no learnt-band condition, so the in-cluster
 * detector's method runs as a PromQL condition, surge and drop, warning. They share the Prometheus alerts' runbooks,
 * which explain the method.
 */
function planSeasonal(ctx: PlanContext, key: string, resource: WatchedResource): CloudAlarm[] {
  const service = resource.service ?? PLATFORM_OWNER;
  const severity: Severity = "warning";
  return GCP_SEASONAL_ANOMALIES.map((k) => {
    const url = runbookUrl(ctx.runbookBaseUrl, k.alert);
    const condition = `Requests to ${resource.name} are ${k.what} the same time of day 1 and 2 days and 1 to 3 weeks ago for ${k.for.toPrometheus()} (${service}, ${severity}).`;
    return {
      name: `${ctx.env}-${service}-${resource.name}-${k.preset}-${severity}`,
      severity,
      origin: "anomaly",
      kind: key,
      resource: resource.name,
      service,
      preset: k.preset,
      condition,
      description: `${condition} Runbook: ${url}`,
      runbookSlug: k.alert,
      runbookUrl: url,
      comparison: { kind: "query" },
      evaluation: { cloud: "gcp", durationSeconds: gcpConditionSeconds(k.for.toSeconds()) },
    };
  });
}

/** The critical policy of an uptime check: failing from more than one region for two periods. */
function planUptime(ctx: PlanContext, cloud: GcpCloudSpec, check: GcpCloudSpec["uptimeChecks"][number]): CloudAlarm {
  const url = new URL(check.url);
  const service = check.service ?? PLATFORM_OWNER;
  const period = check.period.toSeconds();
  const link = runbookUrl(ctx.runbookBaseUrl, UPTIME_RUNBOOK_SLUG);
  const condition = `${check.url} failing from more than one region for ${(2 * period) / 60}m (${service}, critical).`;
  return {
    name: `${ctx.env}-${service}-${check.name}-uptime-critical`,
    severity: "critical",
    origin: "uptime",
    kind: "uptimeChecks",
    resource: check.name,
    service,
    preset: "uptime",
    condition,
    description: `${condition} Runbook: ${link}`,
    runbookSlug: UPTIME_RUNBOOK_SLUG,
    runbookUrl: link,
    // An uptime check's page names the URL it probes.
    runbookFacts: { project: cloud.project, host: url.hostname, path: `${url.pathname}${url.search}` },
    comparison: { kind: "above", value: 1 },
    evaluation: { cloud: "gcp", durationSeconds: 2 * period },
  };
}

/**
 * Every Cloud Monitoring alert policy of an environment, in deployment order: the presets of each kind of `registry`
 * (the bundled one unless a test passes its own), the seasonal anomalies of the kinds with a request rate, uptime.
 */
export function planGcpAlarms(ctx: PlanContext, cloud: GcpCloudSpec, registry: GcpWatchKindRegistry = GCP_WATCH_KINDS): CloudAlarm[] {
  const context: GcpKindContext = { env: ctx.env, project: cloud.project };
  const kinds = gcpWatchedKinds(registry, cloud.watch, context);
  return [
    ...kinds.flatMap(({ key, kind, resources }) => planPresets(ctx, key, kind, resources, context)),
    ...kinds.flatMap(({ key, kind, resources }) =>
      kind.requestRate ? resources.filter((r) => r.anomalyDetection).flatMap((r) => planSeasonal(ctx, key, r)) : [],
    ),
    ...cloud.uptimeChecks.map((check) => planUptime(ctx, cloud, check)),
  ];
}
