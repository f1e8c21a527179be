import { defineEnvironment } from "../src/spec";

/** The shop on Google Cloud: GKE with Loki on GCS, Cloud Monitoring alert policies, uptime checks, the Ops Agent on labelled VMs. */
export default defineEnvironment({
  name: "gcp",
  description: "Shop on Google Cloud (GKE, Cloud SQL, Cloud Run, Pub/Sub)",
  profile: "ha",
  kubernetes: {
    connection: { type: "gke", clusterName: "shop-gke", location: "europe-west1" },
    storageClass: "premium-rwo",
    tracing: {
      sampling: { type: "tail", percent: 10, slowerThanMs: 1000 },
      storage: { type: "elasticsearch", url: "https://traces-es.shop.internal:9200", credentialsSecret: { name: "traces-es" } },
    },
  },
  cloud: {
    provider: "gcp",
    project: "shop-prod-4821",
    region: "europe-west1",
    labels: { project: "shop" },
    zones: ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
    watch: {
      vms: [{ name: "app-vms", labels: { role: "app", environment: "gcp" }, service: "checkout" }],
      cloudSql: [{ name: "orders-db", instance: "shop-orders", engine: "postgres", service: "checkout", maxConnections: 500 }],
      loadBalancers: [{ name: "public-lb", urlMap: "shop-public", service: "checkout", anomalyDetection: true }],
      cloudRun: [{ name: "thumbnailer", serviceName: "thumbnailer", service: "catalog", timeout: "60s" }],
      pubsubSubscriptions: [{ name: "orders-sub", subscription: "orders-worker", service: "checkout", deadLetters: true }],
      logs: [
        {
          name: "checkout-logs",
          service: "checkout",
          filter: 'resource.type="k8s_container" AND resource.labels.namespace_name="shop" AND labels."k8s-pod/app"="checkout"',
        },
      ],
    },
    uptimeChecks: [{ name: "storefront", url: "https://shop.example.com/healthz", service: "checkout", contentMatch: "ok" }],
    logRetention: "90d",
  },
  services: [
    { name: "checkout", namespace: "shop", team: "payments", slo: { availabilityPercent: 99.9, latencyP99Ms: 300 } },
    { name: "catalog", namespace: "shop", team: "discovery", slo: { availabilityPercent: 99.5, latencyP99Ms: 500 } },
  ],
  channels: [
    { type: "pagerduty", name: "on-call", routingKey: { gcpSecretManager: "monitoring-pagerduty-routing-key" } },
    {
      type: "slack",
      name: "gcp-alerts",
      channel: "#alerts-gcp",
      webhookUrl: { gcpSecretManager: "monitoring-slack-webhook-url" },
      authToken: { gcpSecretManager: "monitoring-slack-bot-token" },
    },
    { type: "email", name: "platform-team", addresses: ["platform@example.com"] },
  ],
  thresholds: { cpuUtilization: { warning: 75, critical: 90, for: "10m" } },
  alerting: {
    smtp: {
      smarthost: "smtp-relay.gmail.com:587",
      from: "alerts@example.com",
      username: "alerts@example.com",
      password: { gcpSecretManager: "monitoring-smtp-password" },
    },
    heartbeat: { url: { gcpSecretManager: "monitoring-heartbeat-url" } },
  },
  retention: { metrics: "30d", logs: "90d", traces: "14d" },
  runbookBaseUrl: "https://runbooks.example.com/gcp",
  // ha, and state holds what the stack reads from Secret Manager: a versioned Cloud Storage bucket.
  backend: { type: "gcs", bucket: "shop-terraform-state" },
});
