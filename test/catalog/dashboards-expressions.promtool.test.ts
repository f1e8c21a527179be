// biome-ignore-all lint/suspicious/noExplicitAny: dashboard JSON models are untyped by nature
import { describe, expect, it } from "vitest";
import { exportDataSources } from "../../src/render/dashboards/data-sources";
import { renderDashboards } from "../../src/render/dashboards/render";
import { resolveEnvironment } from "../../src/spec";
import { allPanels } from "../support/dashboards";
import { bundled } from "../support/synth";
import { realTool, writeTree } from "../support/tools";
import { gauge, type PromtoolCase, promtoolTest } from "./promtool";

/** Dashboard queries evaluated by Prometheus' own engine (promtool) on series that stage what an SRE would see. */
const promtool = realTool("promtool");
const spec = resolveEnvironment(bundled("prod"));
const dashboards = renderDashboards(spec, exportDataSources(spec));
const model = (slug: string) => dashboards.find((d) => d.slug === slug)?.model as any;
/** "All" of the namespace variable. */
const all = (expr: string) => expr.replaceAll("$namespace", ".+");
const panelExpr = (slug: string, title: string) => all(allPanels(model(slug)).find((p) => p.title === title).targets[0].expr);

function run(cases: PromtoolCase[]) {
  const dir = writeTree({ "empty.yaml": "groups: []\n" }, "promtool-dashboards-");
  return promtoolTest(promtool.path as string, dir, ["empty.yaml"], cases);
}

const firing = (labels: string) => ({ series: `ALERTS{alertstate="firing", ${labels}}`, values: gauge(1, 10) });
const heartbeat = firing('alertname="Watchdog", severity="info"');
const warmingUp = firing('alertname="ServiceAnomalyDetectionWarmingUp", severity="info", namespace="shop", service="checkout"');

describe.skipIf(promtool.skip)("overview alert panels and the deploy annotation, in promtool", () => {
  it("a healthy system (Watchdog and the anomaly warm-up notice firing) fills neither 'Alerts firing by severity' nor 'Firing alerts'; a real alert does", () => {
    const bySeverity = panelExpr("overview", "Alerts firing by severity");
    const table = panelExpr("overview", "Firing alerts");
    const result = run([
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
    ]);
    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });

  it("the deploy annotation marks a rollout (new generation, same replicas) and not a scale-up (new generation, more replicas)", () => {
    const deploys = all(model("overview").annotations.list.find((a: any) => a.name === "Deploys").expr);
    const ksm = (metric: string, deployment: string, values: string) => ({
      series: `${metric}{namespace="shop", deployment="${deployment}"}`,
      values,
    });
    const result = run([
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
    ]);
    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });
});
