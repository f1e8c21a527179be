import { z } from "zod";
import { Duration } from "./duration";
import { durationSchema } from "./primitives";

export const retentionSchema = z.strictObject({
  /** How long Prometheus keeps samples. @default "15d" */
  metrics: durationSchema.prefault(Duration.days(15).toPrometheus()),
  /** Size cap on Prometheus storage, e.g. "45GB"; the oldest blocks go first. @default - no size cap */
  metricsSize: z
    .string()
    .regex(/^\d+(B|KB|MB|GB|TB|PB)$/, 'expected a size such as "45GB" (units B, KB, MB, GB, TB, PB)')
    .optional(),
  /** How long logs are kept (Loki compactor, CloudWatch log groups rounded up to an allowed value). @default "30d" */
  logs: durationSchema.prefault(Duration.days(30).toPrometheus()),
  /** How long traces are kept. @default "7d" */
  traces: durationSchema.prefault(Duration.days(7).toPrometheus()),
});

export type RetentionSpec = z.output<typeof retentionSchema>;
