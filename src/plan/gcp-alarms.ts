import { GCP_CATALOG, type GcpServiceCatalog, gcpRunbookSlug, UPTIME_RUNBOOK_SLUG } from "../catalog/gcp-monitoring";
import { ANOMALY_DETECTION } from "../catalog/prometheus/anomaly-detection";
import type { RunbookFacts } from "../catalog/runbooks/types";
import { runbookUrl } from "../catalog/runbooks/url";
import { gcpLogMetricName } from "../model/naming";
import { PLATFORM_OWNER } from "../model/owner";
import type { GcpCloudSpec } from "../spec/clouds/gcp";
import type { Severity } from "../spec/primitives";
import { type CloudAlarm, type PlanContext, planPreset, presetAlarm, type WatchedResource } from "./cloud-alarm";

/** Seconds a Cloud Monitoring condition must hold: whole minutes, at least one (conditions evaluate per minute). */
const gcpConditionSeconds = (seconds: number) => Math.max(60, Math.ceil(seconds / 60) * 60);

/** Each kind's resources as its presets receive them: the spec entry, plus what the stack derives from spec names. */
export function gcpWatchedResources(env: string, cloud: GcpCloudSpec) {
  const watch = cloud.watch;
  return {
    ...watch,
    cloudSql: watch.cloudSql.map((r) => ({ ...r, project: cloud.project })),
    logs: watch.logs.map((l) => ({ ...l, metricName: (id: string) => gcpLogMetricName(env, l.name, id) })),
  };
}

/** The seasonal traffic anomalies (surge and drop) a load balancer or Cloud Run service marked `anomalyDetection` gets. */
export const GCP_SEASONAL_ANOMALIES = [
  { preset: "trafficSurge", alert: "ServiceTrafficSurge", for: ANOMALY_DETECTION.trafficFor, what: "far above" },
  { preset: "trafficDrop", alert: "ServiceTrafficDrop", for: ANOMALY_DETECTION.dropFor, what: "far below" },
] as const;

function planPresets<R extends WatchedResource>(
  ctx: PlanContext,
  key: string,
  catalog: GcpServiceCatalog<R> & { readonly runbookFacts: (resource: never, cloud: never) => RunbookFacts },
  resources: readonly R[],
  cloud: GcpCloudSpec,
): CloudAlarm[] {
  return resources.flatMap((resource) => {
    // gcloud commands name the project: a responder's default project may be another.
    const facts = { project: cloud.project, ...catalog.runbookFacts(resource as never, cloud as never) };
    return catalog.presets.flatMap((preset) =>
      planPreset(ctx, preset, resource, gcpRunbookSlug(catalog.service, preset.id)).map((tier) =>
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

/** Every Cloud Monitoring alert policy of an environment, in deployment order: presets, seasonal anomalies, uptime. */
export function planGcpAlarms(ctx: PlanContext, cloud: GcpCloudSpec): CloudAlarm[] {
  const w = gcpWatchedResources(ctx.env, cloud);
  const c = GCP_CATALOG;
  return [
    ...planPresets(ctx, "vms", c.vms, w.vms, cloud),
    ...planPresets(ctx, "cloudSql", c.cloudSql, w.cloudSql, cloud),
    ...planPresets(ctx, "loadBalancers", c.loadBalancers, w.loadBalancers, cloud),
    ...planPresets(ctx, "cloudRun", c.cloudRun, w.cloudRun, cloud),
    ...planPresets(ctx, "pubsubSubscriptions", c.pubsubSubscriptions, w.pubsubSubscriptions, cloud),
    ...planPresets(ctx, "logs", c.logs, w.logs, cloud),
    ...w.loadBalancers.filter((r) => r.anomalyDetection).flatMap((r) => planSeasonal(ctx, "loadBalancers", r)),
    ...w.cloudRun.filter((r) => r.anomalyDetection).flatMap((r) => planSeasonal(ctx, "cloudRun", r)),
    ...cloud.uptimeChecks.map((check) => planUptime(ctx, cloud, check)),
  ];
}
