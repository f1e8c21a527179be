import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { helmAvailability, type KubeObject, type RenderedRelease } from "../support/helm";
import { bundledSpec, renderBundled } from "./bundled";
import { allowed, type Endpoint, type NetworkPod, networkPods, renderedPolicies } from "./checks/network-flows";

/**
 * The deploy graph's network: on the real rendering of every bundled environment, each flow the stack needs (below,
 * as data: source pod -> destination pod:port) is allowed by the rendered NetworkPolicies, and every other connection
 * between the stack's pods, or from an application pod to them, is denied.
 */
const helm = helmAvailability();
const ENVS = Object.keys(BUNDLED_ENVIRONMENTS) as (keyof typeof BUNDLED_ENVIRONMENTS)[];

/** A rendered pod's role in the flows, from its labels. */
function role(labels: Readonly<Record<string, string>>): string {
  if (labels.app?.startsWith("kube-prometheus-stack-admission")) return "admission-job";
  if (labels.app === "kube-prometheus-stack-operator") return "operator";
  if (labels["app.kubernetes.io/name"] === "loki" && labels["app.kubernetes.io/component"] === "gateway") return "loki-gateway";
  return labels["app.kubernetes.io/name"] ?? "unknown";
}

type Flow = readonly [from: string, to: string, port: number, protocol?: "UDP"];
const scrape = (to: string, ...ports: number[]): Flow[] => ports.map((port) => ["prometheus", to, port] as const);

/** Flows between the stack's own pods. */
const NEEDED: readonly Flow[] = [
  // Logs: agents push through the gateway; Grafana reads there; Loki's components talk among themselves.
  ["alloy", "loki-gateway", 8080],
  ["grafana", "loki-gateway", 8080],
  ["loki-gateway", "loki", 3100],
  ...[3100, 9095, 7946, 11211].map((port) => ["loki", "loki", port] as const),
  // Loki's ruler: recording-rule results (remote write) to Prometheus, alerts to Alertmanager.
  ["loki", "prometheus", 9090],
  ["loki", "alertmanager", 9093],
  // Grafana's data sources.
  ["grafana", "prometheus", 9090],
  ["grafana", "alertmanager", 9093],
  ["grafana", "jaeger", 16686],
  // Alerts, and Alertmanager's cluster.
  ["prometheus", "alertmanager", 9093],
  ["alertmanager", "alertmanager", 9094],
  ["alertmanager", "alertmanager", 9094, "UDP"],
  // Traces.
  ["opentelemetry-collector", "jaeger", 4317],
  // Scrapes (the ServiceMonitors' and PodMonitors' ports).
  ...scrape("prometheus", 9090, 8080),
  ...scrape("alertmanager", 8080),
  ...scrape("grafana", 3000),
  ...scrape("kube-state-metrics", 8080, 8081),
  ...scrape("loki", 3100, 9150),
  ...scrape("loki-gateway", 4040),
  ...scrape("jaeger", 8888),
  ...scrape("opentelemetry-collector", 8888),
  ...scrape("prometheus-postgres-exporter", 9187),
  ...scrape("prometheus-mysql-exporter", 9104),
  ...scrape("alloy", 12345),
  ...scrape("operator", 10250),
];

/** Ports any address outside the stack's pods may reach (checked from an application pod), and why. */
function openToAll(env: keyof typeof BUNDLED_ENVIRONMENTS): readonly (readonly [string, number])[] {
  const ingress = bundledSpec(env).kubernetes?.grafana.ingress;
  return [
    // The operator's admission webhook: the API server calls it from outside the pod network.
    ["operator", 10250],
    // Grafana behind an Ingress: the controller or load balancer.
    ...(ingress ? [["grafana", 3000] as const] : []),
  ];
}

/** Application namespaces that opted into sending traces reach the collector's OTLP ports. */
const FROM_LABELLED_APPS: readonly (readonly [string, number])[] = [
  ["opentelemetry-collector", 4317],
  ["opentelemetry-collector", 4318],
];
const TRACES_LABEL = { "monitoring.cdktf.io/send-traces": "enabled" };

