// biome-ignore-all lint/suspicious/noExplicitAny: dashboard JSON models are untyped by nature
import { describe, expect, it } from "vitest";
import { exportDataSources } from "../../src/render/dashboards/data-sources";
import { renderDashboards } from "../../src/render/dashboards/render";
import { resolveEnvironment } from "../../src/spec";
import { allPanels } from "../support/dashboards";
import { bundled } from "../support/synth";
import { realTool, writeTree } from "../support/tools";
import { counter, gauge, type PromtoolCase, promtoolBatch } from "./promtool";

/** Dashboard queries evaluated by Prometheus' own engine (promtool) on series that stage what an SRE would see. */
const promtool = realTool("promtool");
const spec = resolveEnvironment(bundled("prod"));
const dashboards = renderDashboards(spec, exportDataSources(spec));
const model = (slug: string) => dashboards.find((d) => d.slug === slug)?.model as any;
/** "All" of the namespace variable. */
const all = (expr: string) => expr.replaceAll("$namespace", ".+");
const panelExpr = (slug: string, title: string) => all(allPanels(model(slug)).find((p) => p.title === title).targets[0].expr);

const dir = writeTree({ "empty.yaml": "groups: []\n" }, "promtool-dashboards-");
/** Every test's cases in one promtool process (one start instead of one per test); each test checks its own section. */
const batch = promtoolBatch(promtool.path as string, dir);

/** A test whose cases (from `build`) pass in promtool. */
function promtoolIt(title: string, build: () => PromtoolCase[]) {
  batch.add(title, () => [{ ruleFiles: ["empty.yaml"], cases: build() }]);
  it(title, async () => {
    const [result] = await batch.results(title);
    expect(result.output).toContain("SUCCESS");
    expect(result.status, result.output).toBe(0);
  });
}

const firing = (labels: string) => ({ series: `ALERTS{alertstate="firing", ${labels}}`, values: gauge(1, 10) });
const heartbeat = firing('alertname="Watchdog", severity="info"');
const warmingUp = firing('alertname="ServiceAnomalyDetectionWarmingUp", severity="info", namespace="shop", service="checkout"');

