import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { EnvironmentSpec } from "../../spec/environment";
import { WATCHDOG_ALERT } from "../prometheus/monitoring";
import { promQuery, timeSeriesPanel } from "./panels";

/**
 * "Can I trust the monitoring?": every stage that can lose a signal silently, each counted by the component itself.
 * Rules that fail to evaluate, samples remote write drops or delays, notifications Prometheus or Alertmanager fail to
 * deliver, log lines Loki discards or the agent drops, spans the trace pipeline refuses or fails to export; and the
 * alerts that fire now, from every ruler Grafana knows (Prometheus and the Loki ruler), less the Watchdog heartbeat.
 */
export function monitoringHealthPanels(spec: EnvironmentSpec): cog.Builder<dashboard.Panel>[] {
  const rate = (metric: string, by?: string) =>
    by ? `sum by (${by}) (rate(${metric}[$__rate_interval]))` : `sum(rate(${metric}[$__rate_interval]))`;
  const panels: cog.Builder<dashboard.Panel>[] = [
    timeSeriesPanel(
      "Rule evaluation failures",
      [promQuery(`sum by (rule_group) (increase(prometheus_rule_evaluation_failures_total[$__rate_interval]))`, "{{rule_group}}")],
      {
        width: 8,
        description: "Rule groups whose evaluation failed (PrometheusRuleEvaluationFailures): their alerts cannot fire. Zero when healthy.",
      },
    ),
    timeSeriesPanel(
      "Notifications failing",
      [
        promQuery(rate("alertmanager_notifications_failed_total", "integration"), "Alertmanager to {{integration}}"),
        promQuery(rate("prometheus_notifications_errors_total"), "Prometheus to Alertmanager"),
      ],
      {
        width: 8,
        description:
          "Notifications per second that failed: from Alertmanager to each kind of receiver (AlertmanagerNotificationsFailing), and alerts Prometheus could not hand to Alertmanager (PrometheusNotificationsFailing). Zero when healthy.",
      },
    ),
    timeSeriesPanel(
      "Log lines lost",
      [
        promQuery(rate("loki_discarded_samples_total", "reason"), "discarded by Loki: {{reason}}"),
        promQuery(rate("loki_write_dropped_entries_total"), "dropped by the agent (Alloy)"),
      ],
      {
        width: 8,
        description:
          "Lines per second Loki refused (rate limits, too old, too long: the reason label) and lines the log agent gave up sending after its retries. Zero when healthy.",
      },
    ),
    timeSeriesPanel(
      "Spans lost in the trace pipeline",
      [
        promQuery(rate("otelcol_receiver_refused_spans_total", "job"), "refused by {{job}}"),
        promQuery(rate("otelcol_exporter_send_failed_spans_total", "job"), "failed to export by {{job}}"),
      ],
      {
        width: 8,
        description:
          "Spans per second the collector gateway or Jaeger refused (back pressure) or could not deliver (TracesRefused, TracesExportFailing).",
      },
    ),
  ];
  if (spec.kubernetes?.managedPrometheus) {
    panels.push(
      timeSeriesPanel(
        "Remote write",
        [
          promQuery(
            "max(prometheus_remote_storage_highest_timestamp_in_seconds) - on () group_right max by (remote_name) (prometheus_remote_storage_queue_highest_sent_timestamp_seconds)",
            "{{remote_name}} behind (s)",
          ),
          promQuery(rate("prometheus_remote_storage_samples_failed_total", "remote_name"), "{{remote_name}} failed samples / s"),
        ],
        {
          width: 8,
          description:
            "How many seconds the managed Prometheus workspace lags behind the newest sample, and samples per second it refused for good. Both near zero when healthy.",
        },
      ),
    );
  }
  panels.push(firingAlertList(panels.length % 3 === 2 ? 8 : 16));
  return panels;
}

/**
 * Grafana's alert list over every data source ruler (Prometheus' rules, the Loki ruler's log alerts), firing and
 * pending instances, the Watchdog heartbeat and info-level notices left out (Grafana's label matcher syntax).
 */
function firingAlertList(width: number): dashboard.PanelBuilder {
  return new dashboard.PanelBuilder()
    .type("alertlist")
    .title("Firing alerts (all rulers)")
    .description(
      "Alert instances firing or pending in Prometheus and the Loki ruler, without the always-firing Watchdog heartbeat and info notices. Alertmanager routes them; silences are in its UI.",
    )
    .span(width)
    .height(8)
    .options({
      viewMode: "list",
      groupMode: "default",
      groupBy: [],
      maxItems: 20,
      sortOrder: 3, // importance
      dashboardAlerts: false,
      alertName: "",
      showInstances: true,
      folder: undefined,
      datasource: "",
      stateFilter: { firing: true, pending: true, noData: false, normal: false, error: true, recovering: false },
      alertInstanceLabelFilter: `{alertname!="${WATCHDOG_ALERT}", severity!="info"}`,
    });
}
