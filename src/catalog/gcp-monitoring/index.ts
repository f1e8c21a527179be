import type { UnsupportedPresets } from "../common-presets";
import { presetRunbookSlug } from "../common-presets";
import type { RunbookContent } from "../runbooks/types";
import { watchKindRunbooks } from "../watch-kinds";
import { GCP_WATCH_KINDS, type GcpWatchKindRegistry } from "./registry";

export * from "./presets";
export * from "./registry";
export * from "./types";

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

/** Runbook content of every Cloud Monitoring preset of a registry's kinds and of the uptime-check policy, by slug. */
export function gcpRunbooks(registry: GcpWatchKindRegistry = GCP_WATCH_KINDS): Record<string, RunbookContent> {
  const runbooks = watchKindRunbooks("gcp", registry);
  runbooks[UPTIME_RUNBOOK_SLUG] = UPTIME_RUNBOOK;
  return runbooks;
}
