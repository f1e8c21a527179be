import type { KpiSpec, ServiceSpec } from "../../spec/services";
import { baseDashboard } from "./common";
import { promInstant, promQuery, row, statPanel, timeSeriesPanel } from "./panels";
import type { DashboardDefinition } from "./types";

/** A KPI's kind with the spec's default applied: counters end in _total. */
function kpiKind(kpi: KpiSpec): "counter" | "gauge" {
  return kpi.kind ?? (kpi.metric.endsWith("_total") ? "counter" : "gauge");
}

/** Business KPIs: the metrics each service declares in `services[].kpis`, as a number and a trend. */
export const businessDashboard: DashboardDefinition = {
  slug: "business",
  title: "Business KPIs",
  description:
    "The business metrics each service declares (services[].kpis): counters as the total over the time range and a per-minute trend, gauges as they are.",
  appliesTo: (spec) => spec.services.some((s) => s.kpis.length > 0),
  build(context) {
    const builder = baseDashboard(context, businessDashboard, ["prometheus"]);
    for (const service of context.spec.services.filter((s) => s.kpis.length > 0)) {
      builder.withRow(row(service.name));
      for (const kpi of service.kpis) kpiPanels(builder, service, kpi);
    }
    return builder;
  },
};

function kpiPanels(builder: ReturnType<typeof baseDashboard>, service: ServiceSpec, kpi: KpiSpec): void {
  const title = kpi.title ?? kpi.metric;
  const series = `${kpi.metric}{namespace="${service.namespace}", job="${service.name}"}`;
  if (kpiKind(kpi) === "counter") {
    builder
      .withPanel(
        statPanel(title, [promInstant(`sum(increase(${series}[$__range]))`)], {
          unit: kpi.unit,
          width: 6,
          description: `Total over the selected time range (${kpi.metric}).`,
        }),
      )
      .withPanel(
        timeSeriesPanel(`${title} per minute`, [promQuery(`60 * sum(rate(${series}[$__rate_interval]))`, title)], {
          unit: kpi.unit,
          width: 18,
          height: 5,
        }),
      );
  } else {
    builder
      .withPanel(
        statPanel(title, [promInstant(`sum(${series})`)], { unit: kpi.unit, width: 6, description: `Current value (${kpi.metric}).` }),
      )
      .withPanel(timeSeriesPanel(`${title} over time`, [promQuery(`sum(${series})`, title)], { unit: kpi.unit, width: 18, height: 5 }));
  }
}
