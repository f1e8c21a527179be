import { z } from "zod";
import { CONTAINER_INSIGHTS_STREAMS } from "../../catalog/azure-monitor/container-insights";
import { AZURE_WATCH_KINDS } from "../../catalog/azure-monitor/registry";
import { watchSchemaOf } from "../../catalog/watch-kinds";
import { azureResourceGroupNameSchema } from "../azure-names";
import type { EnvironmentSpec } from "../environment";
import { durationSchema, tagMapSchema } from "../primitives";
import { checkWatchedServices } from "./shared";

export const azureResourceGroupSchema = azureResourceGroupNameSchema;

/** `cloud.watch`: one list per kind of the registry of Azure watch kinds (src/catalog/azure-monitor/registry.ts). */
export const azureWatchSchema = watchSchemaOf(AZURE_WATCH_KINDS);

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
