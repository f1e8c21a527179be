import { Duration } from "../../spec/duration";
import { serviceLabels } from "../prometheus/applications";
import type { CatalogContext, RuleGroupDefinition } from "../prometheus/types";
import { serviceErrorLogs, serviceLogSelector } from "./streams";

/**
 * Loki ruler rules per service: log-based metrics as recording rules (sent to Prometheus by remote write) and an
 * error-log spike alert. Streams are selected by the `namespace` and `app` labels the log agent sets.
 */
export function logRules(context: CatalogContext): RuleGroupDefinition[] {
  const r5m = context.range(Duration.minutes(5));
  const hour = context.offset(Duration.hours(1));
  return context.spec.services.map((service) => {
    const stream = serviceLogSelector(service);
    const errorLines = serviceErrorLogs(service);
    const errors = `sum by (namespace, app) (count_over_time(${errorLines} [${r5m}]))`;
    return {
      name: `logs-${service.name}`,
      engine: "loki",
      rules: [
        { kind: "record", record: "app:log_lines:rate5m", expr: `sum by (namespace, app) (rate(${stream}[${r5m}]))` },
        {
          kind: "record",
          record: "app:log_errors:rate5m",
          expr: `sum by (namespace, app) (rate(${errorLines} [${r5m}]))`,
        },
        {
          kind: "alert",
          alert: "ServiceErrorLogSpike",
          // At least 10 errors in 5 minutes and three times as many as in the same 5 minutes one hour earlier.
          expr: `(${errors} > 10) and (${errors} > 3 * sum by (namespace, app) (count_over_time(${errorLines} [${r5m}] offset ${hour})))`,
          for: context.scaled(Duration.minutes(5)),
          severity: "warning",
          labels: serviceLabels(service),
          summary: "Service logs many more errors than usual",
          description: `${service.name} in {{ $labels.namespace }} logged {{ $value }} errors in 5 minutes, over three times as many as an hour earlier.`,
          runbook: {
            meaning: "Error-level log lines of the service jumped compared with an hour earlier.",
            impact: "Something started failing; it may not show in HTTP status codes yet (background jobs, retries, partial failures).",
            diagnosis: [
              `Top messages: \`topk(10, sum by (msg) (count_over_time(${errorLines} [15m])))\`.`,
              "Open one error's trace: the `trace_id` field links to Jaeger from Grafana's Logs dashboard.",
            ],
            mitigation: ["Roll back if it started with a release; otherwise follow the failing dependency's runbook."],
          },
        },
      ],
    };
  });
}
