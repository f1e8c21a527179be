import { defineEnvironment } from "../src/spec";

/** Production on AWS: the `ha` profile, paging through PagerDuty and SMS, state in S3 with locking. */
export default defineEnvironment({
  name: "prod",
  description: "Production shop on AWS",
  profile: "ha",
  kubernetes: {
    connection: { type: "eks", clusterName: "shop-prod" },
    storageClass: "gp3",
    grafana: { ingress: { host: "grafana.prod.example.com", className: "alb", tlsSecret: "grafana-tls" } },
    tracing: {
      sampling: { type: "tail", percent: 10, slowerThanMs: 1000 },
      storage: {
        type: "aws-opensearch",
        subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"],
        securityGroupIds: ["sg-0a1b2c3d4e5f60010"],
      },
    },
    managedPrometheus: true,
    databases: [
      {
        name: "orders",
        engine: "postgres",
        host: "shop-prod-orders.cluster-ro-abc123.eu-west-1.rds.amazonaws.com",
        database: "orders",
        user: "monitoring",
        passwordSecret: { name: "orders-db-monitoring" },
      },
    ],
  },
  cloud: {
    provider: "aws",
    region: "eu-west-1",
    accountId: "123456789012",
    tags: { project: "shop", environment: "prod" },
    watch: {
      ec2: [{ name: "app-servers", tags: { Role: "app", Environment: "prod" }, service: "checkout" }],
      autoScalingGroups: [{ name: "app-asg", groupName: "shop-prod-app", service: "checkout", targetCpuPercent: 60 }],
      rds: [
        {
          name: "orders-db",
          identifier: "shop-prod-orders",
          kind: "cluster",
          service: "checkout",
          maxConnections: 1000,
          thresholds: { databaseConnectionUtilization: { warning: 70, critical: 85 } },
        },
      ],
      loadBalancers: [{ name: "public-alb", loadBalancerName: "shop-prod-public", service: "checkout", anomalyDetection: true }],
      lambdaFunctions: [
        {
          name: "thumbnailer",
          functionName: "shop-prod-thumbnailer",
          timeout: "30s",
          service: "catalog",
          concurrencyLimit: 200,
          anomalyDetection: true,
        },
      ],
      sqsQueues: [
        { name: "orders-queue", queueName: "shop-prod-orders", deadLetterQueueName: "shop-prod-orders-dlq", service: "checkout" },
      ],
      logGroups: [
        { name: "checkout-logs", logGroupName: "/shop/prod/checkout", service: "checkout", files: ["/var/log/checkout/*.log"] },
        { name: "catalog-logs", logGroupName: "/shop/prod/catalog", service: "catalog", retention: "90d" },
      ],
    },
    auditTrail: { retention: "365d" },
  },
  services: [
    {
      name: "checkout",
      namespace: "shop",
      team: "payments",
      slo: { availabilityPercent: 99.9, latencyP99Ms: 300 },
      kpis: [
        { metric: "orders_created_total", title: "Orders created" },
        { metric: "order_value_eur_total", title: "Revenue", unit: "currencyEUR" },
        { metric: "cart_abandonments_total", title: "Abandoned carts" },
      ],
      thresholds: { errorRatio: { warning: 1, critical: 3 } },
    },
    { name: "catalog", namespace: "shop", team: "discovery", slo: { availabilityPercent: 99.5, latencyP99Ms: 500 } },
  ],
  channels: [
    { type: "pagerduty", name: "on-call", routingKey: { secretsManager: "monitoring/prod/pagerduty", jsonKey: "routing_key" } },
    { type: "sms", name: "duty-phone", phoneNumbers: ["+14155550100"] },
    {
      type: "slack",
      name: "prod-alerts",
      channel: "#alerts-prod",
      webhookUrl: { ssmParameter: "/monitoring/prod/slack-webhook-url" },
      chatbot: { workspaceId: "T0123ABCD", channelId: "C0123ABCDEF" },
    },
    { type: "email", name: "platform-team", addresses: ["platform@example.com", "sre@example.com"] },
  ],
  thresholds: { cpuUtilization: { warning: 75, critical: 90, for: "10m" } },
  alerting: {
    smtp: {
      smarthost: "email-smtp.eu-west-1.amazonaws.com:587",
      from: "alerts@example.com",
      username: "ses-smtp-user",
      password: { secretsManager: "monitoring/prod/ses-smtp", jsonKey: "password" },
    },
    heartbeat: { url: { secretsManager: "monitoring/prod/heartbeat", jsonKey: "url" }, interval: "1m" },
  },
  retention: { metrics: "30d", metricsSize: "90GB", logs: "90d", traces: "14d" },
  backend: { type: "s3", bucket: "shop-terraform-state", dynamodbTable: "shop-terraform-locks" },
  runbookBaseUrl: "https://runbooks.example.com/monitoring",
});
