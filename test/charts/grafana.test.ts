import { describe, expect, it } from "vitest";
import { helmAvailability, type KubeObject, releasesOf, renderRelease } from "../support/helm";
import type { TerraformJson } from "../support/synth";
import { bundledStacks } from "./bundled";

const helm = helmAvailability();

async function renderedKubePrometheus(stack: TerraformJson): Promise<KubeObject[]> {
  const release = releasesOf(stack).find((r) => r.chart === "kube-prometheus-stack");
  if (!release) throw new Error("no kube-prometheus-stack release");
  return (await renderRelease(release)).objects;
}

const grafanaOf = (objects: readonly KubeObject[]) =>
  objects.find((o) => o.kind === "Deployment" && o.metadata.labels?.["app.kubernetes.io/name"] === "grafana");

describe.skipIf(helm.skip)("Grafana as the pinned kube-prometheus-stack renders it", () => {
  it("ha (prod): one replica whose sqlite database is on a volume of the spec's class, replaced with Recreate", async () => {
    const objects = await renderedKubePrometheus(bundledStacks().prod);
    const grafana = grafanaOf(objects);
    expect(grafana?.spec.replicas).toBe(1);
    // RollingUpdate would start the new pod while the old one holds the ReadWriteOnce volume: stuck on another node.
    expect(grafana?.spec.strategy).toEqual({ type: "Recreate" });
    const claim = objects.find((o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === grafana?.metadata.name);
    expect(claim?.spec).toMatchObject({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "gp3",
      resources: { requests: { storage: "10Gi" } },
    });
    const storage = grafana?.spec.template.spec.volumes.find((v: TerraformJson) => v.name === "storage");
    expect(storage?.persistentVolumeClaim?.claimName).toBe(claim?.metadata.name);
    // The volume is Grafana's through the pod's fsGroup; no init container runs as root to chown it.
    expect(grafana?.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, fsGroup: 472 });
    expect((grafana?.spec.template.spec.initContainers ?? []).map((c: TerraformJson) => c.name)).not.toContain("init-chown-data");
  });

  it("small (dev): no volume, the chart's rolling update", async () => {
    const objects = await renderedKubePrometheus(bundledStacks().dev);
    const grafana = grafanaOf(objects);
    expect(grafana?.spec.strategy).toEqual({ type: "RollingUpdate" });
    expect(objects.some((o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === grafana?.metadata.name)).toBe(false);
  });
});
