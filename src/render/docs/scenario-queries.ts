import { ERROR_LEVELS, serviceLogSelector } from "../../catalog/loki/streams";
import type { EnvironmentSpec } from "../../spec/environment";

/** One incident scenario: what to look at first, as queries a person pastes into Grafana's Explore. */
interface ScenarioQueries {
  readonly title: string;
  readonly promql: readonly string[];
  readonly logql: readonly string[];
}

/**
 * First queries for the incidents the course's drills practise (host outage, database connectivity, deployment
 * failure) and the node journal, with the labels the stack's sources set: node_exporter's `instance`, kube-state-
 * metrics' `node` and `namespace`, the log agent's stream labels (`namespace`, `app`, `container`; the journal's
 * `job="node/journal"`, `node`, `unit`, `level`). `<…>` marks what the alert names. Empty without a cluster (no
 * Prometheus or Loki there to ask).
 */
export function scenarioQueries(spec: EnvironmentSpec): ScenarioQueries[] {
  if (!spec.kubernetes) return [];
  const apps = spec.services.map(
    (s) => `${serviceLogSelector(s)} |~ "(?i)connection refused|too many connections|timeout|could not connect"`,
  );
  const engines = [...new Set(spec.kubernetes.databases.map((d) => d.engine))];
  return [
    {
      title: "Host outage",
      promql: [
        '# node_exporter targets down, with the Kubernetes node they ran on\nup{job=~".*node-exporter"} == 0',
        '# nodes not Ready (kube-state-metrics)\nkube_node_status_condition{condition="Ready", status="true"} == 0',
      ],
      logql: [
        '# the node\'s kubelet and container runtime before it went quiet\n{job="node/journal", node="<node>", unit=~"kubelet.service|containerd.service"}',
        '# kernel trouble: out of memory, disk or network errors\n{job="node/journal", node="<node>"} |~ "(?i)out of memory|oom-kill|i/o error|link is down"',
      ],
    },
    {
      title: "Database connectivity",
      promql: [
        ...(engines.includes("postgres") ? ["# PostgreSQL unreachable from its exporter\npg_up == 0"] : []),
        ...(engines.includes("mysql") ? ["# MySQL unreachable from its exporter\nmysql_up == 0"] : []),
        "# connections in use per database, against its maximum (saturation refuses new clients)\nsum by (server) (pg_stat_activity_count) or sum by (instance) (mysql_global_status_threads_connected)",
      ],
      logql: [
        `# the exporters' own errors (authentication, TLS, DNS)\n{namespace="${spec.kubernetes.namespace}", app=~"prometheus-(postgres|mysql)-exporter"} | level=~"${ERROR_LEVELS}|warn"`,
        ...apps.map((q) => `# the application's connection errors\n${q}`),
      ],
    },
    {
      title: "Deployment failure",
      promql: [
        "# rollouts that do not become available\nkube_deployment_spec_replicas > kube_deployment_status_replicas_available",
        '# containers crash looping or failing to pull their image\nmax by (namespace, pod, container, reason) (kube_pod_container_status_waiting_reason{reason=~"CrashLoopBackOff|ImagePullBackOff|ErrImagePull|CreateContainerConfigError"}) == 1',
        "# restarts in the last 15 minutes\nincrease(kube_pod_container_status_restarts_total[15m]) > 0",
      ],
      logql: [
        '# the new pods\' last lines before they exit\n{namespace="<namespace>", container="<container>"} |~ "(?i)error|exception|panic|fatal"',
        '# the kubelet\'s view: image pulls, probes, OOM kills\n{job="node/journal", unit="kubelet.service"} |~ "(?i)ErrImagePull|Back-off|Liveness probe failed|Readiness probe failed|OOMKilled"',
      ],
    },
    {
      title: "Node journal",
      promql: [],
      logql: [
        '# errors from any unit of a node\n{job="node/journal", node="<node>", level=~"emerg|alert|crit|err"}',
        '# one unit across the cluster\n{job="node/journal", unit="<unit>.service"}',
      ],
    },
  ];
}
