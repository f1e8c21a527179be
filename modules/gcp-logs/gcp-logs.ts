import type { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import type { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { Construct } from "constructs";
import type { GcpLogMetricDefinition } from "../../src/catalog/gcp-monitoring/log-metrics";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const loggingMetricModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () => require("@cdktf/provider-google/lib/logging-metric") as typeof import("@cdktf/provider-google/lib/logging-metric"),
  );
const loggingProjectBucketConfigModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/logging-project-bucket-config") as typeof import("@cdktf/provider-google/lib/logging-project-bucket-config"),
  );

export interface GcpLogsProps {
  readonly project: string;
  /** Retention of the project's `_Default` log bucket, 1 to 3650 days. */
  readonly retentionDays: number;
  /** @default [] */
  readonly metrics?: readonly GcpLogMetricDefinition[];
}

/**
 * Log retention (the project's `_Default` bucket, where every log without its own sink lands) and log-based metrics:
 * counters of matching entries, or distributions of a numeric JSON field (exponential buckets from 1 to ~10^5).
 */
export class GcpLogs extends Construct {
  readonly bucket: LoggingProjectBucketConfig;
  readonly metrics: readonly LoggingMetric[];
  /** The same metrics by name (`GcpAlerting`'s `logMetrics`). */
  readonly metricsByName: Readonly<Record<string, LoggingMetric>>;

  constructor(scope: Construct, id: string, props: GcpLogsProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1 || props.retentionDays > 3650) {
      throw new Error(`'retentionDays' must be a whole number from 1 to 3650, received ${props.retentionDays}`);
    }
    this.bucket = new (loggingProjectBucketConfigModule().LoggingProjectBucketConfig)(this, "default-bucket", {
      project: props.project,
      location: "global",
      bucketId: "_Default",
      retentionDays: props.retentionDays,
    });
    this.metrics = (props.metrics ?? []).map(
      (m) =>
        new (loggingMetricModule().LoggingMetric)(this, `metric-${m.name}`, {
          project: props.project,
          name: m.name,
          description: m.description,
          filter: m.filter,
          metricDescriptor:
            m.kind === "counter"
              ? { metricKind: "DELTA", valueType: "INT64", unit: "1" }
              : { metricKind: "DELTA", valueType: "DISTRIBUTION", unit: "ms" },
          valueExtractor: m.valueExtractor,
          bucketOptions:
            m.kind === "distribution" ? { exponentialBuckets: { numFiniteBuckets: 64, growthFactor: 1.2, scale: 1 } } : undefined,
        }),
    );
    this.metricsByName = Object.fromEntries(this.metrics.map((m, i) => [(props.metrics ?? [])[i].name, m]));
  }
}
