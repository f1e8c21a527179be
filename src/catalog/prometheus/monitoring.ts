import { Duration } from "../../spec/duration";
import { JAEGER_SCRAPE_JOB } from "../scrape-jobs";
import type { CatalogContext, RuleGroupDefinition } from "./types";

/** Name of the always-firing alert that proves the whole pipeline works (dead man's switch). */
export const WATCHDOG_ALERT = "Watchdog";

/** The generic alert for a job's failing scrape targets; any critical alert of the same job silences it. */
export const TARGETS_DOWN_ALERT = "PrometheusTargetsDown";

/** node_exporter's scrape job, as kube-prometheus-stack names it (`<release>-prometheus-node-exporter`). */
export const NODE_EXPORTER_JOB = ".*node-exporter";

/** The replicated components the catalog watches with their own down alert, and their scrape jobs (regular expressions). */
const COMPONENTS = [
  { alert: "PrometheusDown", component: "Prometheus", job: ".*-prometheus" },
  { alert: "AlertmanagerDown", component: "Alertmanager", job: ".*alertmanager.*" },
  { alert: "LokiDown", component: "Loki", job: ".*loki.*" },
  { alert: "OpenTelemetryCollectorDown", component: "OpenTelemetry Collector", job: ".*(otel|opentelemetry).*collector.*" },
  { alert: "JaegerDown", component: "Jaeger", job: JAEGER_SCRAPE_JOB },
] as const;

/** Jobs whose targets have their own down alert (component replicas, node_exporter): PrometheusTargetsDown skips them. */
const WATCHED_JOBS = [...COMPONENTS.map((c) => c.job), NODE_EXPORTER_JOB].join("|");

/** Nodes that are not Ready, and the pods on them (kube-state-metrics): a lost node's targets, not failing ones. */
const LOST_NODES = '(kube_node_status_condition{condition="Ready", status="true"} == 0)';
const PODS_ON_LOST_NODES = `(kube_pod_info * on (node) group_left () ${LOST_NODES})`;

/**
 * A per-target expression with the `node` label of the target's pod added (kube-state-metrics' kube_pod_info), so
 * that Alertmanager can silence it under the lost node's KubeNodeNotReady. Targets that are not pods pass unchanged.
 */
export function withNode(expr: string): string {
  return `((${expr}) * on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info)) or ((${expr}) unless on (namespace, pod) kube_pod_info)`;
}

