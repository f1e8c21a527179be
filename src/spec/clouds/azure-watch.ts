import { z } from "zod";
import { azureResourceGroupNameSchema } from "../azure-names";
import { dnsLabelSchema, durationSchema } from "../primitives";
import { thresholdOverridesSchema } from "../thresholds";
import { jsonFieldsSchema } from "./shared";

/**
 * One schema per kind of Azure resource `cloud.watch` can list. The registry of watch kinds
 * (src/catalog/azure-monitor/registry.ts) pairs each with its presets, doc label and runbook facts, and builds
 * `cloud.watch` from them: a new kind is a schema here, a catalog file and one registry line (CONTRIBUTING.md).
 */

/** Fields every watched resource shares: a logical name for alert names, an owner and per-resource overrides. */
export const azureWatchedFields = {
  /** Logical name used in alert names (`<env>-<service>-<name>-<preset>-<severity>`); keep it stable. */
  name: dnsLabelSchema,
  /** Service (from `services`) the resource belongs to. @default - "platform" in alert names */
  service: dnsLabelSchema.optional(),
  /** Threshold overrides for this resource only. @default {} */
  thresholds: thresholdOverridesSchema.prefault({}),
};

const azureName = (what: string) => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,78}[A-Za-z0-9_]?$/, `expected ${what}`);

/**
 * Dynamic-threshold alerts (Azure Monitor learns the metric's usual pattern and alerts when it leaves it) on the
 * resource's traffic and latency. Off by default: the model needs some days of history. @default false
 */
const anomalyDetection = z.boolean().default(false);

export const azureVmWatchSchema = z.strictObject({ ...azureWatchedFields, resourceGroup: azureResourceGroupNameSchema });

export const azureDatabaseWatchSchema = z.strictObject({
  ...azureWatchedFields,
  serverName: z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "expected a flexible server name"),
  resourceGroup: azureResourceGroupNameSchema,
  engine: z.enum(["postgres", "mysql"]),
  /** The server's `max_connections`; the connections alert fires at a share of it. @default - none: no connections alert */
  maxConnections: z.number().int().positive().optional(),
});

export const applicationGatewayWatchSchema = z.strictObject({
  ...azureWatchedFields,
  gatewayName: azureName("an Application Gateway name"),
  resourceGroup: azureResourceGroupNameSchema,
  anomalyDetection,
});

export const functionAppWatchSchema = z.strictObject({
  ...azureWatchedFields,
  appName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,58}[A-Za-z0-9]$/, "expected a function app name"),
  resourceGroup: azureResourceGroupNameSchema,
  /** `functionTimeout` of host.json, for the duration-vs-timeout alert. @default "5m", the Consumption plan's default */
  timeout: durationSchema.prefault("5m"),
  anomalyDetection,
});

export const serviceBusQueueWatchSchema = z.strictObject({
  ...azureWatchedFields,
  namespace: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/, "expected a Service Bus namespace name"),
  resourceGroup: azureResourceGroupNameSchema,
  queueName: z.string().regex(/^[A-Za-z0-9][\w.\-/~]{0,259}$/, "expected a queue name"),
  anomalyDetection,
});

export const azureLogWatchSchema = z.strictObject({
  ...azureWatchedFields,
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
});
