import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { helmAvailability, releasesOf, renderRelease } from "../support/helm";
import type { TerraformJson } from "../support/synth";
import { bundledStacks } from "./bundled";

const helm = helmAvailability();

describe.skipIf(helm.skip)("the OpenTelemetry Collector as the pinned chart renders it", () => {
  it.each(["dev", "prod"])(
    "%s: exports with otlp_grpc (otlp is deprecated in the pinned collector) and tags spans with namespace and pod, with the RBAC that needs",
    async (env) => {
      const release = releasesOf(bundledStacks()[env]).find((r) => r.chart === "opentelemetry-collector");
      if (!release) throw new Error(`${env} has no collector`);
      const objects = (await renderRelease(release)).objects;
      const map = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "otel-collector");
      const config: TerraformJson = parseYaml(map?.data.relay);
      const traces = config.service.pipelines.traces;
      expect(traces.exporters).toEqual(["otlp_grpc/jaeger"]);
      expect(Object.keys(config.exporters).filter((e) => e === "otlp" || e.startsWith("otlp/"))).toEqual([]);
      // After memory_limiter, before sampling: every kept span carries the attributes.
      expect(traces.processors.slice(0, 2)).toEqual(["memory_limiter", "k8s_attributes"]);
      expect(config.processors.k8s_attributes.extract.metadata).toEqual(expect.arrayContaining(["k8s.namespace.name", "k8s.pod.name"]));
      const role = objects.find((o) => o.kind === "ClusterRole");
      const podRule = role?.rules.find((r: TerraformJson) => r.resources.includes("pods"));
      expect(podRule?.verbs).toEqual(expect.arrayContaining(["get", "watch", "list"]));
      const binding = objects.find((o) => o.kind === "ClusterRoleBinding");
      expect(binding?.subjects).toEqual([{ kind: "ServiceAccount", name: "otel-collector", namespace: "monitoring" }]);
    },
  );
});
