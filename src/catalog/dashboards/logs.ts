import { baseDashboard, namespaceVariable, serviceVariable } from "./common";
import { ERROR_LOG_LEVELS } from "./overview";
import { logsPanel, lokiQuery, row, timeSeriesPanel } from "./panels";
import type { DashboardDefinition } from "./types";

/**
 * Streams of the selected namespaces and services: the log agent sets `namespace`, `app` (the pod's
 * app.kubernetes.io/name, i.e. the service) and `level` (from JSON lines) as labels.
 */
const streams = '{namespace=~"$namespace", app=~"$service"}';
const errorStreams = `{namespace=~"$namespace", app=~"$service", level=~"${ERROR_LOG_LEVELS}"}`;

/** Logs: volume by level and service, the latest errors, and from a line to its trace. */
export const logsDashboard: DashboardDefinition = {
  slug: "logs",
  title: "Logs",
  description:
    "Loki: log volume by level and by service, error lines per service, the latest error lines; a line's trace_id opens its trace in Jaeger (the Loki data source's derived fields).",
  needs: ["loki"],
  build(context) {
    // Without services in the spec, every app of the selected namespaces.
    const service = context.spec.services.length > 0 ? serviceVariable(context.spec.services) : undefined;
    const selector = service ? streams : '{namespace=~"$namespace"}';
    const errors = service ? errorStreams : `{namespace=~"$namespace", level=~"${ERROR_LOG_LEVELS}"}`;
    const builder = baseDashboard(context, logsDashboard, ["prometheus", "loki"]).withVariable(namespaceVariable());
    if (service) builder.withVariable(service);
    return builder
      .withRow(row("Volume"))
      .withPanel(
        timeSeriesPanel("Log lines by level", [lokiQuery(`sum by (level) (count_over_time(${selector} [$__auto]))`, "{{level}}")], {
          kind: "loki",
          stacked: true,
          width: 12,
          description: "Lines without a level are plain-text lines (no JSON level field).",
        }),
      )
      .withPanel(
        timeSeriesPanel("Log lines by service", [lokiQuery(`sum by (app) (count_over_time(${selector} [$__auto]))`, "{{app}}")], {
          kind: "loki",
          stacked: true,
          width: 12,
        }),
      )
      .withPanel(
        timeSeriesPanel(
          "Error lines by service",
          [lokiQuery(`sum by (namespace, app) (count_over_time(${errors} [$__auto]))`, "{{namespace}}/{{app}}")],
          {
            kind: "loki",
            width: 24,
            height: 6,
          },
        ),
      )
      .withRow(row("Latest errors"))
      .withPanel(
        logsPanel("Latest error lines", errors, {
          description: "Expand a line: its trace_id links to the trace in Jaeger.",
        }),
      )
      .withRow(row("All lines"))
      .withPanel(logsPanel("Latest lines", selector, { height: 14 }));
  },
};
