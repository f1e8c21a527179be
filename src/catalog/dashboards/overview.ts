import type { Duration } from "../../spec/duration";
import type { ServiceSpec } from "../../spec/services";
import { WATCHDOG_ALERT } from "../prometheus/monitoring";
import { baseDashboard, deployAnnotation, namespaceVariable } from "./common";
import { monitoringHealthPanels } from "./monitoring-health";
import {
  barGaugePanel,
  dashboardLink,
  lokiQuery,
  promInstant,
  promQuery,
  promTable,
  row,
  statPanel,
  tablePanel,
  timeSeriesPanel,
} from "./panels";
import { serviceTiers } from "./performance";
import type { DashboardDefinition } from "./types";

/** Log levels the log agent sets that count as errors (Alloy lower-cases the level of JSON lines). */
export const ERROR_LOG_LEVELS = "error|fatal|critical";

/**
 * Firing alerts that ask for attention: the always-firing Watchdog heartbeat and info-level notices (anomaly detection
 * warming up) are left out, so a healthy system shows none. Alertmanager still lists them.
 */
const ACTIONABLE_ALERTS = `ALERTS{alertstate="firing", alertname!="${WATCHDOG_ALERT}", severity!="info"}`;

/**
 * The stretch of data an SLO's compliance really covers: its window, cut to how long Prometheus keeps samples (dev
 * keeps 3 days, so a 30-day objective is judged on 3 days there).
 */
function effectiveSloWindow(service: ServiceSpec, retention: Duration): Duration | undefined {
  const window = service.slo?.window;
  if (!window) return undefined;
  return retention.toSeconds() < window.toSeconds() ? retention : window;
}

/**
 * Availability per service over its effective window, each bar coloured against that service's own objective (red
 * below it, green at or above it); the title names the window when the services share one.
 */
function sloCompliancePanel(services: readonly ServiceSpec[], retention: Duration) {
  const withSlo = services.flatMap((s) =>
    s.slo ? [{ service: s, objective: s.slo.availabilityPercent, window: effectiveSloWindow(s, retention) as Duration }] : [],
  );
  const windows = [...new Set(withSlo.map((w) => w.window.toPrometheus()))];
  const over = windows.length === 1 ? windows[0] : "each service's window";
  const lowest = Math.min(...withSlo.map((w) => w.objective));
  const panel = barGaugePanel(
    `SLO compliance (availability over ${over})`,
    [promInstant("100 * (1 - (1 - job:slo_error_budget_remaining:ratio) * (1 - job:slo_availability_objective:ratio))", "{{job}}")],
    {
      unit: "percent",
      // Room below the lowest objective, so a breach shows as a short red bar rather than none.
      min: Math.max(0, Math.floor(100 - 10 * (100 - lowest))),
      max: 100,
      steps: [[null, "red"]],
      description: `Share of successful requests over each service's SLO window, cut to the ${retention.toPrometheus()} Prometheus keeps: ${withSlo
        .map((w) => `${w.service.name} ${w.objective}% over ${w.window.toPrometheus()}`)
        .join(", ")}. Red below the service's objective, green at or above it.`,
    },
  );
  for (const { service, objective } of withSlo) {
    panel.overrideByName(service.name, [
      {
        id: "thresholds",
        value: {
          mode: "absolute",
          steps: [
            { value: null, color: "red" },
            { value: objective, color: "green" },
          ],
        },
      },
    ]);
  }
  return panel;
}

