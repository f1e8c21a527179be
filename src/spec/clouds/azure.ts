import { z } from "zod";
import { CONTAINER_INSIGHTS_STREAMS } from "../../catalog/azure-monitor/container-insights";
import { azureResourceGroupNameSchema } from "../azure-names";
import type { EnvironmentSpec } from "../environment";
import { dnsLabelSchema, durationSchema, tagMapSchema } from "../primitives";
import { thresholdOverridesSchema } from "../thresholds";
import { checkWatchedServices, jsonFieldsSchema } from "./shared";

/** Fields every watched resource shares: a logical name for alert names, an owner and per-resource overrides. */
const watched = {
  /** Logical name used in alert names (`<env>-<service>-<name>-<preset>-<severity>`); keep it stable. */
  name: dnsLabelSchema,
  /** Service (from `services`) the resource belongs to. @default - "platform" in alert names */
  service: dnsLabelSchema.optional(),
  /** Threshold overrides for this resource only. @default {} */
  thresholds: thresholdOverridesSchema.prefault({}),
};

export const azureResourceGroupSchema = azureResourceGroupNameSchema;
const azureName = (what: string) => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,78}[A-Za-z0-9_]?$/, `expected ${what}`);

/**
 * Dynamic-threshold alerts (Azure Monitor learns the metric's usual pattern and alerts when it leaves it) on the
 * resource's traffic and latency. Off by default: the model needs some days of history. @default false
 */
const anomalyDetection = z.boolean().default(false);

export const azureWatchSchema = z.strictObject({
  /**
   * Every virtual machine and scale set in a resource group: metric alerts span the group (VMs created later are
   * covered) and an Azure Policy assignment installs the Azure Monitor Agent and associates the data collection rule.
   * @default []
   */
  vms: z.array(z.strictObject({ ...watched, resourceGroup: azureResourceGroupSchema })).default([]),
  /** Azure Database for PostgreSQL / MySQL flexible servers. @default [] */
  databases: z
    .array(
      z.strictObject({
        ...watched,
        serverName: z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "expected a flexible server name"),
        resourceGroup: azureResourceGroupSchema,
        engine: z.enum(["postgres", "mysql"]),
        /** The server's `max_connections`; the connections alert fires at a share of it. @default - none: no connections alert */
        maxConnections: z.number().int().positive().optional(),
      }),
    )
    .default([]),
  /** Application Gateways (layer-7 load balancers). @default [] */
  applicationGateways: z
    .array(
      z.strictObject({
        ...watched,
        gatewayName: azureName("an Application Gateway name"),
        resourceGroup: azureResourceGroupSchema,
        anomalyDetection,
      }),
    )
    .default([]),
  /** Function apps. @default [] */
  functionApps: z
    .array(
      z.strictObject({
        ...watched,
        appName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,58}[A-Za-z0-9]$/, "expected a function app name"),
        resourceGroup: azureResourceGroupSchema,
        /** `functionTimeout` of host.json, for the duration-vs-timeout alert. @default "5m", the Consumption plan's default */
        timeout: durationSchema.prefault("5m"),
        anomalyDetection,
      }),
    )
    .default([]),
  /** Service Bus queues. @default [] */
  serviceBusQueues: z
    .array(
      z.strictObject({
        ...watched,
        namespace: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/, "expected a Service Bus namespace name"),
        resourceGroup: azureResourceGroupSchema,
        queueName: z.string().regex(/^[A-Za-z0-9][\w.\-/~]{0,259}$/, "expected a queue name"),
        anomalyDetection,
      }),
    )
    .default([]),
  /** Structured application logs in the stack's Log Analytics workspace: scheduled query (log search) alerts. @default [] */
  logs: z
    .array(
      z.strictObject({
        ...watched,
        /** Table holding the entries, e.g. "ContainerLogV2" or a custom `_CL` table. */
        table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a table name such as "ContainerLogV2"'),
        /** KQL predicate selecting the application's rows, e.g. `PodNamespace == "shop"`. @default - every row */
        where: z.string().min(1).optional(),
        /** Dynamic column holding the parsed JSON entry (e.g. "LogMessage"); fields are top-level columns without it. @default - none */
        payloadColumn: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
          .optional(),
        /** JSON field names of the entries. @default - see each field */
        fields: jsonFieldsSchema,
      }),
    )
    .default([]),
});

