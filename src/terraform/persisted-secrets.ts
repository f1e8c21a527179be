/**
 * Arguments that still hold a secret in Terraform state, each because the receiving API takes the credential in
 * that argument and the pinned provider has no write-only (`*_wo`) form of it. Everything else that carries a
 * secret is write-only (`data_wo` of Kubernetes Secrets) or a provider configuration, read from ephemeral
 * resources, and never stored. Keyed by `<resource type>.<argument>`; the state test (test/stacks/secret-state)
 * fails on any other argument that derives from a secret.
 */
export const PERSISTED_SECRET_ARGUMENTS: Readonly<Record<string, string>> = {
  "aws_sns_topic_subscription.endpoint":
    "an https subscription posts to its URL, which is the credential (a webhook URL, PagerDuty's CloudWatch integration URL with its key); SNS has no header or body credential. The PagerDuty keys the stack creates are in state anyway (pagerduty_service_integration.integration_key)",
  "azurerm_monitor_action_group.webhook_receiver":
    "an action group webhook posts to its service_uri, the credential itself (azurerm 4.55 has no write-only form)",
  "azurerm_logic_app_workflow.parameters": "the Slack relay's Logic App receives the Slack webhook URL as a workflow parameter",
  "google_monitoring_notification_channel.sensitive_labels":
    "Cloud Monitoring keeps the PagerDuty service key and Slack token in the channel (google 6.50 has no write-only form)",
  "grafana_contact_point.slack": "a Grafana contact point stores its Slack webhook URL (grafana provider 4.x has no write-only form)",
  "grafana_contact_point.webhook": "a Grafana contact point stores its webhook URL",
  "grafana_contact_point.pagerduty": "a Grafana contact point stores its PagerDuty integration key",
  "grafana_data_source.secure_json_data_encoded":
    "a data source's basic-auth password (grafana.external.dataSources.auth, type basic) goes to Grafana's secureJsonData, which grafana provider 4.x takes only in this sensitive argument; sigv4 and private-network need no secret",
  "grafana_data_source.http_headers":
    "a data source's bearer token (type bearer) is an Authorization header, a sensitive argument of grafana provider 4.x",
};
