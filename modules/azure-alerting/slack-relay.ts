import type { LogicAppWorkflow } from "@cdktf/provider-azurerm/lib/logic-app-workflow";
import { Construct } from "constructs";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const logicAppWorkflowModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () => require("@cdktf/provider-azurerm/lib/logic-app-workflow") as typeof import("@cdktf/provider-azurerm/lib/logic-app-workflow"),
  );
const logicAppTriggerHttpRequestModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/logic-app-trigger-http-request") as typeof import("@cdktf/provider-azurerm/lib/logic-app-trigger-http-request"),
  );
const logicAppActionHttpModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/logic-app-action-http") as typeof import("@cdktf/provider-azurerm/lib/logic-app-action-http"),
  );

export interface AzureSlackRelayProps {
  /** Logic App name (1-80 characters, unique in the resource group). */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Slack incoming webhook URL: a Terraform expression (Key Vault, variable), never a literal. */
  readonly webhookUrl: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The workflow parameter holding the webhook URL: SecureString, so neither the definition nor run history shows it. */
export const SLACK_URL_PARAMETER = "slackWebhookUrl";

/** A field of the common alert schema's `data.essentials`, as a Logic App expression. */
const essential = (field: string) => `@{triggerBody()?['data']?['essentials']?['${field}']}`;

/**
 * Slack behind an Azure Monitor action group. An action group's webhook posts Azure's alert payload, which a Slack
 * incoming webhook rejects (it needs `text` or `blocks`); this Logic App (consumption plan) takes the common alert
 * schema from the action group's Logic App receiver and posts a Slack message built from its essentials.
 */
export class AzureSlackRelay extends Construct {
  readonly workflow: LogicAppWorkflow;
  /** The HTTP trigger's callback URL, for the action group's `logic_app_receiver`. */
  readonly callbackUrl: string;

  constructor(scope: Construct, id: string, props: AzureSlackRelayProps) {
    super(scope, id);
    this.workflow = new (logicAppWorkflowModule().LogicAppWorkflow)(this, "workflow", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      workflowParameters: { [SLACK_URL_PARAMETER]: JSON.stringify({ type: "SecureString" }) },
      parameters: { [SLACK_URL_PARAMETER]: props.webhookUrl },
      tags: props.tags ? { ...props.tags } : undefined,
    });
    const trigger = new (logicAppTriggerHttpRequestModule().LogicAppTriggerHttpRequest)(this, "alert", {
      name: "azure-monitor-alert",
      logicAppId: this.workflow.id,
      schema: JSON.stringify({ type: "object" }),
    });
    this.callbackUrl = trigger.callbackUrl;
    new (logicAppActionHttpModule().LogicAppActionHttp)(this, "post", {
      name: "post-to-slack",
      logicAppId: this.workflow.id,
      method: "POST",
      uri: `@parameters('${SLACK_URL_PARAMETER}')`,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        text: `*${essential("monitorCondition")}* ${essential("severity")} ${essential("alertRule")}\n${essential("description")}`,
      }),
      // The trigger must exist before an action is added to the same workflow definition.
      dependsOn: [trigger],
    });
  }
}
