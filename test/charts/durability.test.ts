import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ZONE_TOPOLOGY_KEY } from "../../src/catalog/zone-spread";
import { helmAvailability, type KubeObject, releasesOf, renderRelease } from "../support/helm";
import type { TerraformJson } from "../support/synth";
import { bundledStacks } from "./bundled";

const helm = helmAvailability();

const rendered = new Map<string, Promise<KubeObject[]>>();
/** One release of a bundled environment, rendered once per test process. */
function objectsOf(env: string, chart: string): Promise<KubeObject[]> {
  const key = `${env}/${chart}`;
  let objects = rendered.get(key);
  if (!objects) {
    const release = releasesOf(bundledStacks()[env]).find((r) => r.chart === chart);
    if (!release) throw new Error(`${env} has no ${chart} release`);
    objects = renderRelease(release).then((r) => r.objects);
    rendered.set(key, objects);
  }
  return objects;
}

/** Rendering kube-prometheus-stack takes a while on a loaded machine. */
const RENDER_TIMEOUT = 240_000;

const find = (objects: readonly KubeObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`);
  return found;
};

const zoneConstraints = (spec: TerraformJson) =>
  ((spec.topologySpreadConstraints ?? []) as TerraformJson[]).filter((c) => c.topologyKey === ZONE_TOPOLOGY_KEY);

/** Whether a label selector (matchLabels / matchExpressions with In) selects pods with these labels. */
function selects(selector: TerraformJson, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = ((selector.matchExpressions ?? []) as TerraformJson[]).every(
    (e) => e.operator === "In" && (e.values as string[]).includes(labels[e.key]),
  );
  return byLabels && byExpressions;
}

describe.skipIf(helm.skip)("durability in ha, on the rendered charts", () => {
  it(
    "Prometheus and Alertmanager spread over zones, selecting the same pods as their hard anti-affinity",
    async () => {
      const objects = await objectsOf("prod", "kube-prometheus-stack");
      for (const [kind, name] of [
        ["Prometheus", "kube-prometheus-prometheus"],
        ["Alertmanager", "kube-prometheus-alertmanager"],
      ]) {
        const spec = find(objects, kind, name).spec;
        const [zone, ...others] = zoneConstraints(spec);
        expect(others, kind).toEqual([]);
        expect(zone, kind).toMatchObject({ maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" });
        // The operator labels its pods; the chart's anti-affinity names those labels: both must pick the same pods.
        const antiAffinity = spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector;
        const podLabels = Object.fromEntries((antiAffinity.matchExpressions as TerraformJson[]).map((e) => [e.key, e.values[0]])) as Record<
          string,
          string
        >;
        expect(selects(zone.labelSelector, podLabels), `${kind} spread selects ${JSON.stringify(podLabels)}`).toBe(true);
        expect(selects(zone.labelSelector, { ...podLabels, "app.kubernetes.io/name": "other" }), kind).toBe(false);
      }
      // small (dev): one replica each, nothing to spread.
      const dev = await objectsOf("dev", "kube-prometheus-stack");
      expect(zoneConstraints(find(dev, "Prometheus", "kube-prometheus-prometheus").spec)).toEqual([]);
    },
    RENDER_TIMEOUT,
  );

  it(
    "Loki's ingesters and rulers spread over zones (selecting their own pods); the rulers keep their WAL on a volume",
    async () => {
      const objects = await objectsOf("prod", "loki");
      for (const name of ["loki-ingester", "loki-ruler"]) {
        const set = find(objects, "StatefulSet", name);
        const [zone] = zoneConstraints(set.spec.template.spec);
        expect(zone, name).toMatchObject({ maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" });
        expect(selects(zone.labelSelector, set.spec.template.metadata.labels), name).toBe(true);
        expect(selects(zone.labelSelector, find(objects, "StatefulSet", "loki-compactor").spec.template.metadata.labels), name).toBe(false);
      }
      // The ingesters keep the chart's spread over nodes besides.
      const ingester = find(objects, "StatefulSet", "loki-ingester").spec.template.spec;
      expect(ingester.topologySpreadConstraints.map((c: TerraformJson) => c.topologyKey)).toContain("kubernetes.io/hostname");

      const walDir = parseYaml(find(objects, "ConfigMap", "loki").data["config.yaml"]).ruler.wal.dir as string;
      const ruler = find(objects, "StatefulSet", "loki-ruler");
      const claims = (ruler.spec.volumeClaimTemplates ?? []) as TerraformJson[];
      const container = (ruler.spec.template.spec.containers as TerraformJson[]).find((c) => c.name === "ruler") ?? {};
      const walMount = ((container.volumeMounts ?? []) as TerraformJson[])
        .filter((m) => walDir.startsWith(`${m.mountPath}/`))
        .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
      expect(walMount, `a mount holding ${walDir}`).toBeDefined();
      const claim = claims.find((c) => c.metadata.name === walMount.name);
      expect(claim?.spec, `${walDir} is on a PersistentVolumeClaim, not an emptyDir`).toMatchObject({
        storageClassName: "gp3",
        resources: { requests: { storage: "20Gi" } },
      });
    },
    RENDER_TIMEOUT,
  );

  it(
    "the log agent writes a write-ahead log on the node's disk (hostPath) in ha, not in small",
    async () => {
      const objects = await objectsOf("prod", "alloy");
      const daemonSet = objects.find((o) => o.kind === "DaemonSet") ?? ({} as KubeObject);
      const config = objects.find((o) => o.kind === "ConfigMap" && typeof o.data?.["config.alloy"] === "string")?.data[
        "config.alloy"
      ] as string;
      expect(config).toMatch(/loki\.write "default" \{[\s\S]*wal \{\s*enabled\s*= true/);
      const container = (daemonSet.spec.template.spec.containers as TerraformJson[]).find((c) => c.name === "alloy") ?? {};
      const storagePath = ((container.args ?? []) as string[]).find((a) => a.startsWith("--storage.path="))?.split("=")[1] ?? "";
      const mount = ((container.volumeMounts ?? []) as TerraformJson[]).find((m) => storagePath.startsWith(`${m.mountPath}/`));
      const volume = (daemonSet.spec.template.spec.volumes as TerraformJson[]).find((v) => v.name === mount?.name);
      expect(volume?.hostPath?.path, `the volume under ${storagePath}`).toMatch(/^\/var\/lib\//);
      expect(mount?.readOnly ?? false).toBe(false);

      const dev = (await objectsOf("dev", "alloy")).find((o) => o.kind === "ConfigMap" && typeof o.data?.["config.alloy"] === "string");
      expect(dev?.data["config.alloy"]).not.toContain("wal {");
    },
    RENDER_TIMEOUT,
  );
});