export const azureCloudSchema = z.strictObject({
  provider: z.literal("azure"),
  /** Guards against deploying to the wrong subscription (the provider's `subscription_id`). */
  subscriptionId: z.uuid("expected a subscription id (a UUID)"),
  /** Region of the resources the stack creates, e.g. "westeurope". */
  location: z.string().regex(/^[a-z]+[a-z0-9]*$/, 'expected an Azure region name such as "westeurope"'),
  /** Accept a region missing from src/catalog/regions.ts (one opened after this release). @default false */
  newRegion: z.boolean().default(false),
  /** Existing resource group the stack creates its resources in (action groups, alerts, workspace, rules). */
  resourceGroup: azureResourceGroupSchema,
  /** Tags put on every resource the stack creates. @default {} */
  tags: tagMapSchema.default({}),
  /** Resources to watch with Azure Monitor alerts. @default {} */
  watch: azureWatchSchema.prefault({}),
  /** Retention of the Log Analytics workspace (30 to 730 days; shorter values keep 30). @default - `retention.logs` */
  logRetention: durationSchema.optional(),
  /**
   * Storage account for Loki's chunks (ha profile), globally unique, 3-24 lower-case letters and digits.
   * @default - "<env>mon" followed by a hash of the subscription and environment
   */
  storageAccountName: z
    .string()
    .regex(/^[a-z0-9]{3,24}$/, "expected 3-24 lower-case letters and digits")
    .optional(),
});

export type AzureCloudSpec = z.output<typeof azureCloudSchema>;
export type AzureWatchSpec = z.output<typeof azureWatchSchema>;

/** Azure cross checks: services named, workspace retention in range, credentials Terraform can read. */
export function checkAzureEnvironment(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const cloud = env.cloud;
  if (cloud?.provider !== "azure") return;
  checkWatchedServices(env, cloud.watch, ctx, (kind) => ["cloud", "watch", kind]);
  const retentionDays = Math.ceil((cloud.logRetention ?? env.retention.logs).toDays());
  if (retentionDays > 730) {
    ctx.addIssue({
      code: "custom",
      path: cloud.logRetention ? ["cloud", "logRetention"] : ["retention", "logs"],
      message: `a Log Analytics workspace keeps logs at most 730 days (interactive retention), received ${retentionDays} days`,
    });
  }
  cloud.watch.logs.forEach((log, i) => {
    if (Object.hasOwn(CONTAINER_INSIGHTS_STREAMS, log.table) && env.kubernetes?.connection.type !== "aks") {
      ctx.addIssue({
        code: "custom",
        path: ["cloud", "watch", "logs", i, "table"],
        message: `only AKS Container Insights fills ${log.table}, and the stack wires it to its workspace only for the cluster it connects to: set kubernetes.connection to { type: "aks", … }, or query a table something else fills`,
      });
    }
  });
  env.channels.forEach((channel, i) => {
    const ref =
      channel.type === "pagerduty"
        ? (["routingKey", channel.routingKey] as const)
        : channel.type === "webhook"
          ? (["url", channel.url] as const)
          : channel.type === "slack"
            ? (["webhookUrl", channel.webhookUrl] as const)
            : undefined;
    if (ref && "kubernetesSecret" in ref[1]) {
      ctx.addIssue({
        code: "custom",
        path: ["channels", i, ref[0]],
        message:
          "this channel also receives Azure Monitor alerts through an action group, which needs the secret in Terraform; use { terraformVariable } or { azureKeyVault } instead of { kubernetesSecret }",
      });
    }
  });
}
