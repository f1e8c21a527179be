import type { z } from "zod";
import type {
  cloudRunWatchSchema,
  cloudSqlWatchSchema,
  gcpLoadBalancerWatchSchema,
  gcpLogWatchSchema,
  gcpVmWatchSchema,
  pubsubSubscriptionWatchSchema,
} from "../../spec/clouds/gcp-watch";
import { COMMON_PRESETS } from "../common-presets";
import { type GcpAggregation, type GcpPreset, type GcpSource, promqlMetric, quote, userLabelFilter } from "./types";

/** Compute Engine VMs selected by labels (the spec entry as is). */
export type GcpVmResource = z.output<typeof gcpVmWatchSchema>;
/** A Cloud SQL instance; `project` builds its `database_id` ("<project>:<instance>"). */
export type GcpSqlResource = z.output<typeof cloudSqlWatchSchema> & { readonly project: string };
export type GcpLoadBalancerResource = z.output<typeof gcpLoadBalancerWatchSchema>;
export type GcpCloudRunResource = z.output<typeof cloudRunWatchSchema>;
export type GcpSubscriptionResource = z.output<typeof pubsubSubscriptionWatchSchema>;
/** A log entry of the spec; `metricName(id)` names its log-based metrics (`<env>-<name>-<id>`, gcpLogMetricName). */
export type GcpLogResource = z.output<typeof gcpLogWatchSchema> & { readonly metricName: (filterId: string) => string };

const every = (
  seconds: 60 | 300,
  perSeriesAligner: GcpAggregation["perSeriesAligner"],
  reduce?: Omit<GcpAggregation, "alignmentPeriod" | "perSeriesAligner">,
): GcpAggregation => ({
  alignmentPeriod: `${seconds}s`,
  perSeriesAligner,
  ...reduce,
});
const percentToFraction = (percent: number) => percent / 100;

const vm = (r: GcpVmResource, metricType: string, extra = "") =>
  `resource.type = "gce_instance" AND metric.type = ${quote(metricType)}${extra} AND ${userLabelFilter(r.labels)}`;

/** Compute Engine: CPU from the hypervisor, memory and disk from the Ops Agent (rolled out by the stack). */
export const GCE_PRESETS: readonly GcpPreset<GcpVmResource>[] = [
  {
    ...COMMON_PRESETS.vmCpu,
    source: (r) => ({
      kind: "threshold",
      filter: vm(r, "compute.googleapis.com/instance/cpu/utilization"),
      aggregation: every(60, "ALIGN_MEAN"),
    }),
    convert: percentToFraction,
    metricUnit: "ratio",
    missingData: "noOp",
    diagnosis: [
      "Which VM: Metrics Explorer, `compute.googleapis.com/instance/cpu/utilization` grouped by `metadata.system_labels.name`, filtered by the labels in the policy.",
      "On the VM: `gcloud compute ssh <vm> --project <project> --zone <zone> -- top -o %CPU`.",
      "Per process (Ops Agent): `agent.googleapis.com/processes/cpu_time` grouped by `metric.label.command`.",
    ],
  },
  {
    ...COMMON_PRESETS.vmMemory,
    source: (r) => ({
      kind: "threshold",
      filter: vm(r, "agent.googleapis.com/memory/percent_used", ' AND metric.label.state = "used"'),
      aggregation: every(60, "ALIGN_MEAN"),
    }),
    missingData: "noOp",
    diagnosis: [
      "Per VM: `agent.googleapis.com/memory/percent_used` (state used) grouped by instance; no data means the Ops Agent is not running (see the OS policy assignment's compliance).",
      "On the VM: `free -m`, `ps aux --sort=-rss | head`, `journalctl -k | grep -i oom`.",
    ],
  },
  {
    ...COMMON_PRESETS.vmDisk,
    source: (r) => ({
      kind: "threshold",
      filter: vm(r, "agent.googleapis.com/disk/percent_used", ' AND metric.label.state = "used"'),
      aggregation: every(300, "ALIGN_MEAN"),
    }),
    missingData: "noOp",
    diagnosis: [
      "Which disk: `agent.googleapis.com/disk/percent_used` grouped by instance and `metric.label.device`.",
      "On the VM: `df -h`, `sudo du -xh / --max-depth=2 | sort -h | tail -20`.",
    ],
    mitigation: [
      "`gcloud compute disks resize <disk> --project <project> --size <GB> --zone <zone>` then `sudo growpart` and `resize2fs`/`xfs_growfs`.",
    ],
  },
];

