/**
 * The network flows the in-cluster stack needs, as data: each component (selected by its pods' labels, in the stack's
 * or the node agents' namespace) lists whom it accepts connections from and where it connects to. Everything else
 * is denied: src/render/network-policies.ts turns this into a default-deny NetworkPolicy per namespace plus one
 * allow policy per component. Ports are container ports (what a NetworkPolicy matches), not Service ports.
 *
 * Peers outside the cluster's pods cannot be named by label: the API server, cloud APIs and object stores are
 * "anywhere" on their ports (443/6443), and host-network pods (node-exporter) are not subject to NetworkPolicies.
 */
export type StackNamespace = "stack" | "agents";

export type Peer =
  /** Pods with these labels in the stack's or the agents' namespace. */
  | { readonly namespace: StackNamespace; readonly pods: Readonly<Record<string, string>> }
  /** Any pod of a namespace carrying {@link TRACES_NAMESPACE_LABEL}. */
  | { readonly namespace: "labelled-apps" }
  /** Any address: the API server, cloud endpoints, load balancers, host-network pods. */
  | { readonly namespace: "anywhere" };

export interface PortRule {
  readonly peer: Peer;
  readonly ports: readonly number[];
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP";
}

export interface ComponentFlows {
  /** Policy name suffix (allow-<name>). */
  readonly name: string;
  readonly namespace: StackNamespace;
  readonly pods: Readonly<Record<string, string>>;
  /** Pods with these `app.kubernetes.io/component` values are left to a policy of their own. @default [] */
  readonly excludeComponents?: readonly string[];
  readonly ingress: readonly PortRule[];
  readonly egress: readonly PortRule[];
}

/** Application namespaces whose pods may send OTLP to the collector carry this label (opt-in). */
export const TRACES_NAMESPACE_LABEL = { "monitoring.cdktf.io/send-traces": "enabled" } as const;

const name = (value: string) => ({ "app.kubernetes.io/name": value });
const POD_LABELS = {
  prometheus: name("prometheus"),
  alertmanager: name("alertmanager"),
  grafana: name("grafana"),
  operator: { app: "kube-prometheus-stack-operator" },
  admissionJobs: { app: "kube-prometheus-stack-admission-create" },
  admissionPatch: { app: "kube-prometheus-stack-admission-patch" },
  kubeStateMetrics: name("kube-state-metrics"),
  loki: name("loki"),
  lokiGateway: { ...name("loki"), "app.kubernetes.io/component": "gateway" },
  jaeger: name("jaeger"),
  collector: name("opentelemetry-collector"),
  postgresExporter: name("prometheus-postgres-exporter"),
  mysqlExporter: name("prometheus-mysql-exporter"),
  alloy: name("alloy"),
} as const;

const stack = (pods: Readonly<Record<string, string>>): Peer => ({ namespace: "stack", pods });
const anywhere: Peer = { namespace: "anywhere" };
const fromPrometheus = (...ports: number[]): PortRule => ({ peer: stack(POD_LABELS.prometheus), ports });
/** The API server (address unknown at synth time: managed control planes) on its usual ports. */
const apiServer: PortRule = { peer: anywhere, ports: [443, 6443] };
/** Cloud APIs and object stores, over HTTPS. */
const cloudHttps: PortRule = { peer: anywhere, ports: [443] };

/** DNS, for every pod of both namespaces (a policy of its own). */
export const DNS_EGRESS: readonly PortRule[] = [
  { peer: anywhere, ports: [53], protocol: "UDP" },
  { peer: anywhere, ports: [53], protocol: "TCP" },
];

interface FlowOptions {
  /** Grafana has an Ingress: its controller (or load balancer) reaches Grafana's port from outside the namespace. */
  readonly grafanaIngress: boolean;
  /** Database ports the exporters connect to. */
  readonly databasePorts: readonly number[];
  /** Ports of the SSO provider's token and user-info endpoints, which Grafana calls. @default [] - no SSO */
  readonly grafanaSsoPorts?: readonly number[];
}

