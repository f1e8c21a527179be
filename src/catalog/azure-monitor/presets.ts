import type { z } from "zod";
import type {
  applicationGatewayWatchSchema,
  azureDatabaseWatchSchema,
  azureLogWatchSchema,
  azureVmWatchSchema,
  functionAppWatchSchema,
  serviceBusQueueWatchSchema,
} from "../../spec/clouds/azure-watch";
import { ALARM_INTENTS, ANOMALY_INTENTS } from "../alarm-intents";
import { COMMON_PRESETS } from "../common-presets";
import { type AzureAnomalyPreset, type AzurePreset, kqlString } from "./types";

/** Every VM of a resource group; `resourceGroupId` is its ARM id (lower case, for `_ResourceId` matches). */
export type AzureVmResource = z.output<typeof azureVmWatchSchema> & { readonly resourceGroupId: string };
/** A flexible server, with its ARM id. */
export type AzureDatabaseResource = z.output<typeof azureDatabaseWatchSchema> & { readonly resourceId: string };
export type AzureGatewayResource = z.output<typeof applicationGatewayWatchSchema> & { readonly resourceId: string };
export type AzureFunctionResource = z.output<typeof functionAppWatchSchema> & { readonly resourceId: string };
export type AzureQueueResource = z.output<typeof serviceBusQueueWatchSchema> & { readonly resourceId: string };
export type AzureLogResource = z.output<typeof azureLogWatchSchema>;

const VM = "Microsoft.Compute/virtualMachines";

/** Virtual machines: CPU and available memory from the platform; disk from the Azure Monitor Agent (Perf table). */
export const VM_PRESETS: readonly AzurePreset<AzureVmResource>[] = [
  {
    ...COMMON_PRESETS.vmCpu,
    source: () => ({ kind: "gauge", metric: { namespace: VM, name: "Percentage CPU" } }),
    diagnosis: [
      "Which VM: `az monitor metrics list --resource <vm-id> --metric 'Percentage CPU' --interval PT1M` (the alert's 'Affected resource').",
      "On the VM: `az vm run-command invoke --subscription <subscription> -g <rg> -n <vm> --command-id RunShellScript --scripts 'top -b -n1 | head -20'`.",
    ],
  },
  {
    ...COMMON_PRESETS.vmMemory,
    // The platform reports what is available; used % = 100 - available %.
    source: () => ({ kind: "gauge", metric: { namespace: VM, name: "Available Memory Percentage" } }),
    complement: true,
    metricUnit: "% available",
    diagnosis: [
      'Per process (Azure Monitor Agent): `Perf | where ObjectName == "Memory" and CounterName == "% Used Memory" | summarize max(CounterValue) by Computer, bin(TimeGenerated, 5m)`.',
      "On the VM: `free -m`, `ps aux --sort=-rss | head`.",
    ],
  },
  {
    ...COMMON_PRESETS.vmDisk,
    source: (r) => ({
      kind: "logQuery",
      aggregation: "Maximum",
      resourceIdColumn: "_ResourceId",
      query: [
        "Perf",
        '| where ObjectName == "Logical Disk" and CounterName == "% Used Space" and InstanceName !in ("_Total", "total")',
        `| where _ResourceId startswith ${kqlString(r.resourceGroupId.toLowerCase())}`,
        "| summarize AggregatedValue = max(CounterValue) by _ResourceId",
      ].join("\n"),
    }),
    diagnosis: [
      'Which disk: `Perf | where CounterName == "% Used Space" | summarize max(CounterValue) by Computer, InstanceName | order by max_CounterValue desc`.',
      "On the VM: `df -h`, `sudo du -xh / --max-depth=2 | sort -h | tail -20`.",
    ],
    mitigation: [
      "`az disk update --subscription <subscription> -g <rg> -n <disk> --size-gb <GiB>` then grow the partition and filesystem.",
    ],
  },
];

const POSTGRES = "Microsoft.DBforPostgreSQL/flexibleServers";
const MYSQL = "Microsoft.DBforMySQL/flexibleServers";
const dbNamespace = (r: AzureDatabaseResource) => (r.engine === "postgres" ? POSTGRES : MYSQL);

