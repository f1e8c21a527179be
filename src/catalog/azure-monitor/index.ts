import { presetRunbookSlug, type UnsupportedPresets } from "../common-presets";
import type { RunbookContent } from "../runbooks/types";
import { watchKindRunbooks } from "../watch-kinds";
import { AZURE_WATCH_KINDS, type AzureWatchKindRegistry } from "./registry";

export * from "./arm-ids";
export * from "./presets";
export * from "./registry";
export * from "./types";

/** Common presets Azure Monitor does not render, and why. */
export const AZURE_UNSUPPORTED: UnsupportedPresets = {
  loadBalancerErrorRatio:
    "metric alerts cannot divide one metric by another; the 5xx count (serverErrors) and the log-based 5xx alert cover it",
  functionErrorRatio: "metric alerts cannot divide Http5xx by Requests; the function app's 5xx count (serverErrors) is alerted instead",
  queueOldestMessage: "Service Bus publishes no age-of-oldest-message metric; queue depth and dead letters are alerted",
};

/** Runbook slug of an Azure Monitor preset: `azure-<service>-<preset>`. */
export function azureRunbookSlug(service: string, presetId: string): string {
  return presetRunbookSlug("azure", service, presetId);
}

/** Runbook content of every Azure Monitor preset and dynamic-threshold preset of a registry's kinds, by slug. */
export function azureRunbooks(registry: AzureWatchKindRegistry = AZURE_WATCH_KINDS): Record<string, RunbookContent> {
  return watchKindRunbooks("azure", registry);
}
