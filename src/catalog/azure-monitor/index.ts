import type { AzureWatchSpec } from "../../spec/clouds/azure";
import { presetRunbookSlug, type UnsupportedPresets } from "../common-presets";
import type { RunbookContent, RunbookFacts } from "../runbooks/types";
import {
  AZURE_LOG_PRESETS,
  type AzureDatabaseResource,
  type AzureFunctionResource,
  type AzureGatewayResource,
  type AzureLogResource,
  type AzureQueueResource,
  type AzureVmResource,
  DATABASE_PRESETS,
  FUNCTION_ANOMALIES,
  FUNCTION_PRESETS,
  GATEWAY_ANOMALIES,
  GATEWAY_PRESETS,
  logField,
  QUEUE_ANOMALIES,
  QUEUE_PRESETS,
  VM_PRESETS,
} from "./presets";
import type { AzureServiceCatalog } from "./types";

export * from "./presets";
export * from "./types";

/** The resource each kind of `cloud.watch` hands to its presets. */
export interface AzureResourceByKind {
  readonly vms: AzureVmResource;
  readonly databases: AzureDatabaseResource;
  readonly applicationGateways: AzureGatewayResource;
  readonly functionApps: AzureFunctionResource;
  readonly serviceBusQueues: AzureQueueResource;
  readonly logs: AzureLogResource;
}
export type AzureWatchKind = keyof AzureResourceByKind;

const byId = (r: { readonly resourceId: string }) => ({ kind: "resource" as const, resourceId: r.resourceId });

/**
 * What fills the runbook placeholders of one watched resource, from its spec entry. A VM watch covers a resource
 * group: which `<vm>` (and its `<disk>`) crossed is named by the incident, its resource id is looked up from it.
 */
export type AzureRunbookFacts<K extends AzureWatchKind> = (
  resource: AzureWatchSpec[K][number],
  cloud: { readonly subscriptionId: string },
) => RunbookFacts;

/**
 * Every watched kind's catalog. Log presets are scoped to the stack's Log Analytics workspace by the renderer.
 * Adding an Azure service: presets beside the others and one line here.
 */
export const AZURE_CATALOG: {
  readonly [K in Exclude<AzureWatchKind, "logs">]: AzureServiceCatalog<AzureResourceByKind[K]> & {
    readonly runbookFacts: AzureRunbookFacts<K>;
  };
} & {
  readonly logs: { readonly service: string; readonly presets: typeof AZURE_LOG_PRESETS; readonly runbookFacts: AzureRunbookFacts<"logs"> };
} = {
  vms: {
    service: "vm",
    scope: (r) => ({ kind: "resourceGroup", resourceGroupId: r.resourceGroupId, targetResourceType: "Microsoft.Compute/virtualMachines" }),
    presets: VM_PRESETS,
    anomalies: [],
    runbookFacts: (r, cloud) => ({
      rg: r.resourceGroup,
      "vm-id": `$(az vm show --subscription ${cloud.subscriptionId} --resource-group ${r.resourceGroup} --name <vm> --query id --output tsv)`,
    }),
  },
  databases: {
    service: "database",
    scope: byId,
    presets: DATABASE_PRESETS,
    anomalies: [],
    runbookFacts: (r) => ({ rg: r.resourceGroup, server: r.serverName, engine: r.engine }),
  },
  applicationGateways: {
    service: "appgw",
    scope: byId,
    presets: GATEWAY_PRESETS,
    anomalies: GATEWAY_ANOMALIES,
    runbookFacts: (r) => ({ rg: r.resourceGroup, gateway: r.gatewayName }),
  },
  functionApps: {
    service: "functions",
    scope: byId,
    presets: FUNCTION_PRESETS,
    anomalies: FUNCTION_ANOMALIES,
    runbookFacts: () => ({}),
  },
  serviceBusQueues: {
    service: "servicebus",
    scope: byId,
    presets: QUEUE_PRESETS,
    anomalies: QUEUE_ANOMALIES,
    runbookFacts: (r) => ({ rg: r.resourceGroup, ns: r.namespace, queue: r.queueName }),
  },
  logs: {
    service: "logs",
    presets: AZURE_LOG_PRESETS,
    runbookFacts: (r) => ({
      "message field": logField(r, r.fields.message),
      "path field": logField(r, r.fields.path),
      "duration field": logField(r, r.fields.durationMs),
    }),
  },
};

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

/** Runbook content of every Azure Monitor preset and dynamic-threshold preset, by slug. */
export function azureRunbooks(): Record<string, RunbookContent> {
  const runbooks: Record<string, RunbookContent> = {};
  for (const catalog of Object.values(AZURE_CATALOG)) {
    for (const p of catalog.presets) {
      runbooks[azureRunbookSlug(catalog.service, p.id)] = {
        meaning: p.intent.meaning,
        impact: p.intent.impact,
        diagnosis: p.diagnosis,
        mitigation: [...p.intent.mitigation, ...(p.mitigation ?? [])],
        escalation: p.intent.escalation,
      };
    }
    for (const a of "anomalies" in catalog ? catalog.anomalies : []) {
      runbooks[azureRunbookSlug(catalog.service, a.id)] = {
        meaning: a.intent.meaning,
        impact: a.intent.impact,
        diagnosis: a.diagnosis,
        mitigation: a.intent.mitigation,
        escalation: a.intent.escalation,
      };
    }
  }
  return runbooks;
}