/** Overview / system health: is anything down, what is firing, are the objectives met. */
export const overviewDashboard: DashboardDefinition = {
  slug: "overview",
  title: "Overview",
  description:
    "System health at a glance: scrape targets up, alerts firing by severity, SLO compliance and error budget left per service, error log rate, recent deploys, and whether the monitoring itself loses signals (rule failures, notification failures, lost log lines and spans, remote write).",
  needs: ["loki"],
  build(context) {
    const perf = context.uid("performance");
    const hasServices = context.spec.services.length > 0;
    const hasSlo = context.spec.services.some((s) => s.slo);
    const builder = baseDashboard(context, overviewDashboard, ["prometheus", "loki"])
      .withVariable(namespaceVariable())
      .annotation(deployAnnotation())
      .withRow(row("Health"))
      .withPanel(
        statPanel("Targets up", [promInstant("sum(up)")], {
          description: "Scrape targets answering Prometheus (every exporter, component and service pod).",
          width: 4,
        }),
      )
      .withPanel(
        statPanel("Targets down", [promInstant("count(up == 0) or vector(0)")], {
          description: "Targets whose last scrape failed. See Prometheus' Targets page for the error.",
          steps: [
            [null, "green"],
            [1, "red"],
          ],
          width: 4,
        }),
      )
      .withPanel(
        statPanel("Critical alerts firing", [promInstant('count(ALERTS{alertstate="firing", severity="critical"}) or vector(0)')], {
          steps: [
            [null, "green"],
            [1, "red"],
          ],
          width: 4,
        }),
      )
      .withPanel(
        statPanel("Warning alerts firing", [promInstant('count(ALERTS{alertstate="firing", severity="warning"}) or vector(0)')], {
          steps: [
            [null, "green"],
            [1, "orange"],
          ],
          width: 4,
        }),
      )
      .withPanel(
        statPanel("Error log lines / s", [lokiQuery(`sum(rate({namespace=~"$namespace", level=~"${ERROR_LOG_LEVELS}"} [$__auto]))`)], {
          kind: "loki",
          unit: "short",
          description: "Error-level log lines of every pod, from Loki.",
          width: 8,
        }),
      )
      .withPanel(
        timeSeriesPanel("Alerts firing by severity", [promQuery(`sum by (severity) (${ACTIONABLE_ALERTS})`, "{{severity}}")], {
          stacked: true,
          description:
            "Alerts Prometheus evaluates as firing (Alertmanager routes them to the channels), less the Watchdog heartbeat and info-level notices. Alerts of the Loki ruler (log-based) reach Alertmanager only: Prometheus' ALERTS series holds its own alerts, so they are not counted here.",
        }),
      )
      .withPanel(
        tablePanel("Firing alerts", [promTable(`sum by (alertname, severity, namespace, service) (${ACTIONABLE_ALERTS})`)], {
          description:
            "Each alert's runbook is linked from its notification (runbook_url). The Watchdog heartbeat and info-level notices are left out; log-based alerts of the Loki ruler are in Alertmanager only.",
        }),
      );
    if (hasSlo) {
      builder
        .withRow(row("Service level objectives"))
        .withPanel(
          sloCompliancePanel(context.spec.services, context.spec.retention.metrics).links([dashboardLink("Application performance", perf)]),
        )
        .withPanel(
          barGaugePanel("Error budget left", [promInstant("job:slo_error_budget_remaining:ratio", "{{job}}")], {
            unit: "percentunit",
            min: 0,
            max: 1,
            steps: [
              [null, "red"],
              [0.25, "orange"],
              [0.5, "green"],
            ],
            description: "1 = untouched, 0 = spent: freeze risky releases when it is low.",
          }),
        );
    }
    if (hasServices) {
      builder
        .withRow(row("Services"))
        .withPanel(
          timeSeriesPanel(
            "Error ratio per service",
            [promQuery('job:http_request_error_ratio:rate5m{namespace=~"$namespace"}', "{{job}}")],
            {
              unit: "percentunit",
              seriesTiers: serviceTiers(context.spec, "errorRatio"),
              description: "Dashed lines: each service's ServiceHighErrorRatio tiers (warning orange, critical red).",
            },
          ).links([dashboardLink("Application performance", perf)]),
        )
        .withPanel(
          timeSeriesPanel(
            "Error log lines per service",
            [promQuery('sum by (app) (app:log_errors:rate5m{namespace=~"$namespace"})', "{{app}}")],
            {
              description: "From the Loki ruler's recording rule app:log_errors:rate5m, written to Prometheus.",
            },
          ),
        );
    }
    builder.withRow(row("Can I trust the monitoring?"));
    for (const panel of monitoringHealthPanels(context.spec)) builder.withPanel(panel);
    return builder;
  },
};
