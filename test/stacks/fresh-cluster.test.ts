import { beforeAll, describe, expect, it } from "vitest";
import { prerequisites } from "../../src/render/prerequisites";
import { checkEnvironment, resolveEnvironment } from "../../src/spec";
import { bundled, helmValues, resourcesOf, synthEnvironment, synthEnvironments, type TerraformJson } from "../support/synth";

/**
 * One apply on an empty cluster: every Secret a release mounts is created by the same apply before the release (or is
 * an existing Kubernetes Secret the spec names explicitly, a prerequisite), and the namespace comes from the first
 * release, which adopts it when it exists.
 */
const ENVS = ["dev", "staging", "prod", "gcp", "azure"] as const;
let stacks: Record<string, TerraformJson>;

beforeAll(() => {
  stacks = synthEnvironments(ENVS.map((n) => resolveEnvironment(bundled(n))));
});

/** Resources by Terraform address ("type.id"). */
function addresses(stack: TerraformJson): Map<string, TerraformJson> {
  const out = new Map<string, TerraformJson>();
  for (const [type, byId] of Object.entries(stack.resource ?? {}))
    for (const [id, body] of Object.entries(byId as Record<string, TerraformJson>)) out.set(`${type}.${id}`, body);
  return out;
}

/** Every address a resource depends on, directly or through others. */
function dependencies(stack: TerraformJson, address: string): Set<string> {
  const all = addresses(stack);
  const seen = new Set<string>();
  const visit = (a: string) => {
    for (const dep of (all.get(a)?.depends_on ?? []) as string[]) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      visit(dep);
    }
  };
  visit(address);
  return seen;
}

function releaseAddress(stack: TerraformJson, name: string): string {
  const id = Object.entries(stack.resource.helm_release as Record<string, TerraformJson>).find(([, r]) => r.name === name)?.[0];
  if (!id) throw new Error(`no release ${name}`);
  return `helm_release.${id}`;
}

/** The kubernetes_secret_v1 resources by Secret name, with their addresses. */
function createdSecrets(stack: TerraformJson): Map<string, string> {
  return new Map(
    Object.entries((stack.resource.kubernetes_secret_v1 ?? {}) as Record<string, TerraformJson>).map(([id, s]) => [
      s.metadata.name as string,
      `kubernetes_secret_v1.${id}`,
    ]),
  );
}

/** Secrets the spec names as existing Kubernetes Secrets (the prerequisites list): the only ones the stack may not create. */
function declaredPrerequisites(env: (typeof ENVS)[number]): Set<string> {
  return new Set(
    prerequisites(resolveEnvironment(bundled(env)))
      .filter((p) => p.kind === "Secret")
      .map((p) => p.name as string),
  );
}