/** Alerts about the monitoring stack itself: a silent pipeline must never look like a healthy system. */
export function monitoringRules(context: CatalogContext): RuleGroupDefinition[] {
  const r5m = context.range(Duration.minutes(5));
  const down = context.scaled(Duration.minutes(5));
  // Replicated components: one replica down is a warning that names its node (so a lost node's KubeNodeNotReady
  // silences it); a majority down is the page. A single-replica component pages at once.
  const ns = context.spec.kubernetes?.namespace ?? "monitoring";
  const componentDown = (alert: string, component: string, job: string) => {
    const runbook = {
      meaning: `Prometheus cannot scrape ${component}.`,
      impact: `One replica down: less redundancy, nothing lost yet. A majority down: ${component} is degraded or down and the signals it handles are lost or delayed.`,
      diagnosis: [
        `\`kubectl get pods -n ${ns} -o wide\` and the logs of the ${component} pods; a lost node shows as KubeNodeNotReady.`,
        `Recent Helm release changes: \`helm list -n ${ns}\` (revision and time of each release), then \`helm history -n ${ns}\` with the release of ${component}.`,
      ],
      mitigation: ["Restart the pod; roll back the release; check its persistent volume is not full."],
    };
    return [
      {
        kind: "alert" as const,
        alert,
        expr: withNode(`up{job=~"${job}"} == 0`),
        for: down,
        severity: "warning" as const,
        summary: `One ${component} replica is down`,
        description: `${component} target {{ $labels.instance }} (job {{ $labels.job }}, node {{ $labels.node }}) has been unreachable for 5 minutes (up = {{ $value }}).`,
        runbook,
      },
      {
        kind: "alert" as const,
        alert,
        // Fewer than half up: a majority (the quorum of 3 Loki or Alertmanager replicas, both of 2) is gone.
        expr: `avg by (namespace, job) (up{job=~"${job}"}) < 0.5`,
        for: down,
        severity: "critical" as const,
        summary: `${component} is down or degraded`,
        description: `Only {{ humanizePercentage $value }} of the ${component} replicas of job {{ $labels.job }} have answered scrapes for 5 minutes.`,
        runbook,
      },
    ];
  };
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
        ...COMPONENTS.flatMap((c) => componentDown(c.alert, c.component, c.job)),
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
        ...(["warning", "critical"] as const).map((severity) => {
          const ratio = `100 * rate(prometheus_notifications_errors_total[${r5m}]) / rate(prometheus_notifications_sent_total[${r5m}])`;
          return {
            kind: "alert" as const,
            alert: "PrometheusNotificationsFailing",
            // Warning: some Alertmanagers fail (the others still deliver); critical: every one of them fails.
            expr: severity === "warning" ? `${ratio} > 1` : `min without (alertmanager) (${ratio}) > 1`,
            for: context.scaled(Duration.minutes(15)),
            severity,
            summary:
              severity === "warning"
                ? "Prometheus fails to send alerts to some Alertmanagers"
                : "Prometheus fails to send alerts to every Alertmanager",
            description:
              severity === "warning"
                ? '{{ printf "%.1f" $value }}% of alert notifications from {{ $labels.instance }} to {{ $labels.alertmanager }} fail.'
                : '{{ printf "%.1f" $value }}% or more of alert notifications from {{ $labels.instance }} fail, to every Alertmanager.',
            runbook: {
              meaning: "Prometheus cannot deliver alerts to some (warning) or all (critical) Alertmanager instances.",
              impact: "Critical: alerts may never be routed to anyone. Warning: less redundancy.",
              diagnosis: ["Prometheus logs (`notifier` errors); Alertmanager pods and Service endpoints."],
              mitigation: ["Restore Alertmanager; fix network policies between Prometheus and Alertmanager."],
            },
          };
        }),
        ...(["warning", "critical"] as const).map((severity) => {
          const failures = `sum by (namespace, job, instance, integration) (rate(alertmanager_notifications_failed_total[${r5m}]))`;
          return {
            kind: "alert" as const,
            alert: "AlertmanagerNotificationsFailing",
            // Replicas deduplicate: while one delivers the others stay quiet, so a failure on every replica means the
            // integration itself rejects (critical); on one replica it is that replica's path (warning).
            expr: severity === "warning" ? `${failures} > 0` : `min by (namespace, job, integration) (${failures}) > 0`,
            for: context.scaled(Duration.minutes(5)),
            severity,
            summary:
              severity === "warning"
                ? "An Alertmanager replica fails to deliver notifications"
                : "Alertmanager fails to deliver notifications",
            description:
              severity === "warning"
                ? 'Alertmanager {{ $labels.instance }} fails to send {{ $labels.integration }} notifications ({{ printf "%.2f" $value }} failures/s).'
                : 'Every Alertmanager replica of {{ $labels.job }} fails to send {{ $labels.integration }} notifications ({{ printf "%.2f" $value }} failures/s or more each).',
            runbook: {
              meaning: "Deliveries to a receiver integration (email, Slack, PagerDuty, webhook, SNS) fail.",
              impact: "People are not notified through that channel.",
              diagnosis: [
                "Alertmanager logs name the receiver and the HTTP/SMTP error.",
                "Check that the mounted secret (URL, routing key, SMTP password) is current.",
              ],
              mitigation: ["Rotate the expired credential Secret; fix the SMTP relay or network egress."],
            },
          };
        }),
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
          alert: TARGETS_DOWN_ALERT,
          // Targets on a node that is not Ready are KubeNodeNotReady's, and the jobs with their own down alert are
          // theirs: counting them here too would raise two alerts for one cause.
          expr: `100 * (count by (job, namespace) ((up{job!~"${WATCHED_JOBS}"} == 0) unless on (namespace, pod) ${PODS_ON_LOST_NODES} unless on (node) ${LOST_NODES}) / count by (job, namespace) (up{job!~"${WATCHED_JOBS}"})) > 10`,
          for: context.scaled(Duration.minutes(10)),
          severity: "warning",
          summary: "Some scrape targets are down",
          description: '{{ printf "%.0f" $value }}% of the targets of job {{ $labels.job }} in {{ $labels.namespace }} are down.',
          runbook: {
            meaning:
              "More than 10 % of a job's targets fail their scrapes. Not counted: the jobs with their own down alert (Prometheus, Alertmanager, Loki, the OpenTelemetry Collector, Jaeger, node_exporter) and targets on a node that is not Ready; a critical alert of the same job (ServiceTargetDown) silences it.",
            impact: "Metrics of those targets are missing; their alerts are blind.",
            diagnosis: ["Prometheus' Targets page shows the scrape error of each target."],
            mitigation: ["Fix the failing pods or the network path; remove stale monitors."],
          },
        },
      ],
    },
  ];
}