/** Every component's flows for these options. */
export function stackFlows(options: FlowOptions): ComponentFlows[] {
  return [
    {
      name: "prometheus",
      namespace: "stack",
      pods: POD_LABELS.prometheus,
      ingress: [
        // Queries from Grafana; rule-based metrics (remote write) and queries from Loki's ruler; self-scrape.
        { peer: stack(POD_LABELS.grafana), ports: [9090] },
        { peer: stack(POD_LABELS.loki), ports: [9090] },
        fromPrometheus(9090, 8080),
      ],
      // Scrapes every target (pods of any namespace, host-network node-exporter, kubelets), discovers them through the
      // API server, alerts Alertmanager and writes to a managed remote store: egress stays open.
      egress: [{ peer: anywhere, ports: [] }],
    },
    {
      name: "alertmanager",
      namespace: "stack",
      pods: POD_LABELS.alertmanager,
      ingress: [
        { peer: stack(POD_LABELS.prometheus), ports: [9093, 8080] },
        { peer: stack(POD_LABELS.loki), ports: [9093] },
        { peer: stack(POD_LABELS.grafana), ports: [9093] },
        { peer: stack(POD_LABELS.alertmanager), ports: [9094] },
        { peer: stack(POD_LABELS.alertmanager), ports: [9094], protocol: "UDP" },
      ],
      egress: [
        // Receivers (Slack, PagerDuty, Amazon SNS, webhooks) over HTTPS; the cluster's peers.
        cloudHttps,
        { peer: stack(POD_LABELS.alertmanager), ports: [9094] },
        { peer: stack(POD_LABELS.alertmanager), ports: [9094], protocol: "UDP" },
      ],
    },
    {
      name: "grafana",
      namespace: "stack",
      pods: POD_LABELS.grafana,
      ingress: [fromPrometheus(3000), ...(options.grafanaIngress ? [{ peer: anywhere, ports: [3000] }] : [])],
      egress: [
        { peer: stack(POD_LABELS.prometheus), ports: [9090] },
        { peer: stack(POD_LABELS.alertmanager), ports: [9093] },
        { peer: stack(POD_LABELS.lokiGateway), ports: [8080] },
        { peer: stack(POD_LABELS.jaeger), ports: [16686] },
        // The sidecars read ConfigMaps; cloud data sources (CloudWatch, Cloud Monitoring, Azure Monitor); the SSO
        // provider's endpoints on 443.
        apiServer,
        ...(() => {
          const other = (options.grafanaSsoPorts ?? []).filter((port) => !apiServer.ports.includes(port));
          return other.length ? [{ peer: anywhere, ports: other }] : [];
        })(),
      ],
    },
    {
      name: "operator",
      namespace: "stack",
      pods: POD_LABELS.operator,
      // The admission webhook is called by the API server (not a pod); metrics from Prometheus.
      ingress: [{ peer: anywhere, ports: [10250] }],
      egress: [apiServer],
    },
    { name: "admission-create", namespace: "stack", pods: POD_LABELS.admissionJobs, ingress: [], egress: [apiServer] },
    { name: "admission-patch", namespace: "stack", pods: POD_LABELS.admissionPatch, ingress: [], egress: [apiServer] },
    {
      name: "kube-state-metrics",
      namespace: "stack",
      pods: POD_LABELS.kubeStateMetrics,
      ingress: [fromPrometheus(8080, 8081)],
      egress: [apiServer],
    },
    {
      name: "loki",
      namespace: "stack",
      pods: POD_LABELS.loki,
      excludeComponents: ["gateway"],
      ingress: [
        // Components talk to each other (HTTP, gRPC, memberlist, memcached) through the gateway and directly.
        { peer: stack(POD_LABELS.loki), ports: [3100, 9095, 7946, 11211] },
        fromPrometheus(3100, 9150),
      ],
      egress: [
        { peer: stack(POD_LABELS.loki), ports: [3100, 9095, 7946, 11211] },
        // The ruler: recording-rule results to Prometheus, alerts to Alertmanager.
        { peer: stack(POD_LABELS.prometheus), ports: [9090] },
        { peer: stack(POD_LABELS.alertmanager), ports: [9093] },
        // Object storage (S3, GCS, Azure Blob).
        cloudHttps,
      ],
    },
    {
      name: "loki-gateway",
      namespace: "stack",
      pods: POD_LABELS.lokiGateway,
      ingress: [
        { peer: { namespace: "agents", pods: POD_LABELS.alloy }, ports: [8080] },
        { peer: stack(POD_LABELS.grafana), ports: [8080] },
        fromPrometheus(4040),
      ],
      // It proxies to Loki's HTTP port.
      egress: [{ peer: stack(POD_LABELS.loki), ports: [3100] }],
    },
    {
      name: "jaeger",
      namespace: "stack",
      pods: POD_LABELS.jaeger,
      ingress: [
        // OTLP over gRPC from the collector (modules/otel-collector exports there).
        { peer: stack(POD_LABELS.collector), ports: [4317] },
        { peer: stack(POD_LABELS.grafana), ports: [16686] },
        fromPrometheus(8888),
      ],
      // A managed OpenSearch or Elasticsearch endpoint.
      egress: [{ peer: anywhere, ports: [443, 9200] }],
    },
    {
      name: "otel-collector",
      namespace: "stack",
      pods: POD_LABELS.collector,
      ingress: [{ peer: { namespace: "labelled-apps" }, ports: [4317, 4318] }, fromPrometheus(8888)],
      egress: [{ peer: stack(POD_LABELS.jaeger), ports: [4317] }, apiServer],
    },
    {
      name: "postgres-exporter",
      namespace: "stack",
      pods: POD_LABELS.postgresExporter,
      ingress: [fromPrometheus(9187)],
      egress: options.databasePorts.length ? [{ peer: anywhere, ports: options.databasePorts }] : [],
    },
    {
      name: "mysql-exporter",
      namespace: "stack",
      pods: POD_LABELS.mysqlExporter,
      ingress: [fromPrometheus(9104)],
      egress: options.databasePorts.length ? [{ peer: anywhere, ports: options.databasePorts }] : [],
    },
    {
      name: "alloy",
      namespace: "agents",
      pods: POD_LABELS.alloy,
      // The UI and metrics port: Prometheus only (the UI would otherwise show every pipeline to any pod).
      ingress: [fromPrometheus(12345)],
      egress: [{ peer: stack(POD_LABELS.lokiGateway), ports: [8080] }, apiServer],
    },
  ];
}