const sql = (r: GcpSqlResource, metricType: string) =>
  `resource.type = "cloudsql_database" AND resource.label.database_id = ${quote(`${r.project}:${r.instance}`)} AND metric.type = ${quote(metricType)}`;
const sqlPromql = (r: GcpSqlResource, metricType: string) =>
  `${promqlMetric(metricType)}{monitored_resource="cloudsql_database",database_id=${quote(`${r.project}:${r.instance}`)}}`;

/** Cloud SQL: CPU, free storage (quota minus used, through PromQL) and connections as a share of max_connections. */
export const CLOUD_SQL_PRESETS: readonly GcpPreset<GcpSqlResource>[] = [
  {
    ...COMMON_PRESETS.databaseCpu,
    source: (r) => ({
      kind: "threshold",
      filter: sql(r, "cloudsql.googleapis.com/database/cpu/utilization"),
      aggregation: every(60, "ALIGN_MEAN"),
    }),
    convert: percentToFraction,
    metricUnit: "ratio",
    missingData: "noOp",
    diagnosis: [
      "Query Insights of the instance (console) lists the top queries by load.",
      "PostgreSQL: `SELECT pid, now() - query_start AS age, query FROM pg_stat_activity WHERE state = 'active' ORDER BY age DESC LIMIT 10;`",
    ],
    mitigation: ["`gcloud sql instances patch <instance> --project <project> --tier <larger tier>` (restarts the instance)."],
  },
  {
    ...COMMON_PRESETS.databaseStorage,
    // Free = quota - used: two metrics, so PromQL. The comparison and threshold are appended by the renderer.
    source: (r) => ({
      kind: "promql",
      expression: `min(${sqlPromql(r, "cloudsql.googleapis.com/database/disk/quota")} - ${sqlPromql(r, "cloudsql.googleapis.com/database/disk/bytes_used")})`,
    }),
    convert: (gib) => gib * 1024 ** 3,
    metricUnit: "bytes",
    // A database that stops reporting is down or gone: say so.
    missingData: "active",
    diagnosis: [
      "`gcloud sql instances describe <instance> --project <project> --format='value(settings.dataDiskSizeGb,settings.storageAutoResize)'`",
      "PostgreSQL: `SELECT relname, pg_size_pretty(pg_total_relation_size(relid)) FROM pg_catalog.pg_statio_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 10;`",
    ],
    mitigation: ["`gcloud sql instances patch <instance> --project <project> --storage-size <GB>` or `--storage-auto-increase`."],
  },
  {
    ...COMMON_PRESETS.databaseConnections,
    source: (r) => ({
      kind: "threshold",
      filter: sql(
        r,
        r.engine === "postgres"
          ? "cloudsql.googleapis.com/database/postgresql/num_backends"
          : "cloudsql.googleapis.com/database/network/connections",
      ),
      aggregation: every(60, "ALIGN_MAX", { crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.database_id"] }),
    }),
    appliesTo: (r) => r.maxConnections !== undefined,
    convert: (percent, r) => Math.floor((percent * (r.maxConnections ?? 0)) / 100),
    metricUnit: "connections",
    missingData: "noOp",
    diagnosis: [
      "PostgreSQL: `SELECT usename, application_name, client_addr, state, count(*) FROM pg_stat_activity GROUP BY 1,2,3,4 ORDER BY 5 DESC;`",
      "MySQL: `SELECT user, host, command, count(*) FROM information_schema.processlist GROUP BY 1,2,3 ORDER BY 4 DESC;`",
      "The flag: `gcloud sql instances describe <instance> --project <project> --format='value(settings.databaseFlags)'`.",
    ],
  },
];

const lb = (r: GcpLoadBalancerResource, metricType: string, extra = "") =>
  `resource.type = "https_lb_rule" AND resource.label.url_map_name = ${quote(r.urlMap)} AND metric.type = ${quote(metricType)}${extra}`;
const perMinute = every(60, "ALIGN_DELTA", { crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.url_map_name"] });
const p99 = (groupBy: string) => every(60, "ALIGN_DELTA", { crossSeriesReducer: "REDUCE_PERCENTILE_99", groupByFields: [groupBy] });

/** External Application Load Balancers by URL map: 5xx count and ratio, p99 total latency. */
export const LOAD_BALANCER_PRESETS: readonly GcpPreset<GcpLoadBalancerResource>[] = [
  {
    ...COMMON_PRESETS.loadBalancerServerErrors,
    source: (r) => ({
      kind: "threshold",
      filter: lb(r, "loadbalancing.googleapis.com/https/request_count", " AND metric.label.response_code_class = 500"),
      aggregation: perMinute,
    }),
    missingData: "inactive",
    diagnosis: [
      "Load balancer logs: `gcloud logging read 'resource.type=\"http_load_balancer\" AND httpRequest.status>=500' --project <project> --limit 50` (`jsonPayload.statusDetails` says whether the backend or the proxy answered).",
    ],
  },
  {
    ...COMMON_PRESETS.loadBalancerErrorRatio,
    source: (r) => ({
      kind: "threshold",
      filter: lb(r, "loadbalancing.googleapis.com/https/request_count", " AND metric.label.response_code_class = 500"),
      aggregation: perMinute,
      denominator: { filter: lb(r, "loadbalancing.googleapis.com/https/request_count"), aggregation: perMinute },
    }),
    convert: percentToFraction,
    metricUnit: "ratio",
    missingData: "inactive",
    diagnosis: [
      "Which backend: `loadbalancing.googleapis.com/https/backend_request_count` grouped by `resource.label.backend_target_name` and `metric.label.response_code_class`.",
    ],
  },
  {
    ...COMMON_PRESETS.loadBalancerLatency,
    source: (r) => ({
      kind: "threshold",
      filter: lb(r, "loadbalancing.googleapis.com/https/total_latencies"),
      aggregation: p99("resource.label.url_map_name"),
    }),
    missingData: "noOp",
    diagnosis: [
      "Backend vs network: compare `https/backend_latencies` (the application) with `https/total_latencies` (including the client's connection).",
    ],
  },
];

const run = (r: GcpCloudRunResource, metricType: string, extra = "") =>
  `resource.type = "cloud_run_revision" AND resource.label.service_name = ${quote(r.serviceName)} AND metric.type = ${quote(metricType)}${extra}`;
const runPerMinute = every(60, "ALIGN_DELTA", { crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] });

/** Cloud Run services and functions: 5xx ratio of requests and p99 latency as a share of the request timeout. */
export const CLOUD_RUN_PRESETS: readonly GcpPreset<GcpCloudRunResource>[] = [
  {
    ...COMMON_PRESETS.functionErrorRatio,
    source: (r) => ({
      kind: "threshold",
      filter: run(r, "run.googleapis.com/request_count", ' AND metric.label.response_code_class = "5xx"'),
      aggregation: runPerMinute,
      denominator: { filter: run(r, "run.googleapis.com/request_count"), aggregation: runPerMinute },
    }),
    convert: percentToFraction,
    metricUnit: "ratio",
    missingData: "inactive",
    diagnosis: [
      '`gcloud logging read \'resource.type="cloud_run_revision" AND resource.labels.service_name="<service>" AND severity>=ERROR\' --project <project> --limit 50`',
      "Which revision: `run.googleapis.com/request_count` grouped by `resource.label.revision_name`.",
    ],
    mitigation: [
      "Roll back: `gcloud run services update-traffic <service> --project <project> --region <region> --to-revisions <previous>=100`.",
    ],
  },
  {
    ...COMMON_PRESETS.functionDuration,
    source: (r) => ({
      kind: "threshold",
      filter: run(r, "run.googleapis.com/request_latencies"),
      aggregation: p99("resource.label.service_name"),
    }),
    convert: (percent, r) => (percent / 100) * r.timeout.toSeconds() * 1000,
    metricUnit: "ms",
    missingData: "noOp",
    diagnosis: [
      'Slow requests: `gcloud logging read \'resource.type="cloud_run_revision" AND httpRequest.latency>"10s"\' --project <project> --limit 20`.',
    ],
  },
];

const sub = (r: GcpSubscriptionResource, metricType: string) =>
  `resource.type = "pubsub_subscription" AND resource.label.subscription_id = ${quote(r.subscription)} AND metric.type = ${quote(metricType)}`;

/** Pub/Sub subscriptions: backlog age and size, dead-lettered messages. */
export const PUBSUB_PRESETS: readonly GcpPreset<GcpSubscriptionResource>[] = [
  {
    ...COMMON_PRESETS.queueOldestMessage,
    source: (r) => ({
      kind: "threshold",
      filter: sub(r, "pubsub.googleapis.com/subscription/oldest_unacked_message_age"),
      aggregation: every(60, "ALIGN_MAX"),
    }),
    missingData: "noOp",
    diagnosis: [
      "Subscribers pulling: `pubsub.googleapis.com/subscription/pull_request_count` / `streaming_pull_response_count`; acks: `ack_message_count`.",
      "`gcloud pubsub subscriptions describe <subscription> --project <project>` (ack deadline, retry and dead-letter policy).",
    ],
  },
  {
    ...COMMON_PRESETS.queueDepth,
    source: (r) => ({
      kind: "threshold",
      filter: sub(r, "pubsub.googleapis.com/subscription/num_undelivered_messages"),
      aggregation: every(60, "ALIGN_MAX"),
    }),
    missingData: "noOp",
    diagnosis: [
      "Publish rate of the topic (`topic/send_message_operation_count`) vs the subscription's ack rate (`subscription/ack_message_count`).",
    ],
  },
  {
    ...COMMON_PRESETS.queueDeadLetters,
    source: (r) => ({
      kind: "threshold",
      filter: sub(r, "pubsub.googleapis.com/subscription/dead_letter_message_count"),
      aggregation: every(60, "ALIGN_DELTA", { crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.subscription_id"] }),
    }),
    appliesTo: (r) => r.deadLetters,
    missingData: "inactive",
    diagnosis: [
      "The dead-letter topic's subscriptions: `gcloud pubsub topics list-subscriptions $(gcloud pubsub subscriptions describe <subscription> --project <project> --format 'value(deadLetterPolicy.deadLetterTopic)')`.",
      "Pull a few dead letters from one of them: `gcloud pubsub subscriptions pull <dlq-subscription> --project <project> --limit 5`.",
    ],
  },
];

/** Log-based metrics the stack creates for each `watch.logs` entry: which entries count and what they publish. */
export const GCP_LOG_METRICS = {
  errorLines: { id: "error-lines", kind: "counter" },
  serverErrors: { id: "5xx", kind: "counter" },
  duration: { id: "duration-ms", kind: "distribution" },
} as const;

/**
 * A policy source on one of the entry's log-based metrics: Cloud Monitoring requires `resource.type` in the filter
 * (the metric's series carry the entries' monitored resource), and the policy must wait for the metric to exist.
 */
const logMetric = (r: GcpLogResource, id: string, aggregation: GcpAggregation): GcpSource => ({
  kind: "threshold",
  filter: `resource.type = ${quote(r.resourceType)} AND metric.type = ${quote(`logging.googleapis.com/user/${r.metricName(id)}`)}`,
  aggregation,
  logMetric: r.metricName(id),
});
const logCount = every(60, "ALIGN_DELTA", { crossSeriesReducer: "REDUCE_SUM" });

/** Alert policies on the log-based metrics. */
export const GCP_LOG_PRESETS: readonly GcpPreset<GcpLogResource>[] = [
  {
    ...COMMON_PRESETS.logErrors,
    source: (r) => logMetric(r, GCP_LOG_METRICS.errorLines.id, logCount),
    // A log-based metric publishes nothing while no entry matches.
    missingData: "inactive",
    diagnosis: [
      "Logs Explorer: the entry's filter AND `jsonPayload.level=\"error\"`; group by `jsonPayload.message` with 'Log Analytics'.",
    ],
  },
  {
    ...COMMON_PRESETS.logServerErrors,
    source: (r) => logMetric(r, GCP_LOG_METRICS.serverErrors.id, logCount),
    missingData: "inactive",
    diagnosis: ["Logs Explorer: the entry's filter AND `jsonPayload.status>=500`, summarized by `jsonPayload.path`."],
  },
  {
    ...COMMON_PRESETS.logLatency,
    source: (r) => logMetric(r, GCP_LOG_METRICS.duration.id, every(60, "ALIGN_DELTA", { crossSeriesReducer: "REDUCE_PERCENTILE_99" })),
    missingData: "noOp",
    diagnosis: ["Slowest entries: the entry's filter AND `jsonPayload.duration_ms>1000`, sorted by duration."],
  },
];
