import type { KubeObject, RenderedRelease } from "../../support/helm";
import { type RenderedPod, renderedPods } from "./pod-security";

/**
 * Evaluates rendered NetworkPolicies (networking.k8s.io/v1 semantics) for a connection between two pods: it is
 * allowed when the source's egress and the destination's ingress both allow it. A pod no policy of a direction
 * selects is open in that direction; policies add up.
 */

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are untyped by nature
type Spec = Record<string, any>;

export interface Endpoint {
  readonly namespace: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol: "TCP" | "UDP";
}

function matches(selector: Spec | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e: Spec) => {
    const value = labels[e.key];
    switch (e.operator) {
      case "In":
        return value !== undefined && e.values.includes(value);
      case "NotIn":
        return value === undefined || !e.values.includes(value);
      case "Exists":
        return value !== undefined;
      case "DoesNotExist":
        return value === undefined;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabels && byExpressions;
}

/** Whether a from/to peer list admits an endpoint (absent: everyone; ipBlock: any address, pods included). */
function peerAdmits(peers: Spec[] | undefined, policyNamespace: string, peer: Endpoint): boolean {
  if (!peers) return true;
  return peers.some((p) => {
    if (p.ipBlock) return true;
    const namespaceOk = p.namespaceSelector ? matches(p.namespaceSelector, peer.namespaceLabels) : peer.namespace === policyNamespace;
    return namespaceOk && matches(p.podSelector, peer.labels);
  });
}

function portAdmits(ports: Spec[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(
    (p) => (p.protocol ?? "TCP") === protocol && (p.port === undefined || (p.port <= port && port <= (p.endPort ?? p.port))),
  );
}

function direction(policies: readonly KubeObject[], self: Endpoint, peer: Endpoint, c: Connection, type: "Ingress" | "Egress"): boolean {
  const selecting = policies.filter((p) => {
    const namespace = p.metadata.namespace;
    const types: string[] = p.spec.policyTypes ?? ["Ingress", ...(p.spec.egress ? ["Egress"] : [])];
    return namespace === self.namespace && types.includes(type) && matches(p.spec.podSelector, self.labels);
  });
  if (selecting.length === 0) return true;
  const key = type === "Ingress" ? "ingress" : "egress";
  const peersKey = type === "Ingress" ? "from" : "to";
  return selecting.some((p) =>
    (p.spec[key] ?? []).some(
      (r: Spec) => peerAdmits(r[peersKey], p.metadata.namespace ?? "", peer) && portAdmits(r.ports, c.port, c.protocol),
    ),
  );
}

export function allowed(policies: readonly KubeObject[], c: Connection): boolean {
  return direction(policies, c.from, c.to, c, "Egress") && direction(policies, c.to, c.from, c, "Ingress");
}

/** Every NetworkPolicy of the rendered releases, with its namespace filled in. */
export function renderedPolicies(releases: readonly RenderedRelease[]): KubeObject[] {
  return releases.flatMap((r) =>
    r.objects
      .filter((o) => o.kind === "NetworkPolicy")
      .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? r.release.namespace } })),
  );
}

/**
 * Ports the operator gives Prometheus and Alertmanager pods (web, config-reloader, cluster gossip); other pods list
 * theirs in their containers.
 */
const OPERATOR_PORTS: Record<string, readonly { port: number; protocol: "TCP" | "UDP" }[]> = {
  prometheus: [
    { port: 9090, protocol: "TCP" },
    { port: 8080, protocol: "TCP" },
  ],
  alertmanager: [
    { port: 9093, protocol: "TCP" },
    { port: 9094, protocol: "TCP" },
    { port: 9094, protocol: "UDP" },
    { port: 8080, protocol: "TCP" },
  ],
};

export interface NetworkPod extends RenderedPod {
  readonly ports: readonly { port: number; protocol: "TCP" | "UDP" }[];
}

/** The rendered pods with the ports they listen on (host-network pods left out: no NetworkPolicy applies to them). */
export function networkPods(releases: readonly RenderedRelease[]): NetworkPod[] {
  return renderedPods(releases)
    .filter((pod) => !pod.spec.hostNetwork)
    .map((pod) => {
      const operatorPorts = OPERATOR_PORTS[pod.labels["app.kubernetes.io/name"]];
      const declared = (pod.spec.containers ?? []).flatMap((c: Spec) =>
        (c.ports ?? []).map((p: Spec) => ({ port: p.containerPort as number, protocol: (p.protocol ?? "TCP") as "TCP" | "UDP" })),
      );
      return {
        ...pod,
        ports: pod.source.includes(": Prometheus/") || pod.source.includes(": Alertmanager/") ? [...(operatorPorts ?? [])] : declared,
      };
    });
}
