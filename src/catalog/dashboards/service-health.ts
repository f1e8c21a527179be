import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { ServiceSpec } from "../../spec/services";
import { promInstant, promQuery, promTable, statPanel, tablePanel, timeSeriesPanel } from "./panels";

/** prom-client's default metric of event-loop lag, 99th percentile (lib/metrics/eventLoopLag.js, prom-client 15). */
export const NODEJS_EVENTLOOP_LAG_P99 = "nodejs_eventloop_lag_p99_seconds";

/** How many routes the top-routes tables list. */
const TOP_ROUTES = 5;

/**
 * What an SRE looks at for one service beyond RED: its pods' worst container against its memory limit, CPU throttling,
 * OOM kills and restarts, ready against desired replicas and the autoscaler's headroom, the runtime's saturation
 * (event-loop lag for Node.js), and the routes that fail or are slow. Pods are the Deployment's (named after the
 * service); the HPA is the one whose scale target is that Deployment.
 */
export function serviceHealthPanels(service: ServiceSpec): cog.Builder<dashboard.Panel>[] {
  const { red } = service.metrics;
  const ns = `namespace="${service.namespace}"`;
  const pods = `${ns}, pod=~"${service.name}-.*"`;
  const containers = `${pods}, container!="", container!="POD"`;
  const perContainer = "namespace, pod, container";
  const route = red.routeLabel;
  const sel = `${ns}, job="${service.name}"`;
  const panels: cog.Builder<dashboard.Panel>[] = [
    timeSeriesPanel(
      `${service.name}: worst container memory / limit`,
      [
        promQuery(
          `100 * max(max by (${perContainer}) (container_memory_working_set_bytes{${containers}}) / on (${perContainer}) max by (${perContainer}) (kube_pod_container_resource_limits{resource="memory", ${pods}}))`,
          "worst container",
        ),
      ],
      {
        unit: "percent",
        width: 6,
        description: "Working set of the container closest to its memory limit: at 100 % the kernel OOM-kills it. Empty without a limit.",
      },
    ),
    timeSeriesPanel(
      `${service.name}: CPU throttled`,
      [
        promQuery(
          `100 * max(sum by (${perContainer}) (rate(container_cpu_cfs_throttled_periods_total{${containers}}[$__rate_interval])) / sum by (${perContainer}) (rate(container_cpu_cfs_periods_total{${containers}}[$__rate_interval])))`,
          "worst container",
        ),
        promQuery(`sum(rate(container_cpu_usage_seconds_total{${containers}}[$__rate_interval]))`, "CPU cores used"),
      ],
      {
        unit: "percent",
        width: 6,
        description:
          "Share of CFS periods in which the most throttled container hit its CPU limit (above a few percent the limit slows requests), and the CPU the pods use in cores. Empty without a CPU limit.",
      },
    ),
    timeSeriesPanel(
      `${service.name}: replicas`,
      [
        promQuery(`sum(kube_deployment_status_replicas_available{${ns}, deployment="${service.name}"})`, "ready"),
        promQuery(`sum(kube_deployment_spec_replicas{${ns}, deployment="${service.name}"})`, "desired"),
        promQuery(
          `sum(kube_horizontalpodautoscaler_spec_max_replicas{${ns}} and on (namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_info{${ns}, scaletargetref_name="${service.name}"})`,
          "HPA maximum",
        ),
      ],
      {
        width: 6,
        description: "Ready (available) against desired replicas; the HPA's maximum above them is its headroom.",
      },
    ),
    statPanel(
      `${service.name}: HPA headroom`,
      [
        promInstant(
          `sum((kube_horizontalpodautoscaler_spec_max_replicas{${ns}} - kube_horizontalpodautoscaler_status_current_replicas{${ns}}) and on (namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_info{${ns}, scaletargetref_name="${service.name}"})`,
          "replicas left",
        ),
      ],
      {
        width: 3,
        height: 8,
        steps: [
          [null, "red"],
          [1, "orange"],
          [2, "green"],
        ],
        description: "Replicas the autoscaler may still add before its maximum: at 0 a surge cannot be absorbed. Empty without an HPA.",
      },
    ),
    statPanel(
      `${service.name}: restarts and OOM kills`,
      [
        promInstant(`sum(increase(kube_pod_container_status_restarts_total{${pods}}[$__range])) or vector(0)`, "restarts"),
        promInstant(
          `count(kube_pod_container_status_last_terminated_reason{${pods}, reason="OOMKilled"} == 1) or vector(0)`,
          "last ended OOMKilled",
        ),
      ],
      {
        width: 3,
        height: 8,
        steps: [
          [null, "green"],
          [1, "red"],
        ],
        description:
          "Container restarts over the dashboard's range, and containers whose last termination was an OOM kill (raise the memory limit or find the leak).",
      },
    ),
    tablePanel(
      `${service.name}: top routes by errors`,
      [promTable(`topk(${TOP_ROUTES}, sum by (${route}) (rate(${red.requestsTotal}{${sel}, ${red.errorMatcher}}[$__range])))`)],
      {
        unit: "reqps",
        width: 8,
        description: `The ${TOP_ROUTES} routes with the most failed requests per second (${red.errorMatcher}) over the dashboard's time range.`,
      },
    ),
    tablePanel(
      `${service.name}: top routes by p99 latency`,
      [
        promTable(
          `topk(${TOP_ROUTES}, histogram_quantile(0.99, sum by (${route}, le) (rate(${red.latencyHistogram}_bucket{${sel}}[$__range]))))`,
        ),
      ],
      { unit: "s", width: 8, description: `The ${TOP_ROUTES} slowest routes by 99th percentile latency over the dashboard's time range.` },
    ),
  ];
  if (service.metrics.runtime === "nodejs") {
    panels.push(
      timeSeriesPanel(
        `${service.name}: event-loop lag (p99)`,
        [promQuery(`max by (pod) (${NODEJS_EVENTLOOP_LAG_P99}{${sel}})`, "{{pod}}")],
        {
          unit: "s",
          width: 8,
          description:
            "prom-client's 99th percentile event-loop delay per pod: when it rises with latency, the process is CPU-bound (synchronous work, GC), not waiting on dependencies.",
        },
      ),
    );
  }
  return panels;
}