/** Flexible servers (PostgreSQL, MySQL): CPU, free storage (PostgreSQL) and connections as a share of max_connections. */
export const DATABASE_PRESETS: readonly AzurePreset<AzureDatabaseResource>[] = [
  {
    ...COMMON_PRESETS.databaseCpu,
    source: (r) => ({ kind: "gauge", metric: { namespace: dbNamespace(r), name: "cpu_percent" } }),
    diagnosis: [
      "Query Store / Query Performance Insight of the server (portal) lists the top queries.",
      "PostgreSQL: `SELECT pid, now() - query_start AS age, query FROM pg_stat_activity WHERE state = 'active' ORDER BY age DESC LIMIT 10;`",
    ],
    mitigation: [
      "`az <engine> flexible-server update --subscription <subscription> -g <rg> -n <server> --sku-name <larger>` (restarts the server).",
    ],
  },
  {
    ...COMMON_PRESETS.databaseStorage,
    // MySQL flexible servers publish used and limit only (no free-storage metric): PostgreSQL only.
    appliesTo: (r) => r.engine === "postgres",
    source: () => ({ kind: "gauge", metric: { namespace: POSTGRES, name: "storage_free" } }),
    convert: (gib) => gib * 1024 ** 3,
    metricUnit: "bytes",
    diagnosis: [
      "`az postgres flexible-server show --subscription <subscription> -g <rg> -n <server> --query '{size:storage.storageSizeGb, autoGrow:storage.autoGrow}'`",
      "PostgreSQL: `SELECT relname, pg_size_pretty(pg_total_relation_size(relid)) FROM pg_catalog.pg_statio_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 10;`",
    ],
    mitigation: [
      "`az postgres flexible-server update --subscription <subscription> -g <rg> -n <server> --storage-size <GiB>` or `--storage-auto-grow Enabled`.",
    ],
  },
  {
    ...COMMON_PRESETS.databaseConnections,
    source: (r) => ({ kind: "gauge", metric: { namespace: dbNamespace(r), name: "active_connections" } }),
    appliesTo: (r) => r.maxConnections !== undefined,
    convert: (percent, r) => Math.floor((percent * (r.maxConnections ?? 0)) / 100),
    metricUnit: "connections",
    diagnosis: [
      "PostgreSQL: `SELECT usename, application_name, client_addr, state, count(*) FROM pg_stat_activity GROUP BY 1,2,3,4 ORDER BY 5 DESC;`",
      "`az <engine> flexible-server parameter show --subscription <subscription> -g <rg> -s <server> -n max_connections`",
    ],
  },
];

const AGW = "Microsoft.Network/applicationGateways";

/** Application Gateways: 5xx count, average total time (no percentiles in Azure Monitor), unhealthy backends. */
export const GATEWAY_PRESETS: readonly AzurePreset<AzureGatewayResource>[] = [
  {
    ...COMMON_PRESETS.loadBalancerServerErrors,
    source: () => ({ kind: "count", metric: { namespace: AGW, name: "ResponseStatus", dimensions: { HttpStatusGroup: ["5xx"] } } }),
    diagnosis: [
      "Access log (diagnostic settings): `AGWAccessLogs | where HttpStatus >= 500 | summarize count() by RequestUri, ServerStatus | top 20 by count_`.",
    ],
  },
  {
    ...COMMON_PRESETS.loadBalancerLatency,
    // Azure Monitor offers the average only for this metric: the p99 threshold applies to the average.
    source: () => ({ kind: "gauge", metric: { namespace: AGW, name: "ApplicationGatewayTotalTime" }, aggregation: "Average" }),
    metricUnit: "ms average",
    diagnosis: ["Backend vs gateway: compare `BackendLastByteResponseTime` with `ApplicationGatewayTotalTime`."],
  },
  {
    ...COMMON_PRESETS.loadBalancerUnhealthyTargets,
    source: () => ({ kind: "gauge", metric: { namespace: AGW, name: "UnhealthyHostCount" } }),
    diagnosis: [
      "`az network application-gateway show-backend-health --subscription <subscription> -g <rg> -n <gateway>` (the probe result says why).",
    ],
  },
];

export const GATEWAY_ANOMALIES: readonly AzureAnomalyPreset<AzureGatewayResource>[] = [
  {
    id: "requestsAnomaly",
    intent: ANOMALY_INTENTS.trafficAnomaly,
    metric: () => ({ namespace: AGW, name: "TotalRequests" }),
    aggregation: "Total",
    band: "both",
    diagnosis: ["TotalRequests this week vs last week (metrics explorer, time shift)."],
  },
  {
    id: "latencyAnomaly",
    intent: ANOMALY_INTENTS.latencyAnomaly,
    metric: () => ({ namespace: AGW, name: "ApplicationGatewayTotalTime" }),
    aggregation: "Average",
    band: "upper",
    diagnosis: ["Compare with TotalRequests: latency rising with traffic is saturation; alone, a slow backend."],
  },
];

const SITES = "Microsoft.Web/sites";

