import { slowTraceThresholdMs } from "../slow-traces";
import { baseDashboard, serviceVariable } from "./common";
import { nodeGraphPanel, promQuery, RawQueryBuilder, row, tablePanel, timeSeriesPanel } from "./panels";
import type { DashboardDefinition } from "./types";

/** Traces: recent, failed and slow traces of a service, and the service graph, from Jaeger. */
export const tracesDashboard: DashboardDefinition = {
  slug: "traces",
  title: "Traces",
  description:
    "Jaeger: recent traces, traces with errors and slow traces of one service (its OpenTelemetry service.name), the dependency graph between services, and the health of the trace pipeline (collector gateway and Jaeger).",
  needs: ["jaeger"],
  appliesTo: (spec) => spec.services.length > 0,
  build(context) {
    const search = (model: Record<string, unknown>) =>
      new RawQueryBuilder("jaeger", { queryType: "search", service: "$service", limit: 20, ...model });
    const slow = slowTraceThresholdMs(context.spec);
    return baseDashboard(context, tracesDashboard, ["jaeger", "prometheus"])
      .withVariable(serviceVariable(context.spec.services, true))
      .withPanel(
        tablePanel("Recent traces", [search({})], {
          kind: "jaeger",
          width: 24,
          description: "Click a trace id to open it; from a span, 'Logs for this span' opens its lines in Loki.",
        }),
      )
      .withPanel(tablePanel("Traces with errors", [search({ tags: "error=true" })], { kind: "jaeger", width: 12 }))
      .withPanel(
        tablePanel(`Slow traces (over ${slow} ms)`, [search({ minDuration: `${slow}ms` })], {
          kind: "jaeger",
          width: 12,
          description:
            "Slower than the environment's slow-trace threshold (tracing.sampling.slowerThanMs, else the tightest p99 objective of its services): with tail sampling the collector keeps every such trace.",
        }),
      )
      .withPanel(
        nodeGraphPanel("Service dependencies", new RawQueryBuilder("jaeger", { queryType: "dependencyGraph" }), {
          description: "Calls between services seen in the stored traces.",
        }),
      )
      .withRow(row("Trace pipeline"))
      .withPanel(
        timeSeriesPanel(
          "Spans through the pipeline",
          [
            promQuery("sum by (job) (rate(otelcol_receiver_accepted_spans_total[$__rate_interval]))", "accepted by {{job}}"),
            promQuery("sum by (job) (rate(otelcol_exporter_sent_spans_total[$__rate_interval]))", "delivered by {{job}}"),
          ],
          {
            unit: "short",
            description:
              "Spans per second accepted and handed on by the collector gateway (otel-collector, to Jaeger) and by Jaeger (to its storage). Sampling makes the gateway deliver fewer than it accepts.",
          },
        ),
      )
      .withPanel(
        timeSeriesPanel(
          "Spans lost",
          [
            promQuery("sum by (job) (rate(otelcol_receiver_refused_spans_total[$__rate_interval]))", "refused by {{job}}"),
            promQuery("sum by (job) (rate(otelcol_exporter_send_failed_spans_total[$__rate_interval]))", "failed to export by {{job}}"),
          ],
          {
            unit: "short",
            description:
              "Spans per second refused (back pressure) or not delivered (to Jaeger, or to its storage). TracesRefused and TracesExportFailing alert on these.",
          },
        ),
      );
  },
};