describe.skipIf(promtool.skip)("overview alert panels and the deploy annotation, in promtool", () => {
  promtoolIt(
    "a healthy system (Watchdog and the anomaly warm-up notice firing) fills neither 'Alerts firing by severity' nor 'Firing alerts'; a real alert does",
    () => {
      const bySeverity = panelExpr("overview", "Alerts firing by severity");
      const table = panelExpr("overview", "Firing alerts");
      return [
        {
          name: "healthy",
          input_series: [heartbeat, warmingUp],
          promql_expr_test: [
            { expr: bySeverity, eval_time: "5m", exp_samples: [] },
            { expr: table, eval_time: "5m", exp_samples: [] },
          ],
        },
        {
          name: "a warning fires",
          input_series: [
            heartbeat,
            warmingUp,
            firing('alertname="ServiceHighErrorRate", severity="warning", namespace="shop", service="checkout"'),
          ],
          promql_expr_test: [
            { expr: bySeverity, eval_time: "5m", exp_samples: [{ labels: '{severity="warning"}', value: 1 }] },
            {
              expr: table,
              eval_time: "5m",
              exp_samples: [
                { labels: '{alertname="ServiceHighErrorRate", namespace="shop", service="checkout", severity="warning"}', value: 1 },
              ],
            },
          ],
        },
      ];
    },
  );

  promtoolIt(
    "the deploy annotation marks a rollout (new generation, same replicas) and not a scale-up (new generation, more replicas)",
    () => {
      const deploys = all(model("overview").annotations.list.find((a: any) => a.name === "Deploys").expr);
      const ksm = (metric: string, deployment: string, values: string) => ({
        series: `${metric}{namespace="shop", deployment="${deployment}"}`,
        values,
      });
      return [
        {
          name: "rollout of checkout, scale-up of search",
          input_series: [
            ksm("kube_deployment_status_observed_generation", "checkout", "1x10 2x10"),
            ksm("kube_deployment_spec_replicas", "checkout", "3x20"),
            ksm("kube_deployment_status_observed_generation", "search", "1x10 2x10"),
            ksm("kube_deployment_spec_replicas", "search", "3x10 5x10"),
          ],
          promql_expr_test: [
            { expr: deploys, eval_time: "11m", exp_samples: [{ labels: '{namespace="shop", deployment="checkout"}', value: 1 }] },
            { expr: deploys, eval_time: "15m", exp_samples: [] },
          ],
        },
      ];
    },
  );

  promtoolIt(
    "a service's SRE panels: the worst container against its own limit, throttling in percent, OOM kills, HPA headroom, top routes",
    () => {
      const panel = (title: string, i = 0) =>
        allPanels(model("performance"))
          .find((p) => p.title === `checkout: ${title}`)
          .targets[i].expr.replaceAll("$__rate_interval", "5m")
          .replaceAll("$__range", "5m");
      const pod = (container: string, extra = "") => `namespace="shop", pod="checkout-7d9f-abcde", container="${container}"${extra}`;
      return [
        {
          name: "app container near its limit beside an idle sidecar; a throttled container; an OOM kill; an HPA at 4 of 5",
          input_series: [
            // app: 900 MiB of 1000 MiB (90 %); sidecar: 10 of 500 MiB. A sum over the pod would say 910/1500 = 61 %.
            { series: `container_memory_working_set_bytes{${pod("app")}}`, values: gauge(900e6, 10) },
            { series: `container_memory_working_set_bytes{${pod("sidecar")}}`, values: gauge(10e6, 10) },
            { series: `kube_pod_container_resource_limits{${pod("app", ', resource="memory", unit="byte"')}}`, values: gauge(1000e6, 10) },
            {
              series: `kube_pod_container_resource_limits{${pod("sidecar", ', resource="memory", unit="byte"')}}`,
              values: gauge(500e6, 10),
            },
            // app throttled in 25 of 100 periods per second; sidecar never.
            { series: `container_cpu_cfs_periods_total{${pod("app")}}`, values: counter(100, 10) },
            { series: `container_cpu_cfs_throttled_periods_total{${pod("app")}}`, values: counter(25, 10) },
            { series: `container_cpu_cfs_periods_total{${pod("sidecar")}}`, values: counter(100, 10) },
            { series: `container_cpu_cfs_throttled_periods_total{${pod("sidecar")}}`, values: counter(0, 10) },
            { series: `kube_pod_container_status_last_terminated_reason{${pod("app", ', reason="OOMKilled"')}}`, values: gauge(1, 10) },
            {
              series:
                'kube_horizontalpodautoscaler_info{namespace="shop", horizontalpodautoscaler="checkout-hpa", scaletargetref_name="checkout"}',
              values: gauge(1, 10),
            },
            {
              series: 'kube_horizontalpodautoscaler_spec_max_replicas{namespace="shop", horizontalpodautoscaler="checkout-hpa"}',
              values: gauge(5, 10),
            },
            {
              series: 'kube_horizontalpodautoscaler_status_current_replicas{namespace="shop", horizontalpodautoscaler="checkout-hpa"}',
              values: gauge(4, 10),
            },
            // Another service's HPA in the namespace does not count.
            {
              series:
                'kube_horizontalpodautoscaler_info{namespace="shop", horizontalpodautoscaler="catalog", scaletargetref_name="catalog"}',
              values: gauge(1, 10),
            },
            {
              series: 'kube_horizontalpodautoscaler_spec_max_replicas{namespace="shop", horizontalpodautoscaler="catalog"}',
              values: gauge(10, 10),
            },
            {
              series: 'kube_horizontalpodautoscaler_status_current_replicas{namespace="shop", horizontalpodautoscaler="catalog"}',
              values: gauge(2, 10),
            },
            // /pay fails 2/s, /cart 0.5/s.
            { series: 'http_requests_total{namespace="shop", job="checkout", route="/pay", code="500"}', values: counter(2, 10) },
            { series: 'http_requests_total{namespace="shop", job="checkout", route="/cart", code="503"}', values: counter(0.5, 10) },
            { series: 'http_requests_total{namespace="shop", job="checkout", route="/cart", code="200"}', values: counter(10, 10) },
          ],
          promql_expr_test: [
            { expr: panel("worst container memory / limit"), eval_time: "9m", exp_samples: [{ labels: "{}", value: 90 }] },
            { expr: panel("CPU throttled"), eval_time: "9m", exp_samples: [{ labels: "{}", value: 25 }] },
            { expr: panel("restarts and OOM kills", 1), eval_time: "9m", exp_samples: [{ labels: "{}", value: 1 }] },
            { expr: panel("HPA headroom"), eval_time: "9m", exp_samples: [{ labels: "{}", value: 1 }] },
            {
              expr: panel("top routes by errors"),
              eval_time: "9m",
              exp_samples: [
                { labels: '{route="/pay"}', value: 2 },
                { labels: '{route="/cart"}', value: 0.5 },
              ],
            },
          ],
        },
      ];
    },
  );
});
