import type { GcpWatchSpec } from "../../spec/clouds/gcp";
import type { UnsupportedPresets } from "../common-presets";
import { presetRunbookSlug } from "../common-presets";
import type { RunbookContent, RunbookFacts } from "../runbooks/types";
import {
  CLOUD_RUN_PRESETS,
  CLOUD_SQL_PRESETS,
  GCE_PRESETS,
  GCP_LOG_PRESETS,
  type GcpCloudRunResource,
  type GcpLoadBalancerResource,
  type GcpLogResource,
  type GcpSqlResource,
  type GcpSubscriptionResource,
  type GcpVmResource,
  LOAD_BALANCER_PRESETS,
  PUBSUB_PRESETS,
} from "./presets";
import type { GcpServiceCatalog } from "./types";

export * from "./presets";
export * from "./types";

/** The resource each kind of `cloud.watch` hands to its presets. */
export interface GcpResourceByKind {
  readonly vms: GcpVmResource;
  readonly cloudSql: GcpSqlResource;
  readonly loadBalancers: GcpLoadBalancerResource;
  readonly cloudRun: GcpCloudRunResource;
  readonly pubsubSubscriptions: GcpSubscriptionResource;
  readonly logs: GcpLogResource;
}
export type GcpWatchKind = keyof GcpResourceByKind;

/**
 * What fills the runbook placeholders of one watched resource, from its spec entry. A VM watch selects VMs by label:
 * which `<vm>` (and its `<disk>`) crossed is named by the incident, its zone is looked up from it.
 */
export type GcpRunbookFacts<K extends GcpWatchKind> = (
  resource: GcpWatchSpec[K][number],
  cloud: { readonly project: string },
) => RunbookFacts;

/** Every watched kind's catalog. Adding a Google Cloud service: presets beside the others and one line here. */
export const GCP_CATALOG: {
  readonly [K in GcpWatchKind]: GcpServiceCatalog<GcpResourceByKind[K]> & { readonly runbookFacts: GcpRunbookFacts<K> };
} = {
  vms: {
    service: "gce",
    presets: GCE_PRESETS,
    runbookFacts: (_, cloud) => ({
      zone: `$(gcloud compute instances list --project ${cloud.project} --filter 'name=(<vm>)' --format 'value(zone.basename())')`,
    }),
  },
  cloudSql: { service: "cloudsql", presets: CLOUD_SQL_PRESETS, runbookFacts: (r) => ({ instance: r.instance }) },
  loadBalancers: { service: "lb", presets: LOAD_BALANCER_PRESETS, runbookFacts: () => ({}) },
  cloudRun: { service: "run", presets: CLOUD_RUN_PRESETS, runbookFacts: (r) => ({ service: r.serviceName }) },
  pubsubSubscriptions: { service: "pubsub", presets: PUBSUB_PRESETS, runbookFacts: (r) => ({ subscription: r.subscription }) },
  logs: { service: "logs", presets: GCP_LOG_PRESETS, runbookFacts: () => ({}) },
};

/** Common presets Cloud Monitoring does not render, and why. */
export const GCP_UNSUPPORTED: UnsupportedPresets = {
  loadBalancerUnhealthyTargets:
    "the external Application Load Balancer publishes no per-backend health metric; the uptime checks (cloud.uptimeChecks) probe the public endpoint instead",
};

/** Runbook slug of a Cloud Monitoring preset: `gcp-<service>-<preset>`. */
export function gcpRunbookSlug(service: string, presetId: string): string {
  return presetRunbookSlug("gcp", service, presetId);
}

/** Runbook of the uptime-check policies. */
export const UPTIME_RUNBOOK: RunbookContent = {
  meaning: "A public endpoint fails its uptime check from more than one Google Cloud region.",
  impact: "Users cannot reach the endpoint (or get errors, or the expected content is missing).",
  diagnosis: [
    "Which regions and why: Monitoring > Uptime checks > the check's 'Check passed' chart and its failure log (`logCheckFailures`).",
    "From a shell: `curl -sv https://<host><path>` (DNS, TLS certificate, status code).",
  ],
  mitigation: ["Roll back the latest release or DNS/certificate change.", "Check the load balancer's backends and the service behind it."],
  escalation: "Page the owning team: the endpoint is down for users.",
};
export const UPTIME_RUNBOOK_SLUG = gcpRunbookSlug("uptime", "checkFailed");

/** Runbook content of every Cloud Monitoring preset and of the uptime-check policy, by slug. */
export function gcpRunbooks(): Record<string, RunbookContent> {
  const runbooks: Record<string, RunbookContent> = {};
  for (const { service, presets } of Object.values(GCP_CATALOG) as GcpServiceCatalog<unknown>[]) {
    for (const p of presets) {
      runbooks[gcpRunbookSlug(service, p.id)] = {
        meaning: p.intent.meaning,
        impact: p.intent.impact,
        diagnosis: p.diagnosis,
        mitigation: [...p.intent.mitigation, ...(p.mitigation ?? [])],
        escalation: p.intent.escalation,
      };
    }
  }
  runbooks[UPTIME_RUNBOOK_SLUG] = UPTIME_RUNBOOK;
  return runbooks;
}
