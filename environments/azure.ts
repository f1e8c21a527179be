import { defineEnvironment } from "../src/spec";

/** The shop on Azure: AKS, Azure Monitor metric and log search alerts, the Azure Monitor Agent by policy. */
export default defineEnvironment({
  name: "azure",
  description: "Shop on Azure (AKS, PostgreSQL flexible server, Application Gateway, Functions, Service Bus)",
  profile: "small",
  kubernetes: {
    connection: { type: "aks", clusterName: "shop-aks", resourceGroup: "shop-aks-rg" },
    storageClass: "managed-csi",
  },
  cloud: {
    provider: "azure",
    subscriptionId: "00000000-0000-4000-8000-000000000000",
    location: "westeurope",
    resourceGroup: "shop-monitoring-rg",
    tags: { project: "shop" },
    watch: {
      vms: [{ name: "app-vms", resourceGroup: "shop-app-rg", service: "checkout" }],
      databases: [
        {
          name: "orders-db",
          serverName: "shop-orders",
          resourceGroup: "shop-data-rg",
          engine: "postgres",
          service: "checkout",
          maxConnections: 859,
        },
      ],
      applicationGateways: [
        { name: "public-gw", gatewayName: "shop-public", resourceGroup: "shop-net-rg", service: "checkout", anomalyDetection: true },
      ],
      functionApps: [{ name: "thumbnailer", appName: "shop-thumbnailer", resourceGroup: "shop-app-rg", service: "catalog", timeout: "5m" }],
      serviceBusQueues: [
        { name: "orders-queue", namespace: "shop-bus", queueName: "orders", resourceGroup: "shop-app-rg", service: "checkout" },
      ],
      logs: [
        {
          name: "checkout-logs",
          service: "checkout",
          table: "ContainerLogV2",
          where: 'PodNamespace == "shop"',
          payloadColumn: "LogMessage",
        },
      ],
    },
  },
  services: [
    { name: "checkout", namespace: "shop", team: "payments", slo: { availabilityPercent: 99.9, latencyP99Ms: 300 } },
    { name: "catalog", namespace: "shop", team: "discovery", slo: { availabilityPercent: 99.5 } },
  ],
  channels: [
    {
      type: "pagerduty",
      name: "on-call",
      routingKey: { azureKeyVault: { vault: "shop-monitoring-kv", resourceGroup: "shop-monitoring-rg", secret: "pagerduty-routing-key" } },
    },
    {
      type: "slack",
      name: "azure-alerts",
      channel: "#alerts-azure",
      webhookUrl: { azureKeyVault: { vault: "shop-monitoring-kv", resourceGroup: "shop-monitoring-rg", secret: "slack-webhook-url" } },
    },
    { type: "webhook", name: "incident-bridge", url: { terraformVariable: "incident_webhook_url" }, severities: ["critical"] },
  ],
  alerting: {
    // Informational alerts stay on the dashboards here: no channel takes them, on purpose.
    unrouted: ["info"],
    heartbeat: { url: { azureKeyVault: { vault: "shop-monitoring-kv", resourceGroup: "shop-monitoring-rg", secret: "heartbeat-url" } } },
  },
  retention: { metrics: "15d", logs: "30d", traces: "7d" },
  runbookBaseUrl: "https://runbooks.example.com/azure",
  // State holds what the stack reads from Key Vault: a blob container, locked by lease, reached with Entra ID.
  backend: { type: "azurerm", storageAccountName: "shopterraformstate", containerName: "tfstate", resourceGroupName: "shop-terraform-rg" },
});
