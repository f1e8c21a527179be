import type { EnvironmentInput } from "../src/spec";

/** A generated environment with `resources` watched AWS resources and `services` services, for scale tests. */
export function largeSpec(resources: number, services: number): EnvironmentInput {
  const serviceNames = Array.from({ length: services }, (_, i) => `svc-${i}`);
  const owner = (i: number) => serviceNames[i % services];
  const kinds = 6;
  const count = (k: number) => Math.floor(resources / kinds) + (k < resources % kinds ? 1 : 0);
  const range = (k: number) => Array.from({ length: count(k) }, (_, i) => i);
  return {
    name: "large",
    profile: "ha",
    // An ha environment with secret references keeps shared, locked state (validate refuses local state there).
    backend: { type: "s3", bucket: "large-terraform-state" },
    runbookBaseUrl: "https://runbooks.example.com/large",
    kubernetes: {
      connection: { type: "eks", clusterName: "large" },
      tracing: { storage: { type: "opensearch", url: "https://traces.example.com", credentialsSecret: { name: "traces-opensearch" } } },
    },
    cloud: {
      provider: "aws",
      region: "us-east-1",
      watch: {
        ec2: range(0).map((i) => ({ name: `ec2-${i}`, tags: { Name: `app-${i}` }, service: owner(i) })),
        rds: range(1).map((i) => ({ name: `db-${i}`, identifier: `db-${i}`, service: owner(i) })),
        loadBalancers: range(2).map((i) => ({ name: `alb-${i}`, loadBalancerName: `alb-${i}`, service: owner(i) })),
        lambdaFunctions: range(3).map((i) => ({ name: `fn-${i}`, functionName: `fn-${i}`, service: owner(i) })),
        sqsQueues: range(4).map((i) => ({ name: `q-${i}`, queueName: `q-${i}`, deadLetterQueueName: `q-${i}-dlq`, service: owner(i) })),
        logGroups: range(5).map((i) => ({ name: `logs-${i}`, logGroupName: `/app/${i}`, service: owner(i) })),
      },
    },
    services: serviceNames.map((name) => ({
      name,
      namespace: "apps",
      slo: { availabilityPercent: 99.9, latencyP99Ms: 300 },
      kpis: [{ metric: `${name.replace("-", "_")}_orders_total` }],
    })),
    channels: [
      { type: "email", name: "team", addresses: ["team@example.com"] },
      { type: "pagerduty", name: "pager", routingKey: { terraformVariable: "pagerduty_routing_key" } },
    ],
    alerting: {
      smtp: { smarthost: "smtp.example.com:587", from: "alerts@example.com" },
      heartbeat: { url: { terraformVariable: "heartbeat_url" } },
    },
  };
}

/** A generated environment where one service owns `functions` Lambda functions (its composites and dashboards grow). */
export function lambdaSpec(functions: number): EnvironmentInput {
  const base = largeSpec(0, 1);
  const cloud = base.cloud as { watch: Record<string, unknown> };
  return {
    ...base,
    name: "lambdas",
    cloud: {
      ...(base.cloud as object),
      watch: {
        ...cloud.watch,
        lambdaFunctions: Array.from({ length: functions }, (_, i) => ({ name: `fn-${i}`, functionName: `fn-${i}`, service: "svc-0" })),
      },
    },
  } as EnvironmentInput;
}
