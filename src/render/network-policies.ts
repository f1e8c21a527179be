import { type ComponentFlows, DNS_EGRESS, type Peer, type PortRule, TRACES_NAMESPACE_LABEL } from "../catalog/network-flows";

/** The namespaces the flows' "stack" and "agents" stand for. */
interface FlowNamespaces {
  readonly stack: string;
  readonly agents: string;
}

const NAMESPACE_NAME = "kubernetes.io/metadata.name";

function peerSelector(peer: Peer, namespaces: FlowNamespaces): Record<string, unknown>[] | undefined {
  switch (peer.namespace) {
    case "anywhere":
      return undefined;
    case "labelled-apps":
      return [{ namespaceSelector: { matchLabels: { ...TRACES_NAMESPACE_LABEL } } }];
    default:
      return [
        {
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: namespaces[peer.namespace] } },
          podSelector: { matchLabels: { ...peer.pods } },
        },
      ];
  }
}

function rule(r: PortRule, direction: "from" | "to", namespaces: FlowNamespaces): Record<string, unknown> {
  const peers = peerSelector(r.peer, namespaces);
  return {
    ...(peers ? { [direction]: peers } : {}),
    ...(r.ports.length ? { ports: r.ports.map((port) => ({ port, protocol: r.protocol ?? "TCP" })) } : {}),
  };
}

function policy(name: string, namespace: string, podSelector: Record<string, unknown>, spec: Record<string, unknown>) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace, labels: { "app.kubernetes.io/managed-by": "cdktf-monitoring-stack" } },
    spec: { podSelector, policyTypes: ["Ingress", "Egress"], ...spec },
  };
}

/**
 * NetworkPolicies for the flows: per namespace, one that denies everything and one that lets every pod resolve
 * names; then one per component that allows exactly its listed ingress and egress (policies add up).
 */
export function networkPolicies(flows: readonly ComponentFlows[], namespaces: FlowNamespaces): Record<string, unknown>[] {
  const perNamespace = [namespaces.stack, namespaces.agents].flatMap((namespace) => [
    policy("default-deny", namespace, {}, {}),
    policy("allow-dns", namespace, {}, { policyTypes: ["Egress"], egress: DNS_EGRESS.map((r) => rule(r, "to", namespaces)) }),
  ]);
  const components = flows.map((c) =>
    policy(
      `allow-${c.name}`,
      namespaces[c.namespace],
      {
        matchLabels: { ...c.pods },
        ...(c.excludeComponents?.length
          ? { matchExpressions: [{ key: "app.kubernetes.io/component", operator: "NotIn", values: [...c.excludeComponents] }] }
          : {}),
      },
      { ingress: c.ingress.map((r) => rule(r, "from", namespaces)), egress: c.egress.map((r) => rule(r, "to", namespaces)) },
    ),
  );
  return [...perNamespace, ...components];
}
