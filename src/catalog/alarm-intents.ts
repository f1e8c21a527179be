import type { SignalName } from "./signals";

/** What kind of resource an intent watches, whatever the cloud (EC2/GCE/Azure VM, RDS/Cloud SQL, ALB/…). */
export type ResourceCategory = "vm" | "instanceGroup" | "database" | "loadBalancer" | "function" | "queue" | "logs";

/**
 * The symptom an alarm stands for. Composite alarms combine symptoms of one service (errors AND latency) so that
 * a page means users are hurt, not that one number moved.
 */
export type Symptom = "errors" | "latency";

/**
 * The cloud-neutral half of an alarm preset: what to alarm on (a signal of the threshold model), what it means and
 * what to do about it. Every cloud backend (CloudWatch today; Cloud Monitoring and Azure Monitor later) pairs an
 * intent with its own metric; the thresholds, tiers and runbook text stay the same everywhere.
 */
export interface AlarmIntent {
  readonly category: ResourceCategory;
  readonly signal: SignalName;
  /** Short human title, used in alarm descriptions and runbook headings ("CPU utilisation"). */
  readonly title: string;
  readonly symptom?: Symptom;
  /** Runbook: what the alarm means, in one or two sentences. */
  readonly meaning: string;
  /** Runbook: who or what is affected while it fires. */
  readonly impact: string;
  /** Runbook: cloud-neutral steps that stop the bleeding; backends append their own. */
  readonly mitigation: readonly string[];
  /** @default - the environment's escalation policy */
  readonly escalation?: string;
}

const intent = <const T extends Record<string, AlarmIntent>>(intents: T): T => intents;

