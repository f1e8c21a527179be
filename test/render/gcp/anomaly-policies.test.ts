import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ANOMALY_DETECTION } from "../../../src/catalog/prometheus/anomaly-detection";
import { seasonalTrafficAnomaly } from "../../../src/catalog/prometheus/seasonal-expression";
import { toYaml } from "../../../src/render/artifacts";
import { type GcpMonitoringArtifacts, renderGcpMonitoring } from "../../../src/render/gcp/monitoring";
import { type EnvironmentInput, resolveEnvironment } from "../../../src/spec";
import type { GcpCloudSpec } from "../../../src/spec/clouds/gcp";
import { realTool, runTool, writeTree } from "../../support/tools";
import { DAY, generateTraffic, promtoolValues } from "../../support/traffic";

function render(anomalyDetection: boolean): Omit<GcpMonitoringArtifacts, "channels"> {
  const input = {
    name: "qa",
    services: [{ name: "shop" }],
    channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
    backend: { type: "local", allowLocalState: true },
    relativeRunbookLinks: { reason: "a test fixture" },
    cloud: {
      provider: "gcp",
      project: "shop-qa-1234",
      region: "europe-west1",
      zones: ["europe-west1-b"],
      watch: {
        loadBalancers: [{ name: "lb", urlMap: "public", service: "shop", anomalyDetection }],
        cloudRun: [{ name: "fn", serviceName: "worker", timeout: "10s", anomalyDetection }],
      },
    },
  } as EnvironmentInput;
  const spec = resolveEnvironment(input);
  return renderGcpMonitoring(spec, spec.cloud as GcpCloudSpec);
}

const promtool = realTool("promtool");

describe("Google Cloud seasonal anomaly policies (PromQL conditions)", () => {
  it("render surge and drop policies only for resources marked anomalyDetection, with the detector's for:", () => {
    expect(render(false).policies.some((p) => /traffic(Surge|Drop)/.test(p.name))).toBe(false);
    const policies = render(true).policies.filter((p) => /traffic(Surge|Drop)/.test(p.name));
    expect(policies.map((p) => p.name).sort()).toEqual([
      "qa-platform-fn-trafficDrop-warning",
      "qa-platform-fn-trafficSurge-warning",
      "qa-shop-lb-trafficDrop-warning",
      "qa-shop-lb-trafficSurge-warning",
    ]);
    const surge = policies.find((p) => p.name === "qa-shop-lb-trafficSurge-warning");
    expect(surge?.condition).toMatchObject({ kind: "promql", duration: `${ANOMALY_DETECTION.trafficFor.toSeconds()}s` });
    expect(surge?.condition.kind === "promql" && surge.condition.query).toContain(
      'loadbalancing_googleapis_com:https_request_count{monitored_resource="https_lb_rule",url_map_name="public"}',
    );
    const drop = policies.find((p) => p.name === "qa-platform-fn-trafficDrop-warning");
    expect(drop?.condition).toMatchObject({ duration: `${ANOMALY_DETECTION.dropFor.toSeconds()}s` });
    expect(drop?.documentation.runbookUrl).toMatch(/ServiceTrafficDrop/);
  });

  it.skipIf(promtool.skip)(
    "are valid PromQL that fires on a 3x surge and a drop on day 3 and stays quiet at the peaks",
    () => {
      // The rendered queries must parse (promtool check rules), and the detector behave on generated traffic.
      const queries = render(true).policies.flatMap((p) => (p.condition.kind === "promql" ? [p.condition.query] : []));
      const sel = 'job="x"';
      const { surge, drop } = seasonalTrafficAnomaly(`rate5m{${sel}}`);
      // The rendered queries select Google metrics the generated traffic has none of: `check rules` validates them, and
      // only the detector, which reads the traffic, is evaluated at each of the three days' steps by `test rules`.
      const rendered = { groups: [{ name: "rendered", rules: queries.map((expr, i) => ({ alert: `Rendered${i}`, expr })) }] };
      const seasonal = {
        groups: [
          {
            name: "seasonal",
            rules: [
              { alert: "Surge", expr: surge, for: ANOMALY_DETECTION.trafficFor.toPrometheus() },
              { alert: "Drop", expr: drop, for: ANOMALY_DETECTION.dropFor.toPrometheus() },
            ],
          },
        ],
      };
      const h = (n: number) => n * 60;
      const traffic = generateTraffic({
        days: 3,
        seed: 5,
        events: [
          { signal: "traffic", from: 2 * DAY + h(3), to: 2 * DAY + h(5), factor: 3 },
          { signal: "traffic", from: 2 * DAY + h(9), to: 2 * DAY + h(11), factor: 0.1 },
        ],
      });
      const firing = (alert: string, minute: number) => ({
        expr: `ALERTS{alertname="${alert}", alertstate="firing"}`,
        eval_time: `${minute}m`,
        exp_samples: [{ labels: `ALERTS{alertname="${alert}", alertstate="firing", ${sel}}`, value: 1 }],
      });
      const quiet = (from: number, to: number) => ({
        expr: `count_over_time(ALERTS{alertname=~"Surge|Drop", alertstate="firing"}[${to - from}m])`,
        eval_time: `${to}m`,
        exp_samples: [],
      });
      const dir = writeTree({ "rendered.yaml": toYaml(rendered), "seasonal.yaml": toYaml(seasonal) }, "gcp-anomaly-");
      writeFileSync(
        join(dir, "test.yaml"),
        toYaml({
          rule_files: ["seasonal.yaml"],
          evaluation_interval: "15m",
          tests: [
            {
              interval: "5m",
              input_series: [{ series: `rate5m{${sel}}`, values: promtoolValues(traffic.rate) }],
              promql_expr_test: [
                // Days 2 and 3 around the daily peak, before the incidents: quiet.
                quiet(DAY, 2 * DAY + h(3)),
                quiet(2 * DAY + h(12), 3 * DAY),
                firing("Surge", 2 * DAY + h(3) + 15),
                firing("Drop", 2 * DAY + h(9) + 15),
              ],
            },
          ],
        }),
      );
      const check = runTool(promtool.path as string, ["check", "rules", "rendered.yaml", "seasonal.yaml"], dir);
      expect(check.status, check.output).toBe(0);
      const result = runTool(promtool.path as string, ["test", "rules", "test.yaml"], dir, 120_000);
      expect(result.status, result.output).toBe(0);
    },
    150_000,
  );
});