describe("a fresh cluster needs one apply", () => {
  it.each(ENVS)(
    "%s: the CRDs release creates or adopts the namespace and comes first; the node agents' namespace is created or adopted and labelled before its releases",
    (env) => {
      const stack = stacks[env];
      if (!stack.resource?.helm_release) return;
      // Neither namespace is a kubernetes_namespace_v1: an existing one would fail the apply ("already exists").
      expect(stack.resource.kubernetes_namespace_v1).toBeUndefined();
      // The node agents' namespace: a release without pods creates or adopts it, then its "privileged" labels.
      const all = addresses(stack);
      const agentReleases = [...all].filter(([a, r]) => a.startsWith("helm_release.") && r.namespace === "monitoring-agents");
      const creators = agentReleases.filter(([, r]) => r.create_namespace === true).map(([a]) => a);
      expect(creators, "one release creates or adopts monitoring-agents").toHaveLength(1);
      const labels = [...all].filter(
        ([a, r]) => a.startsWith("kubernetes_labels.") && r.kind === "Namespace" && r.metadata.name === "monitoring-agents",
      );
      expect(labels).toHaveLength(1);
      const [labelsAddress, labelsBody] = labels[0];
      expect(labelsBody).toMatchObject({ force: true, labels: { "pod-security.kubernetes.io/enforce": "privileged" } });
      expect(dependencies(stack, labelsAddress)).toContain(creators[0]);
      // Every other release installing into it (Alloy), and kube-prometheus-stack (node-exporter, by namespaceOverride).
      const agents = [...agentReleases.map(([a]) => a).filter((a) => a !== creators[0]), releaseAddress(stack, "kube-prometheus-stack")];
      expect(agents).toContain(releaseAddress(stack, "alloy-logs"));
      for (const release of agents)
        expect(dependencies(stack, release), `${release} runs pods in monitoring-agents`).toContain(labelsAddress);
      // Terraform forgets the namespaces an earlier version created, without deleting them.
      expect(stack.removed).toEqual([
        { from: "kubernetes_namespace_v1.kubernetes_namespace_517B42BE", lifecycle: { destroy: false } },
        { from: "kubernetes_namespace_v1.kubernetes_metrics_node-agent-namespace_CEE8347D", lifecycle: { destroy: false } },
      ]);
      const crds = releaseAddress(stack, "prometheus-operator-crds");
      expect(addresses(stack).get(crds)).toMatchObject({ create_namespace: true, namespace: "monitoring" });
      for (const [address, body] of addresses(stack)) {
        const namespaced =
          address.startsWith("helm_release.") || (address.startsWith("kubernetes_") && body.metadata?.namespace === "monitoring");
        if (!namespaced || address === crds) continue;
        expect(dependencies(stack, address), `${address} must wait for the namespace`).toContain(crds);
      }
    },
  );

  it.each(ENVS)(
    "%s: every Secret Alertmanager, Grafana and the exporters mount is created before them, or a declared prerequisite",
    (env) => {
      const stack = stacks[env];
      if (!stack.resource?.helm_release) return;
      const created = createdSecrets(stack);
      const prerequisites = declaredPrerequisites(env);
      const mounts: Array<[string, string]> = [];
      const kps = releaseAddress(stack, "kube-prometheus-stack");
      const values = helmValues(addresses(stack).get(kps) as TerraformJson);
      for (const name of values.alertmanager.alertmanagerSpec.secrets as string[]) mounts.push([kps, name]);
      if (values.grafana.admin?.existingSecret) mounts.push([kps, values.grafana.admin.existingSecret]);
      for (const release of resourcesOf(stack, "helm_release").filter((r) => /-exporter-/.test(r.name))) {
        const v = helmValues(release);
        mounts.push([
          releaseAddress(stack, release.name),
          v.config?.datasource?.passwordSecret?.name ?? v.mysql?.existingPasswordSecret?.name,
        ]);
      }
      for (const [release, secret] of mounts) {
        if (prerequisites.has(secret)) continue;
        const address = created.get(secret);
        expect(address, `${release} mounts Secret "${secret}", which nothing creates`).toBeDefined();
        expect(dependencies(stack, release), `${release} must wait for Secret "${secret}"`).toContain(address);
      }
    },
  );

  it("staging and prod need no Secret prepared in the cluster: database passwords come from Secrets Manager", () => {
    expect(declaredPrerequisites("staging")).toEqual(new Set());
    // The ALB's certificate comes from ACM, not a Secret.
    expect(declaredPrerequisites("prod")).toEqual(new Set());
    const secret = resourcesOf(stacks.prod, "kubernetes_secret_v1").find((s) => s.metadata.name === "postgres-exporter-orders-password");
    // Read ephemerally and written write-only: never in state.
    expect(secret?.data).toBeUndefined();
    expect(secret?.data_wo.password).toMatch(
      /^\$\{jsondecode\(ephemeral\.aws_secretsmanager_secret_version\.\S+\.secret_string\)\.password\}$/,
    );
  });

  it("Grafana's admin password is generated by the chart unless the spec names a reference or an existing Secret", () => {
    const grafanaOf = (stack: TerraformJson) =>
      helmValues(resourcesOf(stack, "helm_release").find((r) => r.name === "kube-prometheus-stack") as TerraformJson).grafana;
    // Generated: the chart keeps a random password in its own Secret across upgrades (lookup); nothing to prepare.
    expect(grafanaOf(stacks.dev).admin).toBeUndefined();
    const withRef = bundled("staging");
    (withRef.kubernetes as TerraformJson).grafana = { adminPassword: { ssmParameter: "/monitoring/staging/grafana-admin" } };
    const stack = synthEnvironment(withRef);
    expect(grafanaOf(stack).admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    const secret = resourcesOf(stack, "kubernetes_secret_v1").find((s) => s.metadata.name === "grafana-admin");
    expect(secret?.data).toBeUndefined();
    expect(secret?.data_wo).toEqual({
      "admin-user": "admin",
      "admin-password": expect.stringMatching(/^\$\{ephemeral\.aws_ssm_parameter\.\S+\.value\}$/),
    });
  });

  it("validate rejects what cannot work: both admin sources, neither database password, a cloud reference without that cloud, a Secret in another namespace", () => {
    const input = bundled("dev") as TerraformJson;
    input.kubernetes.grafana = { adminPassword: { terraformVariable: "grafana_admin" }, adminSecret: { name: "g" } };
    input.kubernetes.databases[0] = { ...input.kubernetes.databases[0], passwordSecret: undefined, password: { secretsManager: "x" } };
    input.kubernetes.databases[1] = { ...input.kubernetes.databases[1], passwordSecret: undefined };
    input.channels[1].webhookUrl = { kubernetesSecret: { name: "alertmanager-slack", key: "webhook-url", namespace: "shop" } };
    const result = checkEnvironment(input);
    expect(result.ok).toBe(false);
    const text = result.ok ? "" : result.problems.map((e) => `${e.path}: ${e.message}`).join("\n");
    expect(text).toMatch(/kubernetes\.grafana\.adminPassword: expected at most one of "adminPassword".*received both/);
    expect(text).toMatch(/kubernetes\.databases\[0\]\.password: this reference needs a cloud section with provider "aws"/);
    expect(text).toMatch(/kubernetes\.databases\[1\]\.password: expected exactly one of "password".*received neither/);
    expect(text).toMatch(/channels\[1\]\.webhookUrl\.kubernetesSecret\.namespace: unknown key; expected one of: name, key/);
  });
});