/** Function apps: 5xx count (no error ratio in metric alerts) and average response time as a share of the timeout. */
export const FUNCTION_PRESETS: readonly AzurePreset<AzureFunctionResource>[] = [
  {
    id: "serverErrors",
    intent: ALARM_INTENTS.functionServerErrors,
    source: () => ({ kind: "count", metric: { namespace: SITES, name: "Http5xx" } }),
    diagnosis: ["Application Insights: `requests | where success == false | summarize count() by name, resultCode | top 20 by count_`."],
  },
  {
    ...COMMON_PRESETS.functionDuration,
    source: () => ({ kind: "gauge", metric: { namespace: SITES, name: "HttpResponseTime" }, aggregation: "Average" }),
    convert: (percent, r) => (percent / 100) * r.timeout.toSeconds(),
    metricUnit: "s average",
    diagnosis: ["Application Insights: `requests | summarize percentile(duration, 99) by name | order by percentile_duration_99 desc`."],
  },
];

export const FUNCTION_ANOMALIES: readonly AzureAnomalyPreset<AzureFunctionResource>[] = [
  {
    id: "requestsAnomaly",
    intent: ANOMALY_INTENTS.trafficAnomaly,
    metric: () => ({ namespace: SITES, name: "Requests" }),
    aggregation: "Total",
    band: "both",
    diagnosis: ["Which trigger or caller changed: Application Insights `requests | summarize count() by name, bin(timestamp, 1h)`."],
  },
];

const SERVICE_BUS = "Microsoft.ServiceBus/namespaces";
const entity = (r: AzureQueueResource) => ({ EntityName: [r.queueName] });

/** Service Bus queues: active and dead-lettered messages. */
export const QUEUE_PRESETS: readonly AzurePreset<AzureQueueResource>[] = [
  {
    ...COMMON_PRESETS.queueDepth,
    source: (r) => ({ kind: "gauge", metric: { namespace: SERVICE_BUS, name: "ActiveMessages", dimensions: entity(r) } }),
    diagnosis: ["`az servicebus queue show --subscription <subscription> -g <rg> --namespace-name <ns> -n <queue> --query countDetails`"],
  },
  {
    ...COMMON_PRESETS.queueDeadLetters,
    source: (r) => ({ kind: "gauge", metric: { namespace: SERVICE_BUS, name: "DeadletteredMessages", dimensions: entity(r) } }),
    diagnosis: [
      "Peek dead letters with Service Bus Explorer (portal) on `<queue>/$deadletterqueue`; the DeadLetterReason property says why.",
    ],
  },
];

export const QUEUE_ANOMALIES: readonly AzureAnomalyPreset<AzureQueueResource>[] = [
  {
    id: "sentAnomaly",
    intent: ANOMALY_INTENTS.trafficAnomaly,
    metric: (r) => ({ namespace: SERVICE_BUS, name: "IncomingMessages", dimensions: entity(r) }),
    aggregation: "Total",
    band: "both",
    diagnosis: ["Which producer changed: deploys of the services that send to <queue> around the start of the anomaly."],
  },
];

/** A field of the entry's JSON as a KQL expression: `LogMessage["status"]`, or the column `status` without a payload column. */
export function logField(r: AzureLogResource, field: string): string {
  const [first, ...rest] = field.split(".");
  const path = (parts: string[]) => parts.map((part) => `[${kqlString(part)}]`).join("");
  return r.payloadColumn ? `${r.payloadColumn}${path([first, ...rest])}` : `${first}${path(rest)}`;
}

const rows = (r: AzureLogResource, ...filters: string[]) =>
  [r.table, ...(r.where ? [`| where ${r.where}`] : []), ...filters.map((f) => `| where ${f}`)].join("\n");

/** Log search alerts (scheduled query rules) on the entries' JSON fields. */
export const AZURE_LOG_PRESETS: readonly AzurePreset<AzureLogResource>[] = [
  {
    ...COMMON_PRESETS.logErrors,
    source: (r) => ({ kind: "logQuery", aggregation: "Count", query: rows(r, `tostring(${logField(r, r.fields.level)}) =~ "error"`) }),
    diagnosis: ["Top messages: the alert's query followed by `| summarize count() by tostring(<message field>) | top 20 by count_`."],
  },
  {
    ...COMMON_PRESETS.logServerErrors,
    source: (r) => ({ kind: "logQuery", aggregation: "Count", query: rows(r, `toint(${logField(r, r.fields.status)}) >= 500`) }),
    diagnosis: ["By path: the alert's query followed by `| summarize count() by tostring(<path field>) | top 20 by count_`."],
  },
  {
    ...COMMON_PRESETS.logLatency,
    source: (r) => ({
      kind: "logQuery",
      aggregation: "Maximum",
      query: [
        rows(r),
        `| extend duration_ms = todouble(${logField(r, r.fields.durationMs)})`,
        "| where isnotnull(duration_ms)",
        "| summarize AggregatedValue = percentile(duration_ms, 99)",
      ].join("\n"),
    }),
    diagnosis: ["Slowest requests: the entry's rows `| top 20 by todouble(<duration field>) desc`."],
  },
];
