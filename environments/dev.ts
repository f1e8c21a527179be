import { defineEnvironment } from "../src/spec";

/** A developer's local cluster (kind, k3d, minikube): the in-cluster stack only, no cloud account. */
export default defineEnvironment({
  name: "dev",
  description: "Local Kubernetes cluster for developing services and alert rules",
  profile: "small",
  kubernetes: {
    connection: { type: "kubeconfig", context: "kind-monitoring-dev" },
    tracing: { sampling: { type: "probabilistic", percent: 100 } },
    databases: [
      {
        name: "orders",
        engine: "postgres",
        host: "postgres.shop.svc",
        user: "monitoring",
        passwordSecret: { name: "orders-db-monitoring" },
        sslMode: "disable",
      },
      { name: "catalog", engine: "mysql", host: "mysql.shop.svc", user: "exporter", passwordSecret: { name: "catalog-db-monitoring" } },
    ],
  },
  services: [
    {
      name: "checkout",
      namespace: "shop",
      slo: { availabilityPercent: 99, latencyP99Ms: 800 },
      kpis: [{ metric: "orders_created_total", title: "Orders created" }],
    },
  ],
  channels: [
    { type: "email", name: "dev-team", addresses: ["dev-team@example.com"], severities: ["critical", "warning", "info"] },
    {
      type: "slack",
      name: "dev-alerts",
      channel: "#alerts-dev",
      webhookUrl: { kubernetesSecret: { name: "alertmanager-slack", key: "webhook-url" } },
    },
  ],
  alerting: {
    smtp: { smarthost: "mailpit.mail.svc:1025", from: "alerts-dev@example.com", requireTls: false },
    heartbeat: { disabled: true, reason: "a developer's local cluster; nobody is paged when it stops" },
  },
  retention: { metrics: "3d", logs: "3d", traces: "1d" },
  relativeRunbookLinks: {
    reason: "a developer's local cluster; its mail goes to a local Mailpit and its runbooks are in the working copy",
  },
  grafana: { delivery: ["in-cluster"] },
});
