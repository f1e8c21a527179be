import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { helmAvailability, type KubeObject, type RenderedRelease } from "../support/helm";
import { bundledStacks, renderBundled } from "./bundled";
import { namespaceLabels } from "./checks/pod-security";

/**
 * Least privilege and tenancy on the real rendering of every bundled environment: who may read Secrets across the
 * cluster, which namespaces feed rules, dashboards and Alertmanager routing, and whether monitors can read files.
 */
const helm = helmAvailability();
const ENVS = Object.keys(BUNDLED_ENVIRONMENTS) as (keyof typeof BUNDLED_ENVIRONMENTS)[];

/** Service accounts that may read Secrets in every namespace, and why they must. */
const CLUSTER_SECRET_READERS: Record<string, string> = {
  "kube-prometheus-operator":
    "the prometheus-operator writes the generated configuration Secrets of Prometheus and Alertmanager and reads the credentials Secrets that monitors in any namespace refer to",
};

const READ_VERBS = ["get", "list", "watch", "*"];

/** Whether a ClusterRole lets its subjects read Secrets. */
function readsSecrets(role: KubeObject): boolean {
  return (role.rules ?? []).some(
    (rule: { apiGroups?: string[]; resources?: string[]; verbs?: string[] }) =>
      (rule.apiGroups ?? []).some((g) => g === "" || g === "*") &&
      (rule.resources ?? []).some((r) => r === "secrets" || r === "*") &&
      (rule.verbs ?? []).some((v) => READ_VERBS.includes(v)),
  );
}

/** Service accounts bound cluster-wide to a ClusterRole that reads Secrets. */
export function clusterSecretReaders(releases: readonly RenderedRelease[]): string[] {
  const objects = releases.flatMap((r) => r.objects);
  const roles = new Map(objects.filter((o) => o.kind === "ClusterRole").map((o) => [o.metadata.name, o]));
  return objects
    .filter((o) => o.kind === "ClusterRoleBinding" && o.roleRef?.kind === "ClusterRole")
    .filter((binding) => {
      const role = roles.get(binding.roleRef.name);
      return role !== undefined && readsSecrets(role);
    })
    .flatMap((binding) =>
      (binding.subjects ?? []).filter((s: { kind: string }) => s.kind === "ServiceAccount").map((s: { name: string }) => s.name),
    )
    .sort();
}

describe.skipIf(helm.skip)("RBAC and tenancy of the rendered stack", () => {
  let rendered: Record<string, RenderedRelease[]>;
  beforeAll(async () => {
    rendered = await renderBundled();
  }, 300_000);

  const find = (env: string, kind: string): KubeObject[] => rendered[env].flatMap((r) => r.objects).filter((o) => o.kind === kind);

  it("only the listed service accounts read Secrets cluster-wide", () => {
    for (const env of ENVS)
      expect([...new Set(clusterSecretReaders(rendered[env]))], env).toEqual(Object.keys(CLUSTER_SECRET_READERS).sort());
  });

  it("finds a ClusterRole that reads Secrets", () => {
    const withGrafana = rendered.dev.map((r) => ({
      ...r,
      objects: r.objects.map((o) =>
        o.kind === "ClusterRole" && o.metadata.name === "alloy-logs"
          ? { ...o, rules: [...o.rules, { apiGroups: [""], resources: ["secrets"], verbs: ["list"] }] }
          : o,
      ),
    }));
    expect(clusterSecretReaders(withGrafana)).toContain("alloy-logs");
  });

  it("rules come only from labelled namespaces, and the stack's own namespace is labelled", () => {
    for (const env of ENVS) {
      const [prometheus] = find(env, "Prometheus");
      const selector = prometheus.spec.ruleNamespaceSelector?.matchLabels ?? {};
      expect(Object.keys(selector).length, `${env}: ruleNamespaceSelector selects by label`).toBeGreaterThan(0);
      const own = namespaceLabels(bundledStacks()[env]).get(prometheus.metadata.namespace ?? "monitoring") ?? {};
      expect(own, `${env}: the stack's namespace carries the rule label`).toMatchObject(selector);
    }
  });

  it("AlertmanagerConfig objects are merged only when they and their namespace opt in", () => {
    for (const env of ENVS) {
      const [alertmanager] = find(env, "Alertmanager");
      // An empty selector ({}) selects everything: both must name a label.
      expect(Object.keys(alertmanager.spec.alertmanagerConfigSelector?.matchLabels ?? {}).length, env).toBeGreaterThan(0);
      expect(Object.keys(alertmanager.spec.alertmanagerConfigNamespaceSelector?.matchLabels ?? {}).length, env).toBeGreaterThan(0);
    }
  });

  it("ServiceMonitors and PodMonitors cannot make Prometheus read its own files", () => {
    for (const env of ENVS) expect(find(env, "Prometheus")[0].spec.arbitraryFSAccessThroughSMs, env).toEqual({ deny: true });
  });

  it("Grafana's sidecars watch only Grafana's namespace", () => {
    for (const env of ENVS) {
      const grafana = find(env, "Deployment").find((d) => d.metadata.name.endsWith("-grafana"));
      if (!grafana) throw new Error(`${env} renders no Grafana`);
      const sidecars = grafana.spec.template.spec.containers.filter((c: { name: string }) => c.name.startsWith("grafana-sc-"));
      expect(sidecars.length, env).toBeGreaterThan(0);
      for (const sidecar of sidecars) {
        const namespace = (sidecar.env ?? []).find((e: { name: string }) => e.name === "NAMESPACE");
        // Without NAMESPACE the k8s-sidecar watches the pod's own namespace.
        expect(namespace?.value, `${env}: ${sidecar.name}`).toBeUndefined();
      }
    }
  });
});
