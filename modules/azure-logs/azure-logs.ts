import type { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { Construct } from "constructs";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const logAnalyticsWorkspaceModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/log-analytics-workspace") as typeof import("@cdktf/provider-azurerm/lib/log-analytics-workspace"),
  );

export interface AzureLogsProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Interactive retention, 30 to 730 days. */
  readonly retentionDays: number;
  /** Daily ingestion cap in GB. @default - no cap (-1) */
  readonly dailyQuotaGb?: number;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Log Analytics workspace (pay-as-you-go, local authentication off) with the environment's log retention. */
export class AzureLogs extends Construct {
  readonly workspace: LogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: AzureLogsProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 30 || props.retentionDays > 730) {
      throw new Error(`'retentionDays' must be a whole number from 30 to 730, received ${props.retentionDays}`);
    }
    this.workspace = new (logAnalyticsWorkspaceModule().LogAnalyticsWorkspace)(this, "workspace", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: "PerGB2018",
      retentionInDays: props.retentionDays,
      dailyQuotaGb: props.dailyQuotaGb ?? -1,
      localAuthenticationEnabled: false,
      tags: props.tags ? { ...props.tags } : undefined,
    });
  }
}
