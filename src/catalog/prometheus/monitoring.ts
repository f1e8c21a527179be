import { Duration } from "../../spec/duration";
import { JAEGER_SCRAPE_JOB } from "../scrape-jobs";
import type { CatalogContext, RuleGroupDefinition } from "./types";

/** Name of the always-firing alert that proves the whole pipeline works (dead man's switch). */
export const WATCHDOG_ALERT = "Watchdog";

/** Alerts about the monitoring stack itself: a silent pipeline must never look like a healthy system. */
export function monitoringRules(context: CatalogContext): RuleGroupDefinition[] {
  const r5m = context.range(Duration.minutes(5));
  const down = context.scaled(Duration.minutes(5));
  const componentDown = (alert: string, component: string, job: string) => ({
    kind: "alert" as const,
    alert,
    expr: `up{job=~"${job}"} == 0`,
    for: down,
    severity: "critical" as const,
    summary: `${component} is down`,
    description: `${component} target {{ $labels.instance }} (job {{ $labels.job }}) has been unreachable for 5 minutes (up = {{ $value }}).`,
    runbook: {
      meaning: `Prometheus cannot scrape ${component}.`,
      impact: `${component} is down or unreachable: the signals it handles are lost or delayed.`,
      diagnosis: [
        `\`kubectl get pods -n <monitoring namespace>\` and the logs of the ${component} pods.`,
        "Recent Helm release changes: `helm history -n <monitoring namespace> <release>`.",
      ],
      mitigation: ["Restart the pod; roll back the release; check its persistent volume is not full."],
    },
  });
  const pipelineLoss = (
    alert: string,
    stage: "receiver" | "exporter",
    lost: string,
    passed: string,
    text: { summary: string; meaning: string; diagnosis: string[]; mitigation: string[] },
  ) => {
    const rate = (metric: string) => `sum by (job, ${stage}) (rate(${metric}[${r5m}]))`;
    return {
      kind: "alert" as const,
      alert,
      expr: `100 * ${rate(lost)} / (${rate(lost)} + ${rate(passed)}) > 5`,
      for: context.scaled(Duration.minutes(15)),
      severity: "warning" as const,
      summary: text.summary,
      description: `{{ printf "%.1f" $value }}% of the spans at ${stage} {{ $labels.${stage} }} of {{ $labels.job }} are lost.`,
      runbook: {
        meaning: text.meaning,
        impact: "Traces are missing or incomplete: trace links from logs and exemplars lead nowhere for the lost spans.",
        diagnosis: text.diagnosis,
        mitigation: text.mitigation,
      },
    };
  };
  return [
    {
      name: "monitoring",
      engine: "prometheus",
      rules: [
        {
          kind: "alert",
          alert: WATCHDOG_ALERT,
          expr: "vector(1)",
          severity: "info",
          labels: { heartbeat: "true" },
          summary: "Alerting pipeline heartbeat",
          description:
            "Always firing. If the heartbeat receiver stops getting it, Prometheus, Alertmanager or the path between them is broken.",
          runbook: {
            meaning: "This alert fires all the time on purpose (a dead man's switch).",
            impact: "None while it fires. Its absence at the heartbeat service means alerts cannot reach anyone.",
            diagnosis: [
              "If the heartbeat service reports it missing: check the Prometheus and Alertmanager pods and the Alertmanager → heartbeat network path.",
            ],
            mitigation: ["Never silence it. Restore Prometheus/Alertmanager if the heartbeat stops."],
          },
        },
        componentDown("AlertmanagerDown", "Alertmanager", ".*alertmanager.*"),
        componentDown("LokiDown", "Loki", ".*loki.*"),
        componentDown("OpenTelemetryCollectorDown", "the OpenTelemetry Collector", ".*(otel|opentelemetry).*collector.*"),
        componentDown("JaegerDown", "Jaeger", JAEGER_SCRAPE_JOB),
        // The trace pipeline loses spans silently: the collector gateway and Jaeger (itself a collector) count what
        // they refuse and what they fail to hand on, per receiver and exporter.
        pipelineLoss("TracesRefused", "receiver", "otelcol_receiver_refused_spans_total", "otelcol_receiver_accepted_spans_total", {
          summary: "The trace pipeline refuses spans",
          meaning: "A receiver of the OpenTelemetry Collector gateway or of Jaeger refuses incoming spans (back pressure).",
          diagnosis: [
            "Memory limiter: `otelcol_processor_refused_spans_total` by processor; the pod's memory against its limit.",
            "Jaeger's storage: TracesExportFailing for job jaeger; Badger volume or search cluster health.",
          ],
          mitigation: ["Add collector replicas or memory (scale profile ha); lower the sampling rate of the noisiest services."],
        }),
        pipelineLoss("TracesExportFailing", "exporter", "otelcol_exporter_send_failed_spans_total", "otelcol_exporter_sent_spans_total", {
          summary: "The trace pipeline fails to deliver spans",
          meaning: "An exporter fails to send spans on: the gateway to Jaeger (job otel-collector) or Jaeger to its storage (job jaeger).",
          diagnosis: [
            "Collector or Jaeger logs (`Exporting failed`); JaegerDown; the storage backend (Badger volume full, search cluster red).",
          ],
          mitigation: ["Restore Jaeger or its storage; traces of the failing period are lost once the retry queue is full."],
        }),
        {
          kind: "alert",
          alert: "PrometheusNotificationsFailing",
          expr: `100 * rate(prometheus_notifications_errors_total[${r5m}]) / rate(prometheus_notifications_sent_total[${r5m}]) > 1`,
          for: context.scaled(Duration.minutes(15)),
          severity: "critical",
          summary: "Prometheus fails to send alerts to Alertmanager",
          description: '{{ printf "%.1f" $value }}% of alert notifications from {{ $labels.instance }} to {{ $labels.alertmanager }} fail.',
          runbook: {
            meaning: "Prometheus cannot deliver alerts to (some) Alertmanager instances.",
            impact: "Alerts may never be routed to anyone.",
            diagnosis: ["Prometheus logs (`notifier` errors); Alertmanager pods and Service endpoints."],
            mitigation: ["Restore Alertmanager; fix network policies between Prometheus and Alertmanager."],
          },
        },
        {
          kind: "alert",
          alert: "AlertmanagerNotificationsFailing",
          expr: `sum by (instance, integration) (rate(alertmanager_notifications_failed_total[${r5m}])) > 0`,
          for: context.scaled(Duration.minutes(5)),
          severity: "critical",
          summary: "Alertmanager fails to deliver notifications",
          description:
            'Alertmanager {{ $labels.instance }} fails to send {{ $labels.integration }} notifications ({{ printf "%.2f" $value }} failures/s).',
          runbook: {
            meaning: "Deliveries to a receiver integration (email, Slack, PagerDuty, webhook, SNS) fail.",
            impact: "People are not notified through that channel.",
            diagnosis: [
              "Alertmanager logs name the receiver and the HTTP/SMTP error.",
              "Check that the mounted secret (URL, routing key, SMTP password) is current.",
            ],
            mitigation: ["Rotate the expired credential Secret; fix the SMTP relay or network egress."],
          },
        },
        {
          kind: "alert",
          alert: "PrometheusRuleEvaluationFailures",
          expr: `increase(prometheus_rule_evaluation_failures_total[${r5m}]) > 0`,
          for: context.scaled(Duration.minutes(15)),
          severity: "critical",
          summary: "Prometheus fails to evaluate rules",
          description: "{{ $value }} rule evaluations failed on {{ $labels.instance }} (group {{ $labels.rule_group }}).",
          runbook: {
            meaning: "Some recording or alerting rules error at evaluation (often many-to-many matching after a label change).",
            impact: "Those alerts cannot fire.",
            diagnosis: ["Prometheus' Rules page shows the failing rule and its error."],
            mitigation: ["Fix the rule in the catalog or the labels that changed, and redeploy."],
          },
        },
        {
          kind: "alert",
          alert: "PrometheusTargetsDown",
          expr: "100 * (count by (job, namespace) (up == 0) / count by (job, namespace) (up)) > 10",
          for: context.scaled(Duration.minutes(10)),
          severity: "warning",
          summary: "Some scrape targets are down",
          description: '{{ printf "%.0f" $value }}% of the targets of job {{ $labels.job }} in {{ $labels.namespace }} are down.',
          runbook: {
            meaning: "More than 10 % of a job's targets fail their scrapes.",
            impact: "Metrics of those targets are missing; their alerts are blind.",
            diagnosis: ["Prometheus' Targets page shows the scrape error of each target."],
            mitigation: ["Fix the failing pods or the network path; remove stale monitors."],
          },
        },
      ],
    },
  ];
}
