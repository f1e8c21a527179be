import { defineEnvironment } from "../src/spec";

/** Pre-production on AWS: EKS plus CloudWatch alarms on the managed services the shop uses. */
export default defineEnvironment({
  name: "staging",
  description: "Pre-production copy of the shop on AWS",
  profile: "small",
  kubernetes: { connection: { type: "eks", clusterName: "shop-staging" }, storageClass: "gp3" },
  cloud: {
    provider: "aws",
    region: "eu-west-1",
    tags: { project: "shop", environment: "staging" },
    watch: {
      ec2: [{ name: "bastion", tags: { Role: "bastion", Environment: "staging" } }],
      rds: [{ name: "orders-db", identifier: "shop-staging-orders", service: "checkout" }],
      loadBalancers: [{ name: "public-alb", loadBalancerName: "shop-staging-public", service: "checkout" }],
      lambdaFunctions: [{ name: "thumbnailer", functionName: "shop-staging-thumbnailer", timeout: "30s", service: "catalog" }],
      sqsQueues: [
        { name: "orders-queue", queueName: "shop-staging-orders", deadLetterQueueName: "shop-staging-orders-dlq", service: "checkout" },
      ],
      logGroups: [{ name: "checkout-logs", logGroupName: "/shop/staging/checkout", service: "checkout" }],
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
  retention: { metrics: "7d", logs: "14d", traces: "3d" },
});