/** The intents every backend renders. Keys are stable: backends use them to build runbook slugs. */
export const ALARM_INTENTS = intent({
  vmCpu: {
    category: "vm",
    signal: "cpuUtilization",
    title: "CPU utilisation",
    meaning: "Instances of the group have been CPU-bound for the whole evaluation window.",
    impact: "Requests served by these instances slow down or time out; background jobs fall behind.",
    mitigation: [
      "Scale out (more or larger instances).",
      "Find and stop a runaway process; roll back a release that made a hot path slower.",
    ],
  },
  vmStatusCheck: {
    category: "vm",
    signal: "instanceStatusCheckFailed",
    title: "instance status check",
    meaning: "The hypervisor reports a failed system or instance status check: the host or the guest OS is impaired.",
    impact: "The instance is likely unreachable; anything it serves alone is down.",
    mitigation: [
      "Stop and start the instance (moves it to healthy hardware); reboot for an instance-check failure.",
      "Replace it from its Auto Scaling group or image.",
    ],
    escalation: "Page the owning team at once when the instance is not part of a redundant group.",
  },
  vmMemory: {
    category: "vm",
    signal: "memoryUtilization",
    title: "memory utilisation",
    meaning: "Memory in use (without page cache) stayed above the threshold; the OOM killer is next.",
    impact: "Processes get killed or the host swaps; latency spikes and restarts follow.",
    mitigation: ["Restart the leaking process to buy time, then find the leak.", "Move to an instance type with more memory."],
  },
  vmDisk: {
    category: "vm",
    signal: "diskUtilization",
    title: "disk utilisation",
    meaning: "A filesystem is nearly full.",
    impact: "Writes fail when it is full: logs, uploads, databases and package updates break.",
    mitigation: ["Delete or rotate old logs and temporary files.", "Grow the volume (online for EBS) and the filesystem."],
  },
  groupCpu: {
    category: "instanceGroup",
    signal: "cpuUtilization",
    title: "group CPU utilisation",
    meaning: "The group's average CPU stays high although target tracking should have added instances.",
    impact: "The whole tier is saturated: slower responses, queues grow.",
    mitigation: [
      "Check that scaling is not stuck at the group's maximum size; raise it.",
      "Look for a release that made requests more expensive.",
    ],
  },
  groupCapacity: {
    category: "instanceGroup",
    signal: "capacityShortfall",
    title: "in-service instances below desired",
    meaning: "The group cannot bring as many instances into service as it wants.",
    impact: "Less capacity than planned; a further failure can take the tier down.",
    mitigation: [
      "Read the group's scaling activities for the launch error (capacity, quota, AMI, subnet IPs).",
      "Add instance types or subnets to the group.",
    ],
  },
  groupMemory: {
    category: "instanceGroup",
    signal: "memoryUtilization",
    title: "group memory utilisation",
    meaning: "At least one instance of the group is short of memory.",
    impact: "Processes on that instance get killed; its share of requests fails or slows.",
    mitigation: [
      "Replace the instance (terminate it; the group launches a fresh one).",
      "Find the leak or give the group a larger instance type.",
    ],
  },
  groupDisk: {
    category: "instanceGroup",
    signal: "diskUtilization",
    title: "group disk utilisation",
    meaning: "A filesystem of at least one instance of the group is nearly full.",
    impact: "Writes fail on that instance when it is full.",
    mitigation: ["Rotate logs; replace the instance.", "Grow the root volume in the launch template."],
  },
  databaseCpu: {
    category: "database",
    signal: "cpuUtilization",
    title: "database CPU utilisation",
    meaning: "The database has been CPU-bound for the whole window.",
    impact: "Every query slows down; connection pools fill and callers time out.",
    mitigation: [
      "Find the top queries (Performance Insights) and kill or fix the expensive ones.",
      "Scale the instance class up or move reads to replicas.",
    ],
  },
  databaseStorage: {
    category: "database",
    signal: "databaseFreeStorage",
    title: "free storage",
    meaning: "The database is running out of storage.",
    impact: "At zero the database stops accepting writes (read-only or crash).",
    mitigation: ["Increase allocated storage now (or enable storage autoscaling).", "Drop bloat: old partitions, unused indexes, vacuum."],
    escalation: "Page the database owner when under the critical tier: the fix takes time to apply.",
  },
  databaseMemory: {
    category: "database",
    signal: "databaseFreeMemory",
    title: "freeable memory",
    meaning: "The database has little memory left for caches and connections.",
    impact: "Cache hit ratio drops, I/O rises, the engine may swap or restart.",
    mitigation: ["Reduce connections (pooling) and memory-hungry settings.", "Scale the instance class up."],
  },
  databaseConnections: {
    category: "database",
    signal: "databaseConnectionUtilization",
    title: "connections",
    meaning: "Connections in use approach the engine's max_connections.",
    impact: "New connections are refused: requests fail with connection errors.",
    mitigation: [
      "Find who holds connections (pg_stat_activity / SHOW PROCESSLIST) and fix leaking pools.",
      "Put a pooler (RDS Proxy, PgBouncer) in front.",
    ],
  },
  databaseReadLatency: {
    category: "database",
    signal: "databaseLatency",
    title: "read latency",
    meaning: "Read I/O takes longer than usual: storage is saturated or throttled.",
    impact: "Queries that miss the cache slow down.",
    mitigation: ["Check IOPS and throughput against the volume's limits; raise them (gp3/io2).", "Add indexes so fewer pages are read."],
  },
  databaseWriteLatency: {
    category: "database",
    signal: "databaseLatency",
    title: "write latency",
    meaning: "Write I/O takes longer than usual: storage is saturated or throttled.",
    impact: "Commits slow down; write-heavy endpoints time out.",
    mitigation: ["Check IOPS and throughput limits; raise them.", "Batch writes; check for a bulk job."],
  },
  databaseReplicaLag: {
    category: "database",
    signal: "replicationLag",
    title: "replica lag",
    meaning: "A replica is behind its primary.",
    impact: "Reads from the replica return stale data; a failover would lose or wait for the lag.",
    mitigation: ["Look for long transactions or a bulk write on the primary.", "Scale the replica to the primary's class."],
  },
  loadBalancerServerErrors: {
    category: "loadBalancer",
    signal: "serverErrorsPerMinute",
    title: "5xx responses",
    meaning: "The load balancer returns many 5xx responses, from its targets or of its own (no healthy target, timeouts).",
    impact: "Users see errors.",
    mitigation: ["Roll back the latest release if errors started with it.", "Check target health and capacity."],
  },
  loadBalancerErrorRatio: {
    category: "loadBalancer",
    signal: "errorRatio",
    title: "5xx rate",
    symptom: "errors",
    meaning: "The share of requests answered with 5xx is above the threshold.",
    impact: "That share of users' requests fails.",
    mitigation: ["Roll back the latest release if errors started with it.", "Shift traffic away from a failing zone or target group."],
  },
  loadBalancerLatency: {
    category: "loadBalancer",
    signal: "latencyP99",
    title: "p99 response time",
    symptom: "latency",
    meaning: "The slowest 1 % of requests take longer than the threshold.",
    impact: "Users wait; clients with short timeouts fail.",
    mitigation: ["Scale the targets out.", "Find the slow dependency (database, downstream API) in traces or logs."],
  },
  loadBalancerUnhealthyTargets: {
    category: "loadBalancer",
    signal: "unhealthyTargets",
    title: "unhealthy targets",
    meaning: "Targets fail the load balancer's health checks.",
    impact: "Less capacity; with no healthy target left the load balancer answers 503.",
    mitigation: [
      "Look at why the health check fails (logs of the target, security groups, health-check path).",
      "Replace failing targets.",
    ],
  },
  functionErrorRatio: {
    category: "function",
    signal: "errorRatio",
    title: "error rate",
    symptom: "errors",
    meaning: "The share of invocations that fail is above the threshold.",
    impact: "Work done by the function fails (retried for async sources, lost or returned as errors for sync ones).",
    mitigation: ["Roll back the latest version or alias.", "Fix or mock the failing dependency."],
  },
  functionServerErrors: {
    category: "function",
    signal: "serverErrorsPerMinute",
    title: "5xx responses",
    symptom: "errors",
    meaning: "The function app answers many HTTP requests with 5xx (where the platform offers no error ratio, the count).",
    impact: "Callers of the function's HTTP triggers get errors.",
    mitigation: ["Roll back the latest deployment (swap the slot back).", "Fix or mock the failing dependency."],
  },
  functionThrottles: {
    category: "function",
    signal: "throttlesPerMinute",
    title: "throttles",
    meaning: "Invocations are rejected because the function or the account reached its concurrency limit.",
    impact: "Synchronous callers get 429s; asynchronous events are delayed.",
    mitigation: [
      "Raise reserved concurrency or request a higher account limit.",
      "Slow down the event source (batch size, maximum concurrency).",
    ],
  },
  functionDuration: {
    category: "function",
    signal: "functionDurationOfTimeout",
    title: "p99 duration vs timeout",
    symptom: "latency",
    meaning: "The slowest invocations come close to the function's timeout.",
    impact: "Invocations about to time out: work is cut off and retried.",
    mitigation: ["Find the slow dependency; raise memory (more CPU) or the timeout.", "Split long work into smaller batches."],
  },
  functionConcurrency: {
    category: "function",
    signal: "concurrencyUtilization",
    title: "concurrency",
    meaning: "Concurrent executions approach the function's limit.",
    impact: "Throttling starts at the limit.",
    mitigation: ["Raise the limit; look for slower invocations (concurrency = rate x duration)."],
  },
  queueOldestMessage: {
    category: "queue",
    signal: "queueOldestMessageAge",
    title: "age of oldest message",
    meaning: "Messages wait longer than the threshold: consumers stalled or are too slow.",
    impact: "Work is delayed; messages expire at the queue's retention period.",
    mitigation: ["Check that consumers run and are not failing.", "Scale consumers out."],
  },
  queueDepth: {
    category: "queue",
    signal: "queueDepth",
    title: "queue depth",
    meaning: "Many messages are waiting.",
    impact: "Processing is behind; latency of the asynchronous flow grows.",
    mitigation: ["Scale consumers out; look for a producer burst."],
  },
  queueDeadLetters: {
    category: "queue",
    signal: "deadLetterMessages",
    title: "dead-letter queue not empty",
    meaning: "Messages failed processing more times than the redrive policy allows and were moved to the dead-letter queue.",
    impact: "Each message is a unit of work that did not happen (an order, an email…).",
    mitigation: ["Read a few messages to find the cause; fix it.", "Redrive the messages to the source queue once fixed."],
  },
  logErrors: {
    category: "logs",
    signal: "errorLogsPerMinute",
    title: "error log lines",
    meaning: "The application logs many lines at level error.",
    impact: "Depends on the errors: read them.",
    mitigation: ["Group errors by message (saved query 'top error messages') and fix the most frequent."],
  },
  logServerErrors: {
    category: "logs",
    signal: "serverErrorsPerMinute",
    title: "5xx in request logs",
    symptom: "errors",
    meaning: "The application's request logs show many 5xx responses.",
    impact: "Users see errors.",
    mitigation: ["Roll back the latest release if errors started with it."],
  },
  logLatency: {
    category: "logs",
    signal: "latencyP99",
    title: "p99 request duration in logs",
    symptom: "latency",
    meaning: "The slowest 1 % of logged requests take longer than the threshold.",
    impact: "Users wait.",
    mitigation: ["Find the slowest paths (saved query 'slowest requests') and the dependency behind them."],
  },
});

/** An anomaly alarm's intent: no fixed threshold (the band is learnt), so no signal; the rest as for {@link AlarmIntent}. */
export type AnomalyIntent = Omit<AlarmIntent, "signal" | "category">;

/** Intents of anomaly-detection alarms, for traffic and latency metrics the spec marks. */
export const ANOMALY_INTENTS = {
  trafficAnomaly: {
    title: "traffic outside its usual band",
    meaning: "Traffic left the band learnt from its own history (daily and weekly pattern): a surge or a drop.",
    impact: "A surge can saturate the service; a drop often means clients cannot reach it.",
    mitigation: ["Compare with the same time last week; check upstream (DNS, CDN, clients) for a drop, bots for a surge."],
  },
  latencyAnomaly: {
    title: "latency above its usual band",
    symptom: "latency",
    meaning: "Latency rose above the band learnt from its own history, even if under the fixed threshold.",
    impact: "Users wait longer than usual; often the early sign of saturation.",
    mitigation: ["Look for a release, a slow dependency or a traffic surge at the same time."],
  },
} as const satisfies Record<string, AnomalyIntent>;
