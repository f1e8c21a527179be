import type { z } from "zod";
import {
  applicationGatewayWatchSchema,
  azureDatabaseWatchSchema,
  azureLogWatchSchema,
  azureVmWatchSchema,
  functionAppWatchSchema,
  serviceBusQueueWatchSchema,
} from "../../spec/clouds/azure-watch";
import type { RunbookFacts } from "../runbooks/types";
import { serviceOwner, type WatchKindBase } from "../watch-kinds";
import { armId, resourceGroupId } from "./arm-ids";
import {
  AZURE_LOG_PRESETS,
  type AzureDatabaseResource,
  type AzureFunctionResource,
  type AzureGatewayResource,
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
import type { AzureAnomalyPreset, AzurePreset, AzureScope } from "./types";

/** What a kind's resources are built with beside their spec entry: the environment's subscription. */
export interface AzureKindContext {
  readonly subscriptionId: string;
}

/**
 * One kind of Azure resource `cloud.watch` can list: everything the stack derives from it is here or reached from
 * here. `S` is the spec schema of one resource; `R` what the presets receive (the spec entry, plus what the
 * environment adds: see `resource`). `collected` defaults to "Azure Monitor platform metrics".
 */
export interface AzureWatchKindDefinition<S extends z.ZodType = z.ZodType, R = z.output<S>> extends WatchKindBase<S> {
  /** What the presets receive for one spec entry: the entry, with its ARM id (it names the subscription). @default - the spec entry */
  resource(entry: z.output<S>, context: AzureKindContext): R;
  /**
   * Where the kind's metric alerts are scoped: one resource, or every resource of a type in a resource group.
   * @default - none: every preset of the kind is a log search alert on the stack's workspace
   */
  scope?(resource: R): AzureScope;
  readonly presets: readonly AzurePreset<R>[];
  /** Dynamic-threshold presets, for resources whose entry sets `anomalyDetection`. @default [] */
  readonly anomalies: readonly AzureAnomalyPreset<R>[];
  /**
   * What fills the placeholders of the kind's runbooks (`<rg>`, `<server>`…) for one resource: names from the spec, or
   * az lookups for what only Azure knows (a VM's id). @default - nothing to fill
   */
  runbookFacts(resource: R, context: AzureKindContext): RunbookFacts;
}

/** A kind whatever its resource type, as a registry holds it (each entry is checked against its own types by `azureWatchKind`). */
export type AnyAzureWatchKind = Omit<AzureWatchKindDefinition<z.ZodType, never>, "resource"> & {
  resource(entry: never, context: AzureKindContext): unknown;
};

/** A registry of Azure watch kinds by key (the bundled one, or a test's fixture). */
export type AzureWatchKindRegistry = Readonly<Record<string, AnyAzureWatchKind>>;

/** Builds one registry entry, keeping the schema's own type (so spec input and output types stay exact). */
export function azureWatchKind<S extends z.ZodType, R = z.output<S>>(
  definition: Omit<AzureWatchKindDefinition<S, R>, "anomalies" | "owner" | "resource" | "runbookFacts"> &
    Partial<Pick<AzureWatchKindDefinition<S, R>, "anomalies" | "owner" | "resource" | "runbookFacts">>,
): AzureWatchKindDefinition<S, R> {
  return {
    anomalies: [],
    owner: serviceOwner,
    resource: (entry) => entry as R,
    runbookFacts: () => ({}),
    ...definition,
  };
}

const byId = (r: { readonly resourceId: string }): AzureScope => ({ kind: "resource", resourceId: r.resourceId });

/**
 * The Azure watch kinds, in the order of the spec, the alerts and the docs. Adding an Azure service: a schema in
 * src/spec/clouds/azure-watch.ts, a catalog file beside presets.ts, and one line here (CONTRIBUTING.md).
 */
export const AZURE_WATCH_KINDS = {
  vms: azureWatchKind<typeof azureVmWatchSchema, AzureVmResource>({
    schema: azureVmWatchSchema,
    description:
      "Every virtual machine and scale set in a resource group: metric alerts span the group (VMs created later are covered) and an Azure Policy assignment installs the Azure Monitor Agent and associates the data collection rule.",
    label: "VMs and scale sets (by resource group)",
    collected: "Azure Monitor platform metrics, Azure Monitor Agent metrics and logs",
    identify: (r) => r.resourceGroup,
    service: "vm",
    resource: (entry, { subscriptionId }) => ({ ...entry, resourceGroupId: resourceGroupId(subscriptionId, entry.resourceGroup) }),
    scope: (r) => ({ kind: "resourceGroup", resourceGroupId: r.resourceGroupId, targetResourceType: "Microsoft.Compute/virtualMachines" }),
    presets: VM_PRESETS,
    // Which `<vm>` (and its `<disk>`) crossed is named by the incident; its resource id is looked up from it.
    runbookFacts: (r, { subscriptionId }) => ({
      rg: r.resourceGroup,
      "vm-id": `$(az vm show --subscription ${subscriptionId} --resource-group ${r.resourceGroup} --name <vm> --query id --output tsv)`,
    }),
  }),
  databases: azureWatchKind<typeof azureDatabaseWatchSchema, AzureDatabaseResource>({
    schema: azureDatabaseWatchSchema,
    description: "Azure Database for PostgreSQL / MySQL flexible servers.",
    label: "Azure Database flexible servers",
    identify: (r) => r.serverName,
    service: "database",
    resource: (entry, { subscriptionId }) => ({
      ...entry,
      resourceId: armId(
        subscriptionId,
        entry.resourceGroup,
        entry.engine === "postgres" ? "Microsoft.DBforPostgreSQL/flexibleServers" : "Microsoft.DBforMySQL/flexibleServers",
        entry.serverName,
      ),
    }),
    scope: byId,
    presets: DATABASE_PRESETS,
    runbookFacts: (r) => ({ rg: r.resourceGroup, server: r.serverName, engine: r.engine }),
  }),
  applicationGateways: azureWatchKind<typeof applicationGatewayWatchSchema, AzureGatewayResource>({
    schema: applicationGatewayWatchSchema,
    description: "Application Gateways (layer-7 load balancers).",
    label: "Application Gateways",
    identify: (r) => r.gatewayName,
    service: "appgw",
    resource: (entry, { subscriptionId }) => ({
      ...entry,
      resourceId: armId(subscriptionId, entry.resourceGroup, "Microsoft.Network/applicationGateways", entry.gatewayName),
    }),
    scope: byId,
    presets: GATEWAY_PRESETS,
    anomalies: GATEWAY_ANOMALIES,
    runbookFacts: (r) => ({ rg: r.resourceGroup, gateway: r.gatewayName }),
  }),
  functionApps: azureWatchKind<typeof functionAppWatchSchema, AzureFunctionResource>({
    schema: functionAppWatchSchema,
    description: "Function apps.",
    label: "Function apps",
    identify: (r) => r.appName,
    service: "functions",
    resource: (entry, { subscriptionId }) => ({
      ...entry,
      resourceId: armId(subscriptionId, entry.resourceGroup, "Microsoft.Web/sites", entry.appName),
    }),
    scope: byId,
    presets: FUNCTION_PRESETS,
    anomalies: FUNCTION_ANOMALIES,
  }),
  serviceBusQueues: azureWatchKind<typeof serviceBusQueueWatchSchema, AzureQueueResource>({
    schema: serviceBusQueueWatchSchema,
    description: "Service Bus queues.",
    label: "Service Bus queues",
    identify: (r) => `${r.namespace}/${r.queueName}`,
    service: "servicebus",
    // Queue metrics are the namespace's, split by the EntityName dimension.
    resource: (entry, { subscriptionId }) => ({
      ...entry,
      resourceId: armId(subscriptionId, entry.resourceGroup, "Microsoft.ServiceBus/namespaces", entry.namespace),
    }),
    scope: byId,
    presets: QUEUE_PRESETS,
    anomalies: QUEUE_ANOMALIES,
    runbookFacts: (r) => ({ rg: r.resourceGroup, ns: r.namespace, queue: r.queueName }),
  }),
  logs: azureWatchKind({
    schema: azureLogWatchSchema,
    description: "Structured application logs in the stack's Log Analytics workspace: scheduled query (log search) alerts.",
    label: "Application logs (Log Analytics)",
    collected: "log search alerts on the workspace's tables",
    identify: (r) => r.table,
    service: "logs",
    presets: AZURE_LOG_PRESETS,
    runbookFacts: (r) => ({
      "message field": logField(r, r.fields.message),
      "path field": logField(r, r.fields.path),
      "duration field": logField(r, r.fields.durationMs),
    }),
  }),
};
