import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../src/spec";
import { helmAvailability, type KubeObject, releasesOf, renderRelease } from "../support/helm";
import { bundled, synthEnvironments, type TerraformJson } from "../support/synth";
import { bundledStacks } from "./bundled";

const helm = helmAvailability();

async function renderedKubePrometheus(stack: TerraformJson): Promise<KubeObject[]> {
  const release = releasesOf(stack).find((r) => r.chart === "kube-prometheus-stack");
  if (!release) throw new Error("no kube-prometheus-stack release");
  return (await renderRelease(release)).objects;
}

const prometheusOf = (objects: readonly KubeObject[]) => objects.find((o) => o.kind === "Prometheus");
const alertNames = (objects: readonly KubeObject[]): string[] =>
  objects
    .filter((o) => o.kind === "PrometheusRule")
    .flatMap((o) => o.spec.groups.flatMap((g: TerraformJson) => g.rules.flatMap((r: TerraformJson) => (r.alert ? [r.alert] : []))));
const CONTROL_PLANE_ALERTS = ["KubeSchedulerDown", "KubeControllerManagerDown", "KubeProxyDown", "etcdMembersDown"];

describe.skipIf(helm.skip)("Prometheus as the pinned kube-prometheus-stack renders it", () => {
  it("prod's HA pair names its replica in __replica__, the label Amazon Managed Service for Prometheus deduplicates by", async () => {
    const prometheus = prometheusOf(await renderedKubePrometheus(bundledStacks().prod));
    expect(prometheus?.spec.replicas).toBe(2);
    expect(prometheus?.spec.replicaExternalLabelName).toBe("__replica__");
    expect(prometheus?.spec.externalLabels).toMatchObject({ cluster: "prod" });
    expect(prometheus?.spec.remoteWrite).toHaveLength(1);
  });

  it("exemplar storage is on wherever Grafana links exemplars to traces", async () => {
    for (const env of ["dev", "prod"]) {
      const prometheus = prometheusOf(await renderedKubePrometheus(bundledStacks()[env]));
      expect(prometheus?.spec.enableFeatures, env).toContain("exemplar-storage");
    }
  });

  it("a kind cluster (dev) scrapes no control-plane target and has no Down alert for one; a kubeadm cluster that exposes them does", async () => {
    const dev = await renderedKubePrometheus(bundledStacks().dev);
    const monitors = dev.filter((o) => o.kind === "ServiceMonitor").map((o) => o.metadata.name);
    expect(monitors.filter((n) => /etcd|scheduler|controller-manager|proxy/.test(n))).toEqual([]);
    expect(alertNames(dev).filter((a) => CONTROL_PLANE_ALERTS.includes(a))).toEqual([]);
    const input = bundled("dev");
    input.kubernetes = { ...input.kubernetes, connection: { type: "kubeconfig", context: "kubeadm", controlPlaneMetrics: true } } as never;
    const kubeadm = await renderedKubePrometheus(synthEnvironments([resolveEnvironment(input)]).dev);
    expect(alertNames(kubeadm)).toEqual(expect.arrayContaining(CONTROL_PLANE_ALERTS));
  });
});
