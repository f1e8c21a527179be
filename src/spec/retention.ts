import { z } from "zod";
import { Duration } from "./duration";
import { durationWithin } from "./primitives";
import { prometheusSizeSchema } from "./quantity";

export const retentionSchema = z.strictObject({
  /** How long Prometheus keeps samples. @default "15d" */
  metrics: durationWithin("2h", "3650d", "Prometheus compacts in 2-hour blocks; ten years is the longest retention kept here").prefault(
    Duration.days(15).toPrometheus(),
  ),
  /** Size cap on Prometheus storage, e.g. "45GB"; the oldest blocks go first. @default - no size cap */
  metricsSize: prometheusSizeSchema.optional(),
  /** How long logs are kept (Loki compactor, CloudWatch log groups rounded up to an allowed value). @default "30d" */
  logs: durationWithin("1d", "3650d", "Loki's compactor retains at least 24h; Cloud Logging keeps at most 3650 days").prefault(
    Duration.days(30).toPrometheus(),
  ),
  /**
   * Log streams kept for a different time than `logs` (Loki `retention_stream`), most specific first: the first
   * matching selector wins. @default [] - every stream keeps `logs`
   */
  logStreams: z
    .array(
      z.strictObject({
        /** LogQL stream selector, e.g. '{namespace="debug"}' or '{app="audit", level="info"}'. */
        selector: z
          .string()
          .regex(
            /^\{\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*"(\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*")*\s*\}$/,
            'expected a stream selector such as {namespace="debug"}',
          ),
        period: durationWithin("1d", "3650d", "Loki's stream retention is at least 24h"),
      }),
    )
    .default([]),
  /** How long traces are kept. @default "7d" */
  traces: durationWithin("1h", "3650d", "Jaeger's span TTL and index rollover").prefault(Duration.days(7).toPrometheus()),
});

export type RetentionSpec = z.output<typeof retentionSchema>;
