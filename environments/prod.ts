import { defineEnvironment } from "../src/spec";

/** Production on AWS: the `ha` profile, paging through PagerDuty and SMS, state in S3 with locking. */
export default defineEnvironment({
  name: "prod",
  description: "Production shop on AWS",
  profile: "ha",
  kubernetes: {
    connection: { type: "eks", clusterName: "shop-prod" },
    storageClass: "gp3",
    grafana: {
      ingress: {
        host: "grafana.prod.example.com",
        className: "alb",
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
      },
      // Sign-in through the company's identity provider; the admin account is for break-glass only.
      sso: {
        clientId: "grafana-prod",
        clientSecret: { secretsManager: "monitoring/prod/grafana-oidc-client-secret" },
        authUrl: "https://login.example.com/oauth2/v1/authorize",
        tokenUrl: "https://login.example.com/oauth2/v1/token",
        userInfoUrl: "https://login.example.com/oauth2/v1/userinfo",
        scopes: ["openid", "email", "profile", "groups"],
        roles: { admin: ["platform-admins"], editor: ["sre", "backend"] },
      },
    },
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
        password: { secretsManager: "monitoring/prod/orders-db", jsonKey: "password" },
        // An Aurora reader endpoint: replica lag comes from CloudWatch (the exporter's replication collector fails there).
        aurora: { clusterIdentifier: "shop-prod-orders" },
      },
    ],
  },
  cloud: {
    provider: "aws",
    region: "eu-west-1",
    accountId: "123456789012",
    tags: { project: "shop", environment: "prod" },
    // Resources tagged DevOps-Guru-monitoring=prod are analysed; insights go to the warning topic.
    devopsGuru: {},
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
      dynamodbTables: [
        { name: "carts-table", tableName: "shop-prod-carts", service: "checkout", provisioned: true },
        { name: "sessions-table", tableName: "shop-prod-sessions" },
      ],
      apiGateways: [
        { name: "public-api", type: "rest", apiName: "shop-prod-public", stage: "prod", service: "checkout" },
        { name: "partner-api", type: "http", apiId: "a1b2c3d4e5", service: "catalog" },
      ],
      elasticache: [
        { name: "sessions-cache-1", cacheClusterId: "shop-prod-sessions-001", service: "checkout" },
        { name: "sessions-cache-2", cacheClusterId: "shop-prod-sessions-002", service: "checkout" },
      ],
      stateMachines: [
        {
          name: "order-workflow",
          stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:shop-prod-orders",
          service: "checkout",
        },
      ],
      ecsServices: [{ name: "checkout-api", clusterName: "shop-prod", serviceName: "checkout-api", service: "checkout" }],
    },
    auditTrail: { retention: "365d", objectLock: "GOVERNANCE" },
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
    { name: "catalog", namespace: "shop", team: "platform", slo: { availabilityPercent: 99.5, latencyP99Ms: 500 } },
  ],
  // Pages go to the owning team's PagerDuty service; the channels below carry the same alerts to chat, SMS and email.
  oncall: {
    token: { secretsManager: "monitoring/prod/pagerduty-api", jsonKey: "token" },
    defaultTeam: "platform",
    requireOwnership: true,
    teams: [
      {
        name: "payments",
        members: [
          { name: "alice", email: "alice@example.com" },
          { name: "bob", email: "bob@example.com" },
          { name: "carol", email: "carol@example.com" },
        ],
        rotations: [
          { name: "primary", type: "weekly", handoff: "09:00", timeZone: "Europe/Berlin", members: ["alice", "bob", "carol"] },
          { name: "secondary", type: "weekly", handoff: "09:00", timeZone: "Europe/Berlin", members: ["bob", "carol", "alice"] },
        ],
        escalation: [
          { notify: ["primary"], escalateAfterMinutes: 15 },
          { notify: ["secondary"], escalateAfterMinutes: 15 },
          { notify: ["carol"], escalateAfterMinutes: 30 },
        ],
        supportHours: { timeZone: "Europe/Berlin", start: "09:00", end: "18:00" },
      },
      {
        name: "platform",
        members: [
          { name: "dave", email: "dave@example.com" },
          { name: "erin", email: "erin@example.com" },
        ],
        rotations: [{ name: "primary", type: "daily", handoff: "08:00", timeZone: "Etc/UTC", members: ["dave", "erin"] }],
        escalation: [
          { notify: ["primary"], escalateAfterMinutes: 10 },
          { notify: ["dave", "erin"], escalateAfterMinutes: 20 },
        ],
      },
    ],
  },
  channels: [
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
  retention: {
    metrics: "30d",
    metricsSize: "90GB",
    logs: "90d",
    traces: "14d",
    // Debug lines and system noise are not worth three months.
    logStreams: [
      { selector: '{level="debug"}', period: "3d" },
      { selector: '{namespace="kube-system"}', period: "14d" },
    ],
  },
  backend: { type: "s3", bucket: "shop-terraform-state" },
  runbookBaseUrl: "https://runbooks.example.com/monitoring",
  // The same dashboards in the cluster's Grafana and in the company's Grafana Cloud stack (set TF_VAR_grafana_auth
  // to a service account token).
  grafana: {
    delivery: ["in-cluster", "external"],
    external: {
      url: "https://shop.grafana.net",
      auth: { terraformVariable: "grafana_auth" },
      dataSources: {
        prometheusUrl: "https://prometheus.prod.example.com",
        lokiUrl: "https://loki.prod.example.com",
        jaegerUrl: "https://jaeger.prod.example.com",
        // Private endpoints reached through a private data source connect agent in the VPC: never exposed.
        auth: {
          prometheus: { type: "private-network", networkId: "pdc-shop-prod" },
          loki: { type: "private-network", networkId: "pdc-shop-prod" },
          jaeger: { type: "private-network", networkId: "pdc-shop-prod" },
        },
      },
    },
  },
});
