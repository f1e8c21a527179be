import { Duration } from "../spec/duration";

/** What a threshold is measured in; renderers convert from this unit to each backend's own. */
export type SignalUnit = "percent" | "milliseconds" | "seconds" | "hours" | "count" | "gibibytes" | "mebibytes";

/** Whether the alarm fires when the value rises above or falls below the threshold. */
export type SignalDirection = "above" | "below";

/**
 * One thing worth alarming on, independent of where it is measured (Prometheus, CloudWatch, later GCP/Azure).
 * Catalog entries of every backend refer to signals by name, so one override in the spec changes them all.
 */
export interface SignalDefinition {
  readonly unit: SignalUnit;
  readonly direction: SignalDirection;
  /** Threshold of the warning tier; absent when the signal only has a critical tier. */
  readonly warning?: number;
  readonly critical: number;
  /** How long the condition must hold before the alert fires. */
  readonly for: Duration;
  /** One line for generated docs and override error messages. */
  readonly description: string;
}

/**
 * The threshold model. When to change a default: the note in each description says what the number protects.
 * Adding a signal here makes it overridable in every spec (`thresholds.<name>`), with no other change.
 */
export const SIGNALS = {
  cpuUtilization: {
    unit: "percent",
    direction: "above",
    warning: 80,
    critical: 90,
    for: Duration.minutes(5),
    description: "CPU busy share of a host, node or instance",
  },
  memoryUtilization: {
    unit: "percent",
    direction: "above",
    warning: 85,
    critical: 95,
    for: Duration.minutes(5),
    description: "memory in use (excluding page cache) of a host, node or instance",
  },
  diskUtilization: {
    unit: "percent",
    direction: "above",
    warning: 80,
    critical: 90,
    for: Duration.minutes(10),
    description: "space used on a filesystem or volume",
  },
  diskHoursUntilFull: {
    unit: "hours",
    direction: "below",
    warning: 24,
    critical: 4,
    for: Duration.minutes(30),
    description: "time left before a filesystem is full at the recent growth rate",
  },
  networkErrorsPerSecond: {
    unit: "count",
    direction: "above",
    warning: 1,
    critical: 10,
    for: Duration.minutes(10),
    description: "receive and transmit errors per second on a network interface",
  },
  networkUtilization: {
    unit: "percent",
    direction: "above",
    warning: 80,
    critical: 95,
    for: Duration.minutes(15),
    description: "throughput of a network interface as a share of its link speed",
  },
  errorRatio: {
    unit: "percent",
    direction: "above",
    warning: 2,
    critical: 5,
    for: Duration.minutes(5),
    description: "share of requests that fail (HTTP 5xx, gRPC errors)",
  },
  clientErrorRatio: {
    unit: "percent",
    direction: "above",
    warning: 10,
    critical: 25,
    for: Duration.minutes(10),
    description: "share of requests answered with 4xx (rejected auth, throttling, bad input); a rise follows a client or contract change",
  },
  latencyP99: {
    unit: "milliseconds",
    direction: "above",
    warning: 500,
    critical: 1000,
    for: Duration.minutes(10),
    description: "99th percentile request latency; a service's SLO objective is its warning tier and twice the objective its critical tier",
  },
  databaseConnectionUtilization: {
    unit: "percent",
    direction: "above",
    warning: 80,
    critical: 90,
    for: Duration.minutes(5),
    description: "connections in use as a share of the database's maximum",
  },
  replicationLag: {
    unit: "seconds",
    direction: "above",
    warning: 30,
    critical: 300,
    for: Duration.minutes(5),
    description: "how far a database replica is behind its primary",
  },
  databaseFreeStorage: {
    unit: "gibibytes",
    direction: "below",
    warning: 20,
    critical: 5,
    for: Duration.minutes(15),
    description: "free storage left on a managed database",
  },
  databaseFreeMemory: {
    unit: "mebibytes",
    direction: "below",
    warning: 512,
    critical: 256,
    for: Duration.minutes(15),
    description: "memory a managed database can still use",
  },
  queueOldestMessageAge: {
    unit: "seconds",
    direction: "above",
    warning: 300,
    critical: 900,
    for: Duration.minutes(5),
    description: "age of the oldest message waiting in a queue (consumers stalled or too slow)",
  },
  queueDepth: {
    unit: "count",
    direction: "above",
    warning: 1000,
    critical: 10_000,
    for: Duration.minutes(15),
    description: "messages waiting in a queue",
  },
  functionDurationOfTimeout: {
    unit: "percent",
    direction: "above",
    warning: 80,
    critical: 95,
    for: Duration.minutes(5),
    description: "p99 duration of a serverless function as a share of its timeout",
  },
  unhealthyTargets: {
    unit: "count",
    direction: "above",
    critical: 0,
    for: Duration.minutes(3),
    description: "load-balancer targets failing health checks",
  },
  databaseLatency: {
    unit: "milliseconds",
    direction: "above",
    warning: 20,
    critical: 100,
    for: Duration.minutes(10),
    description: "average time a managed database takes per read or write I/O (storage too slow or saturated)",
  },
  serverErrorsPerMinute: {
    unit: "count",
    direction: "above",
    warning: 10,
    critical: 50,
    for: Duration.minutes(5),
    description: "HTTP 5xx responses per minute, counted whatever the traffic (complements errorRatio at low traffic)",
  },
  errorLogsPerMinute: {
    unit: "count",
    direction: "above",
    warning: 5,
    critical: 50,
    for: Duration.minutes(5),
    description: "log lines at level error per minute in an application's structured logs",
  },
  throttlesPerMinute: {
    unit: "count",
    direction: "above",
    warning: 1,
    critical: 50,
    for: Duration.minutes(5),
    description: "requests rejected per minute because a concurrency or rate limit was reached",
  },
  concurrencyUtilization: {
    unit: "percent",
    direction: "above",
    warning: 80,
    critical: 90,
    for: Duration.minutes(5),
    description: "concurrent executions of a serverless function as a share of its concurrency limit",
  },
  deadLetterMessages: {
    unit: "count",
    direction: "above",
    critical: 0,
    for: Duration.minutes(1),
    description: "messages in a dead-letter queue: each one is work that failed for good",
  },
  evictionsPerMinute: {
    unit: "count",
    direction: "above",
    warning: 100,
    critical: 1000,
    for: Duration.minutes(10),
    description: "keys a cache evicts per minute because it is out of memory; lower it for a cache used as a data store",
  },
  failedExecutionsPerMinute: {
    unit: "count",
    direction: "above",
    warning: 0,
    critical: 5,
    for: Duration.minutes(5),
    description: "workflow executions per minute that failed or timed out (Step Functions), in every minute of the window",
  },
  instanceStatusCheckFailed: {
    unit: "count",
    direction: "above",
    critical: 0,
    for: Duration.minutes(2),
    description: "instances failing the hypervisor's system or instance status checks",
  },
  capacityUtilization: {
    unit: "percent",
    direction: "above",
    warning: 80,
    critical: 90,
    for: Duration.minutes(5),
    description: "consumed share of a provisioned capacity (DynamoDB read or write capacity units); past it requests are throttled",
  },
  capacityShortfall: {
    unit: "count",
    direction: "above",
    critical: 0,
    for: Duration.minutes(15),
    description: "instances an instance group wants (desired) but does not have in service",
  },
} as const satisfies Record<string, SignalDefinition>;

export type SignalName = keyof typeof SIGNALS;
