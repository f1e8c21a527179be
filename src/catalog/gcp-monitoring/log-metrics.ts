import { gcpLogMetricName } from "../../model/naming";
import type { JsonFields } from "../../spec/clouds/shared";
import { GCP_LOG_METRICS } from "./presets";
import { quote } from "./types";

/** A log-based metric (`logging.googleapis.com/user/<name>`). */
export interface GcpLogMetricDefinition {
  readonly name: string;
  readonly description: string;
  readonly filter: string;
  readonly kind: "counter" | "distribution";
  /** `EXTRACT(jsonPayload.<field>)` for distributions. */
  readonly valueExtractor?: string;
}

const json = (field: string) => `jsonPayload.${field}`;

/** The log-based metrics of the watched log entries: error lines, 5xx entries and request durations per entry. */
export function gcpLogMetrics(
  env: string,
  entries: ReadonlyArray<{ name: string; filter: string; resourceType: string; fields: JsonFields }>,
): GcpLogMetricDefinition[] {
  return entries.flatMap((e) => {
    // Only entries of the one resource type the policies name: a metric's series carry their entries' resource.
    const base = `resource.type = ${quote(e.resourceType)} AND (${e.filter})`;
    return [
      {
        name: gcpLogMetricName(env, e.name, GCP_LOG_METRICS.errorLines.id),
        description: `Error entries of ${e.name} (${env})`,
        filter: `${base} AND (${json(e.fields.level)}="error" OR ${json(e.fields.level)}="ERROR" OR severity>=ERROR)`,
        kind: "counter" as const,
      },
      {
        name: gcpLogMetricName(env, e.name, GCP_LOG_METRICS.serverErrors.id),
        description: `Entries of ${e.name} with a 5xx status (${env})`,
        filter: `${base} AND ${json(e.fields.status)}>=500`,
        kind: "counter" as const,
      },
      {
        name: gcpLogMetricName(env, e.name, GCP_LOG_METRICS.duration.id),
        description: `Request duration in ms of ${e.name} (${env})`,
        filter: `${base} AND ${json(e.fields.durationMs)}>=0`,
        kind: "distribution" as const,
        valueExtractor: `EXTRACT(${json(e.fields.durationMs)})`,
      },
    ];
  });
}
