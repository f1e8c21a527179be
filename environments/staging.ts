import { defineEnvironment } from "../src/spec";

/** Pre-production on AWS: EKS plus CloudWatch alarms on the managed services the shop uses. */
export default defineEnvironment({
  name: "staging",
  description: "Pre-production copy of the shop on AWS",
  profile: "small",
  kubernetes: {
    connection: { type: "eks", clusterName: "shop-staging" },
    storageClass: "gp3",
    databases: [
      {
        name: "orders",
        engine: "postgres",
        host: "shop-staging-orders.abc123.eu-west-1.rds.amazonaws.com",
        database: "orders",
        user: "monitoring",
        password: { secretsManager: "monitoring/staging/orders-db", jsonKey: "password" },
      },
    ],
  },
  cloud: {
    provider: "aws",
    region: "eu-west-1",
    tags: { project: "shop", environment: "staging" },
    watch: {
      ec2: [{ name: "bastion", tags: { Role: "bastion", Environment: "staging" } }],
      autoScalingGroups: [{ name: "app-asg", groupName: "shop-staging-app", service: "checkout" }],
      rds: [{ name: "orders-db", identifier: "shop-staging-orders", service: "checkout", maxConnections: 200 }],
      loadBalancers: [{ name: "public-alb", loadBalancerName: "shop-staging-public", service: "checkout", anomalyDetection: true }],
      lambdaFunctions: [{ name: "thumbnailer", functionName: "shop-staging-thumbnailer", timeout: "30s", service: "catalog" }],
      sqsQueues: [
        { name: "orders-queue", queueName: "shop-staging-orders", deadLetterQueueName: "shop-staging-orders-dlq", service: "checkout" },
      ],
      logGroups: [
        { name: "checkout-logs", logGroupName: "/shop/staging/checkout", service: "checkout", files: ["/var/log/checkout/*.log"] },
      ],
      dynamodbTables: [{ name: "carts-table", tableName: "shop-staging-carts", service: "checkout" }],
    },
  },
  services: [
    {
      name: "checkout",
      namespace: "shop",
      slo: { availabilityPercent: 99.5, latencyP99Ms: 500 },
      kpis: [{ metric: "orders_created_total", title: "Orders created" }],
    },
    { name: "catalog", namespace: "shop", slo: { availabilityPercent: 99.5 } },
  ],
  channels: [
    { type: "email", name: "platform-team", addresses: ["platform@example.com"] },
    {
      type: "slack",
      name: "staging-alerts",
      channel: "#alerts-staging",
      webhookUrl: { ssmParameter: "/monitoring/staging/slack-webhook-url" },
    },
    { type: "webhook", name: "incident-bot", url: { terraformVariable: "incident_bot_webhook_url" }, severities: ["critical"] },
  ],
  alerting: {
    smtp: {
      smarthost: "email-smtp.eu-west-1.amazonaws.com:587",
      from: "alerts-staging@example.com",
      username: "ses-smtp-user",
      password: { ssmParameter: "/monitoring/staging/ses-smtp-password" },
    },
    heartbeat: { url: { ssmParameter: "/monitoring/staging/heartbeat-url" } },
  },
  retention: { metrics: "7d", logs: "14d", traces: "3d" },
  runbookBaseUrl: "https://runbooks.example.com/staging",
  // Shared state with locking, so CI can deploy staging (local state would be lost with the runner).
  backend: { type: "s3", bucket: "shop-terraform-state" },
});