const endpoint = (pod: NetworkPod): Endpoint => ({
  namespace: pod.namespace,
  namespaceLabels: { "kubernetes.io/metadata.name": pod.namespace },
  labels: pod.labels,
});

/** Every connection to a stack pod's port whose verdict differs from the model. */
export function flowFindings(
  env: keyof typeof BUNDLED_ENVIRONMENTS,
  releases: readonly RenderedRelease[],
  policies: readonly KubeObject[],
): string[] {
  const pods = networkPods(releases);
  const needed = new Set(NEEDED.map(([from, to, port, protocol]) => `${from} -> ${to}:${port}/${protocol ?? "TCP"}`));
  const open = new Set(openToAll(env).map(([to, port]) => `${to}:${port}/TCP`));
  const fromApps = new Set(FROM_LABELLED_APPS.map(([to, port]) => `${to}:${port}/TCP`));
  const app = (labelled: boolean): Endpoint => ({
    namespace: labelled ? "traced-app" : "shop",
    namespaceLabels: { "kubernetes.io/metadata.name": labelled ? "traced-app" : "shop", ...(labelled ? TRACES_LABEL : {}) },
    labels: { "app.kubernetes.io/name": "app" },
  });
  const findings: string[] = [];
  for (const to of pods) {
    for (const { port, protocol } of to.ports) {
      const target = `${role(to.labels)}:${port}/${protocol}`;
      const sources: [string, Endpoint, boolean][] = [
        ...pods.map(
          (from) => [role(from.labels), endpoint(from), needed.has(`${role(from.labels)} -> ${target}`)] as [string, Endpoint, boolean],
        ),
        ["an application pod", app(false), open.has(target)],
        ["a pod of a namespace labelled for traces", app(true), fromApps.has(target) || open.has(target)],
      ];
      for (const [name, from, expected] of sources) {
        const verdict = allowed(policies, { from, to: endpoint(to), port, protocol });
        if (verdict !== expected)
          findings.push(`${env}: ${name} -> ${target} is ${verdict ? "allowed" : "denied"}, ${expected ? "needed" : "not needed"}`);
      }
    }
  }
  // A needed flow whose pods the environment does not render is not checked; one it renders must be seen above.
  return [...new Set(findings)].sort();
}

describe.skipIf(helm.skip)("NetworkPolicies of the rendered stack", () => {
  let rendered: Record<string, RenderedRelease[]>;
  beforeAll(async () => {
    rendered = await renderBundled();
  }, 300_000);

  it("allow every flow the stack needs and deny every other connection to its pods", () => {
    expect(ENVS.flatMap((env) => flowFindings(env, rendered[env], renderedPolicies(rendered[env])))).toEqual([]);
  });

  it("every needed flow between rendered pods is exercised by the check", () => {
    for (const env of ENVS) {
      const roles = new Set(networkPods(rendered[env]).map((p) => role(p.labels)));
      for (const [from, to] of NEEDED) {
        if (["prometheus-mysql-exporter", "prometheus-postgres-exporter"].includes(to)) continue;
        expect(roles.has(from) && roles.has(to), `${env}: ${from} -> ${to}`).toBe(true);
      }
    }
  });

  it("finds a flow a policy no longer allows, and one it allows too widely", () => {
    const policies = renderedPolicies(rendered.dev);
    const withoutAlloy = policies.map((p) =>
      p.metadata.name === "allow-loki-gateway" ? { ...p, spec: { ...p.spec, ingress: p.spec.ingress.slice(1) } } : p,
    );
    expect(flowFindings("dev", rendered.dev, withoutAlloy)).toContain("dev: alloy -> loki-gateway:8080/TCP is denied, needed");
    const openPrometheus = policies.map((p) => (p.metadata.name === "allow-prometheus" ? { ...p, spec: { ...p.spec, ingress: [{}] } } : p));
    expect(flowFindings("dev", rendered.dev, openPrometheus)).toContain(
      "dev: an application pod -> prometheus:9090/TCP is allowed, not needed",
    );
    // Without any policy (the stack before NetworkPolicies) everything is open.
    expect(flowFindings("dev", rendered.dev, [])).toContain("dev: an application pod -> alertmanager:9093/TCP is allowed, not needed");
  });
});
