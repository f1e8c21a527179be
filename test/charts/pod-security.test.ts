import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { helmAvailability, type RenderedRelease } from "../support/helm";
import { bundledStacks, renderBundled } from "./bundled";
import { ENFORCE_LABEL, mountsToken, namespaceLabels, type RenderedPod, renderedPods, restrictedViolations } from "./checks/pod-security";

/**
 * Pod Security Standards on the real rendering of every helm_release of every bundled environment: each pod's
 * namespace enforces a level; every pod of a "restricted" namespace passes that profile (test/charts/checks/pod-security.ts
 * holds its rules as data); the "privileged" namespace holds only the node agents below, each with exactly the
 * privileges listed here.
 */
const helm = helmAvailability();
const ENVS = Object.keys(BUNDLED_ENVIRONMENTS) as (keyof typeof BUNDLED_ENVIRONMENTS)[];

/**
 * The node agents, by the pod's `app.kubernetes.io/name`, and the "restricted" violations each may hold (container:
 * privilege, as the rules word them), with the reason. Anything more, or less, fails: a privilege granted or dropped
 * is a reviewed change of this table.
 */
const AGENT_PRIVILEGES: Record<string, { readonly why: string; readonly privileges: readonly string[] }> = {
  "prometheus-node-exporter": {
    why: "node metrics: the host's network (its interfaces, port 9100 on the node), its process table and read-only /proc, /sys and /",
    privileges: ["hostNetwork", "hostPID", "hostPath /", "hostPath /proc", "hostPath /sys"],
  },
  alloy: {
    why: "log agent: reads every container log under /var/log (root's, mode 0640) as root with DAC_READ_SEARCH only; keeps read positions on the node",
    privileges: [
      "alloy: capability DAC_READ_SEARCH",
      "alloy: runAsNonRoot not true",
      "alloy: runAsUser 0",
      "hostPath /var/lib/alloy-logs",
      "hostPath /var/log",
    ],
  },
};

/** Pods of the restricted namespace that call the API server (by `app.kubernetes.io/name`), and why; all others mount no token. */
const API_USERS: Record<string, string> = {
  grafana: "the dashboard and data source sidecars list ConfigMaps of Grafana's namespace",
  "kube-state-metrics": "lists and watches the objects it turns into metrics",
  "kube-prometheus-stack-prometheus-operator": "the operator and its admission-webhook jobs (Secret, webhook patch)",
  prometheus: "Kubernetes service discovery of its scrape targets",
  "opentelemetry-collector": "the k8s_attributes processor reads pods, namespaces and replica sets",
};

describe.skipIf(helm.skip)("Pod Security Standards of the rendered pods", () => {
  let rendered: Record<string, RenderedRelease[]>;
  beforeAll(async () => {
    rendered = await renderBundled();
  }, 300_000);

  const podsOf = (env: string): RenderedPod[] => renderedPods(rendered[env]);
  const levelOf = (env: string, namespace: string) => namespaceLabels(bundledStacks()[env]).get(namespace)?.[ENFORCE_LABEL];

  it("every namespace a pod runs in enforces a Pod Security level the stack sets", () => {
    const unlabelled = ENVS.flatMap((env) =>
      podsOf(env)
        .filter((pod) => !levelOf(env, pod.namespace))
        .map((pod) => `${env}: ${pod.source} (namespace ${pod.namespace} has no ${ENFORCE_LABEL} label)`),
    );
    expect(unlabelled).toEqual([]);
  });

  it('every pod of a "restricted" namespace passes the restricted profile', () => {
    const failing = ENVS.flatMap((env) =>
      podsOf(env)
        .filter((pod) => levelOf(env, pod.namespace) === "restricted")
        .flatMap((pod) => restrictedViolations(pod.spec).map((v) => `${env}: ${pod.source}: ${v}`)),
    );
    expect(failing).toEqual([]);
    for (const env of ENVS)
      expect(
        podsOf(env).filter((pod) => levelOf(env, pod.namespace) === "restricted").length,
        `${env} runs pods in a restricted namespace`,
      ).toBeGreaterThan(5);
  });

  it("only the listed node agents run outside it, each with exactly its listed privileges", () => {
    for (const env of ENVS) {
      const outside = podsOf(env).filter((pod) => levelOf(env, pod.namespace) !== "restricted");
      const agents = outside.map((pod) => [pod.labels["app.kubernetes.io/name"], pod] as const);
      expect(agents.map(([name]) => name).sort(), `${env}: pods outside the restricted namespace`).toEqual(
        Object.keys(AGENT_PRIVILEGES).sort(),
      );
      for (const [name, pod] of agents) {
        expect(levelOf(env, pod.namespace), `${env}: ${pod.source}`).toBe("privileged");
        expect(restrictedViolations(pod.spec), `${env}: ${pod.source} privileges`).toEqual([...AGENT_PRIVILEGES[name].privileges].sort());
      }
    }
  });

  it("only the listed API users of the restricted namespace mount a service-account token", () => {
    for (const env of ENVS) {
      const mounting = podsOf(env)
        .filter((pod) => levelOf(env, pod.namespace) === "restricted" && mountsToken(pod, bundledStacks()[env]))
        .map((pod) => pod.labels["app.kubernetes.io/name"] ?? pod.source);
      expect([...new Set(mounting)].sort(), env).toEqual(Object.keys(API_USERS).sort());
    }
  });

  it("the restricted rules find what a pod may not do", () => {
    const jaeger = podsOf("dev").find((pod) => pod.labels["app.kubernetes.io/name"] === "jaeger");
    if (!jaeger) throw new Error("dev renders no Jaeger pod");
    const spec = structuredClone(jaeger.spec);
    const container = spec.containers[0];
    container.securityContext = {
      ...container.securityContext,
      allowPrivilegeEscalation: true,
      capabilities: { drop: [], add: ["NET_BIND_SERVICE", "SYS_ADMIN"] },
      runAsUser: 0,
      seccompProfile: undefined,
    };
    spec.securityContext = { ...spec.securityContext, seccompProfile: undefined, runAsNonRoot: false };
    spec.hostIPC = true;
    spec.volumes = [...(spec.volumes ?? []), { name: "docker", hostPath: { path: "/var/run/docker.sock" } }, { name: "n", nfs: {} }];
    expect(restrictedViolations(spec)).toEqual(
      [
        "hostIPC",
        "hostPath /var/run/docker.sock",
        "volume type nfs",
        "jaeger: allowPrivilegeEscalation not false",
        "jaeger: capabilities not dropping ALL, capability SYS_ADMIN",
        "jaeger: runAsNonRoot not true",
        "jaeger: runAsUser 0",
        "jaeger: no RuntimeDefault/Localhost seccomp",
      ].sort(),
    );
  });
});
