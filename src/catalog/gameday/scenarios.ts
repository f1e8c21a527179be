import type { GamedayScenario } from "./types";

/**
 * The game-day catalog: one scenario per incident the course drills. Faults are deterministic (counters and gauges
 * flipped, processes stopped) rather than real load, so a scenario behaves the same on a busy CI machine.
 */
export const GAMEDAY_SCENARIOS: readonly GamedayScenario[] = [
  {
    id: "server-outage",
    title: "Server outage: the host running the service disappears",
    category: "server-outage",
    briefing: "Customers report the shop does not load at all.",
    fault: { kind: "host-down" },
    expected: [{ alert: "ServiceTargetDown", severity: "critical", ofService: true }],
    action: "Bring the host back (or reschedule the service elsewhere) and confirm Prometheus scrapes it again.",
    gameMasterNotes: [
      "Watch whether the incident commander declares the incident before the second page.",
      "Ask where the node's own metrics went: a host that is gone sends no CPU alert, only missing targets.",
      "PrometheusTargetsDown (warning) for the service's job fires a few evaluations later; Alertmanager holds it under the page (a symptom, not a second incident).",
    ],
    needs: ["service"],
  },
  {
    id: "cpu-saturation",
    title: "CPU saturation on a node",
    category: "performance-degradation",
    briefing: "Checkout feels sluggish; nothing has been deployed today.",
    fault: { kind: "cpu-busy", busyPercent: 99 },
    expected: [{ alert: "HostHighCpuLoad", severity: "critical" }],
    action: "Find the busy workload on the node and scale it out or move it (cordon and drain the node).",
    gameMasterNotes: [
      "The CPU counters are a simulated kernel's /proc/stat, read by node_exporter's cpu collector: no CPU is burnt.",
      "Ask the team to separate steal and iowait from real work before acting.",
    ],
    needs: [],
  },
  {
    id: "latency-degradation",
    title: "Latency degradation of the service",
    category: "performance-degradation",
    briefing: "Payments time out for some customers; error rates look normal.",
    fault: { kind: "service-fault", latencyMs: 2500 },
    expected: [{ alert: "ServiceHighLatency", severity: "critical", ofService: true }],
    action: "Remove the slow dependency from the request path (timeouts, cache) or roll back what made it slow.",
    gameMasterNotes: [
      "Good teams open slow traces and the latency-by-route query before touching anything.",
      "The latency objective of the spec sets the warning tier; twice it is critical.",
    ],
    needs: ["service"],
  },
  {
    id: "error-spike",
    title: "Error spike: half the requests fail",
    category: "high-error-rate",
    briefing: "Support sees a wave of 'something went wrong' tickets.",
    fault: { kind: "service-fault", errorRate: 0.5 },
    expected: [{ alert: "ServiceHighErrorRatio", severity: "critical", ofService: true }],
    action: "Stop the failing code path (feature flag off, dependency restored) and watch the error ratio fall.",
    gameMasterNotes: [
      "Ask for the error logs of the failing route and follow one trace id.",
      "Ask whether the error budget burn changes the priority of other work this week.",
    ],
    needs: ["service"],
  },
  {
    id: "database-down",
    title: "Database down",
    category: "database-connectivity",
    briefing: "Orders cannot be placed; the service logs connection refused.",
    fault: { kind: "database-down" },
    expected: [{ alert: "PostgresqlDown", severity: "critical" }],
    action: "Restore the database (restart or fail over) and confirm the exporter connects again.",
    gameMasterNotes: [
      "The page goes to the platform's PagerDuty service: database alerts carry no service label. Ask who owns it.",
      "Ask the team to check whether the application's error page fired too, and which is the cause.",
    ],
    needs: ["postgres"],
  },
  {
    id: "database-connections",
    title: "Database connection exhaustion",
    category: "database-connectivity",
    briefing: "Intermittent 'too many connections' errors under a marketing campaign.",
    fault: { kind: "database-connections", percentOfMax: 97 },
    expected: [{ alert: "PostgresqlTooManyConnections", severity: "critical" }],
    action: "Cap the application's pool size and terminate idle-in-transaction sessions.",
    gameMasterNotes: ["Ask for the breakdown by state and application before anyone restarts the database."],
    needs: ["postgres"],
  },
  {
    id: "bad-deployment",
    title: "A bad deployment (v2) and its rollback",
    category: "deployment-failure",
    briefing: "A release went out ten minutes ago; errors climb.",
    fault: { kind: "bad-deploy", version: "v2", errorRate: 0.6 },
    expected: [{ alert: "ServiceHighErrorRatio", severity: "critical", ofService: true }],
    action: "Roll back to the previous version, then investigate v2 without users on it.",
    gameMasterNotes: [
      "The fastest mitigation is the rollback; watch for teams debugging v2 in production first.",
      "The version is visible in the service's build info metric and its logs.",
    ],
    needs: ["service"],
  },
  {
    id: "alertmanager-down",
    title: "The monitoring pipeline fails: Alertmanager down",
    category: "monitoring-pipeline",
    briefing: "It is unusually quiet. Is everything fine, or is nobody being told?",
    fault: { kind: "alertmanager-down" },
    expected: [],
    expectHeartbeatGap: true,
    action: "Restart Alertmanager (check its volume and config), then confirm the heartbeat resumes.",
    gameMasterNotes: [
      "Nothing inside the stack can page about its own notifier: only the external dead man's switch notices the gap.",
      "Ask what was missed while it was down, and whether firing alerts were re-sent after the restart.",
    ],
    needs: ["heartbeat"],
  },
];

/** The scenario with this id, or undefined. */
export function gamedayScenario(id: string): GamedayScenario | undefined {
  return GAMEDAY_SCENARIOS.find((s) => s.id === id);
}
