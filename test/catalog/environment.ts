import type { EnvironmentInput } from "../../src/spec";

/** An environment with one service, and overrides at every level so the harness runs on non-default numbers too. */
export const TEST_ENVIRONMENT: EnvironmentInput = {
  name: "unit",
  kubernetes: { connection: { type: "kubeconfig" } },
  services: [
    {
      name: "checkout",
      namespace: "shop",
      team: "payments",
      slo: { availabilityPercent: 99.9, latencyP99Ms: 300 },
      thresholds: { errorRatio: { warning: 1.5, critical: 4 } },
    },
  ],
  channels: [
    { type: "webhook", name: "hook", url: { kubernetesSecret: { name: "hook", key: "url" } }, severities: ["critical", "warning", "info"] },
  ],
  thresholds: { memoryUtilization: { warning: 88, for: "10m" }, replicationLag: { critical: 120 } },
  alerting: { heartbeat: { url: { kubernetesSecret: { name: "heartbeat", key: "url" } } } },
  relativeRunbookLinks: { reason: "a test fixture" },
};
