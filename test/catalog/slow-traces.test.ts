// biome-ignore-all lint/suspicious/noExplicitAny: Terraform and dashboard JSON are untyped by nature
import { describe, expect, it } from "vitest";
import { exportDataSources } from "../../src/render/dashboards/data-sources";
import { renderDashboards } from "../../src/render/dashboards/render";
import { type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { allPanels } from "../support/dashboards";
import { bundled, helmValues, resourcesOf, synthEnvironment } from "../support/synth";

/** The threshold the collector's tail sampling keeps slow traces at, and the one the "Slow traces" table searches. */
function thresholds(input: EnvironmentInput): { sampling: number | undefined; table: string | undefined } {
  const stack = synthEnvironment(input);
  const collector = resourcesOf(stack, "helm_release").find((r) => r.chart === "opentelemetry-collector");
  const processors = helmValues(collector as any).config?.processors;
  const latency = processors?.tail_sampling?.policies?.find((p: any) => p.type === "latency");
  const spec = resolveEnvironment(input);
  const traces = renderDashboards(spec, exportDataSources(spec)).find((d) => d.slug === "traces");
  const slow = allPanels(traces?.model).find((p) => String(p.title).startsWith("Slow traces"));
  return { sampling: latency?.latency?.threshold_ms, table: slow?.targets?.[0]?.minDuration };
}

describe("slow traces: tail sampling keeps what the dashboard's table looks for", () => {
  it("an explicit slowerThanMs is the table's threshold too (prod: 1000 ms, not its tightest 300 ms objective)", () => {
    expect(thresholds(bundled("prod"))).toEqual({ sampling: 1000, table: "1000ms" });
  });

  it("without slowerThanMs, tail sampling keeps traces over the tightest p99 objective, the table's threshold", () => {
    const prod = bundled("prod") as any;
    prod.kubernetes.tracing.sampling = { type: "tail", percent: 10 };
    expect(thresholds(prod)).toEqual({ sampling: 300, table: "300ms" });
  });
});
