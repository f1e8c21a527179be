import type { z } from "zod";
import type { elasticacheWatchSchema } from "../../spec/clouds/aws-watch";
import type { AlarmIntent } from "../alarm-intents";
import { type AwsDashboardRows, metric } from "../dashboards/aws-panels";
import type { RunbookFacts } from "../runbooks/types";
import { type CloudWatchPreset, resourceMetric } from "./types";

type ElasticacheResource = z.output<typeof elasticacheWatchSchema>;

/** Runbook facts of a cache node: its id; the endpoint and parameter group are looked up. */
export function elasticacheRunbookFacts(r: ElasticacheResource): RunbookFacts {
  const describe = (query: string, extra = "") =>
    `$(aws elasticache describe-cache-clusters --region <region> --cache-cluster-id ${r.cacheClusterId}${extra} --query '${query}' --output text)`;
  return {
    id: r.cacheClusterId,
    endpoint: describe("CacheClusters[0].CacheNodes[0].Endpoint.Address", " --show-cache-node-info"),
    group: describe("CacheClusters[0].CacheParameterGroup.CacheParameterGroupName"),
  };
}

/**
 * AWS/ElastiCache by CacheClusterId (ElastiCache user guide: "Host-Level Metrics", "Metrics for Valkey and Redis OSS",
 * "Which Metrics Should I Monitor?"). CPUUtilization is the host's; EngineCPUUtilization the engine thread's, which
 * is what saturates first on nodes with four or more vCPUs (the engine is single-threaded).
 */
const NS = "AWS/ElastiCache";
const node = resourceMetric<ElasticacheResource>(NS, (r) => ({ CacheClusterId: r.cacheClusterId }));

const INTENTS = {
  cpu: {
    category: "database",
    signal: "cpuUtilization",
    title: "host CPU utilisation",
    meaning: "The cache node's host CPU is busy (engine, background saves, replication and TLS together).",
    impact: "Commands queue up and latency rises for every client of the cache.",
    mitigation: ["Scale up the node type, or scale out (more shards) for a write-heavy load."],
  },
  engineCpu: {
    category: "database",
    signal: "cpuUtilization",
    title: "engine CPU utilisation",
    meaning: "The engine's main thread is busy most of the time: slow commands (KEYS, large HGETALL, Lua) or a burst of requests.",
    impact: "Every command waits for the single engine thread: latency rises, clients time out.",
    mitigation: [
      "Find slow commands in the slow log and replace them (SCAN for KEYS).",
      "Add read replicas for read load; more shards for write load.",
    ],
  },
  memory: {
    category: "database",
    signal: "memoryUtilization",
    title: "memory usage",
    meaning: "The cache uses most of the memory available for data (DatabaseMemoryUsagePercentage of maxmemory).",
    impact: "At the limit keys are evicted (or writes fail with noeviction); the hit rate falls and the databases behind take the load.",
    mitigation: ["Set TTLs on keys that have none; drop unused keys.", "Scale up the node type or add shards."],
  },
  evictions: {
    category: "database",
    signal: "evictionsPerMinute",
    title: "evictions",
    meaning: "The cache evicts keys because it is out of memory for new ones.",
    impact: "Cache hit rate falls; for a cache used as a data store, evicted data is lost.",
    mitigation: ["Scale up or out; shorten TTLs of large, rarely read keys."],
  },
  replicationLag: {
    category: "database",
    signal: "replicationLag",
    title: "replication lag",
    meaning: "A replica node is behind its primary.",
    impact: "Reads from the replica return stale data; a failover to it would lose the lag's writes.",
    mitigation: ["Look for a write burst or large keys on the primary; scale the replica's node type to the primary's."],
  },
} as const satisfies Record<string, AlarmIntent>;

/** ElastiCache (Valkey, Redis OSS) nodes: host and engine CPU, memory usage, evictions, replica lag. */
export const ELASTICACHE_PRESETS: readonly CloudWatchPreset<ElasticacheResource>[] = [
  {
    id: "cpu",
    intent: INTENTS.cpu,
    source: (r) => ({ kind: "metric", metric: node(r, "CPUUtilization", "Average") }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "Node type and vCPUs: `aws elasticache describe-cache-clusters --region <region> --cache-cluster-id <id> --query 'CacheClusters[0].[CacheNodeType,Engine,EngineVersion]'`.",
      "Background saves at the same time: SaveInProgress.",
    ],
  },
  {
    id: "engineCpu",
    intent: INTENTS.engineCpu,
    source: (r) => ({ kind: "metric", metric: node(r, "EngineCPUUtilization", "Average") }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "Slow commands: `valkey-cli -h <endpoint> --tls SLOWLOG GET 20` (or redis-cli), or the slow log delivered to CloudWatch Logs.",
      "Command mix: GetTypeCmds, SetTypeCmds, HashBasedCmds, EvalBasedCmds over the same window; NewConnections (TLS handshakes cost CPU).",
    ],
  },
  {
    id: "memory",
    intent: INTENTS.memory,
    source: (r) => ({ kind: "metric", metric: node(r, "DatabaseMemoryUsagePercentage", "Maximum") }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: ["Largest keys: `valkey-cli -h <endpoint> --tls --bigkeys`.", "Keys without TTL: `INFO keyspace` (keys vs expires)."],
  },
  {
    id: "evictions",
    intent: INTENTS.evictions,
    source: (r) => ({ kind: "metric", metric: node(r, "Evictions", "Sum") }),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      "Eviction policy: `aws elasticache describe-cache-parameters --region <region> --cache-parameter-group-name <group> --query \"Parameters[?ParameterName=='maxmemory-policy']\"`.",
    ],
  },
  {
    id: "replicationLag",
    intent: INTENTS.replicationLag,
    source: (r) => ({ kind: "metric", metric: node(r, "ReplicationLag", "Maximum") }),
    periodSeconds: 60,
    // Primaries and nodes without replication report no lag: not a lag.
    treatMissingData: "notBreaching",
    diagnosis: [
      "Replication state on the replica: `INFO replication` (master_link_status, master_last_io_seconds_ago).",
      "Write volume on the primary: NetworkBytesIn and SetTypeCmds.",
    ],
  },
];

/** Grafana rows: CPU, memory and evictions, replication lag. */
export const ELASTICACHE_DASHBOARD: AwsDashboardRows<ElasticacheResource> = (p, nodes) => {
  p.section(
    "elasticache",
    "ElastiCache nodes",
    nodes.map((n) => [n.name, n.cacheClusterId]),
    "ElastiCache ${elasticache}",
  );
  const dims = { CacheClusterId: "$elasticache" };
  p.chart(
    "Host / engine CPU",
    [metric(p.region, NS, "CPUUtilization", dims, "Average"), metric(p.region, NS, "EngineCPUUtilization", dims, "Average")],
    "percent",
    6,
  );
  p.chart("Memory used", [metric(p.region, NS, "DatabaseMemoryUsagePercentage", dims, "Maximum")], "percent", 6);
  p.chart("Evictions", [metric(p.region, NS, "Evictions", dims, "Sum")], "short", 6);
  p.chart("Replication lag", [metric(p.region, NS, "ReplicationLag", dims, "Maximum")], "s", 6);
};
