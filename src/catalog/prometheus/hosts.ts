import { resolveTiers } from "../../plan/tiers";
import { Duration } from "../../spec/duration";
import { fillingUpExpr } from "./filling-up";
import { NODE_EXPORTER_JOB, withNode } from "./monitoring";
import { type CatalogContext, type RuleGroupDefinition, tieredAlerts } from "./types";

/** Filesystems worth alerting on: real disks, not tmpfs/overlay layers of containers. */
const REAL_FS = 'fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs", mountpoint!=""';

/**
 * Share of a real filesystem in use, in percent, as HostDiskAlmostFull compares it and the resources dashboard draws it.
 * `matchers` narrow it further, e.g. `instance=~"$instance"`.
 */
export function hostDiskUsedPercent(matchers = ""): string {
  const sel = `{${matchers ? `${matchers}, ` : ""}${REAL_FS}}`;
  return `100 * (1 - node_filesystem_avail_bytes${sel} / node_filesystem_size_bytes${sel})`;
}

/**
 * Container series (cAdvisor, through the kubelet) of the node a host alert's node_exporter `instance` runs on. The
 * two sources share no target label: cAdvisor's `instance` is the kubelet's address and its `node` the node name,
 * while node_exporter knows neither. kube-state-metrics' `kube_pod_info` gives the node of the exporter's pod (whose
 * `namespace` and `pod` the ServiceMonitor puts on every node_exporter series).
 */
function onInstanceNode(containerSeries: string): string {
  return `${containerSeries} * on (node) group_left () max by (node) (kube_pod_info * on (namespace, pod) group_left () node_uname_info{instance="<instance>"})`;
}

/** Node/host alerts from node_exporter metrics (every node runs it through kube-prometheus-stack). */
export function hostRules(context: CatalogContext): RuleGroupDefinition[] {
  const env = context.spec;
  const r5m = context.range(Duration.minutes(5));
  return [
    {
      name: "hosts",
      engine: "prometheus",
      rules: [
        {
          kind: "record",
          record: "instance:node_cpu_utilisation:percent",
          expr: `100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${r5m}])))`,
        },
        {
          kind: "record",
          record: "instance:node_memory_utilisation:percent",
          expr: "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)",
        },
        {
          kind: "alert",
          alert: "NodeExporterDown",
          expr: withNode(`up{job=~"${NODE_EXPORTER_JOB}"} == 0`),
          for: context.scaled(Duration.minutes(5)),
          severity: "warning",
          summary: "A node's exporter is unreachable",
          description:
            "node_exporter {{ $labels.instance }} on node {{ $labels.node }} has been unreachable for 5 minutes (up = {{ $value }}): the node's host alerts are blind.",
          runbook: {
            meaning:
              "Prometheus cannot scrape the node_exporter of one node. With the node itself down, KubeNodeNotReady pages and silences this.",
            impact: "CPU, memory, disk and network alerts of that node cannot fire.",
            diagnosis: [
              `\`kubectl get pods -n ${context.spec.kubernetes?.namespace ?? "monitoring"} -o wide | grep node-exporter\` on the node; its logs and events.`,
              "Host firewall or security group between Prometheus and port 9100 of the node.",
            ],
            mitigation: ["Restart the node-exporter pod; replace the node if it is unhealthy."],
          },
        },
        ...tieredAlerts(context, resolveTiers("cpuUtilization", env), (v, op) => ({
          alert: "HostHighCpuLoad",
          expr: `instance:node_cpu_utilisation:percent ${op} ${v}`,
          summary: "Host CPU is saturated",
          description: `CPU of {{ $labels.instance }} is {{ printf "%.1f" $value }}% busy (threshold ${v}%).`,
          runbook: {
            meaning: "The node's CPUs have been busy (not idle) above the threshold for the whole `for` window.",
            impact: "Pods on the node are throttled or slowed; latency of the services scheduled there rises.",
            diagnosis: [
              `Which pods use the CPU: \`topk(10, sum by (namespace, pod) (${onInstanceNode('rate(container_cpu_usage_seconds_total{container!=""}[5m])')}))\`.`,
              'Is it steal or iowait rather than work: `avg by (mode) (rate(node_cpu_seconds_total{instance="<instance>"}[5m]))`.',
              'The node (for kubectl): the `nodename` of `node_uname_info{instance="<instance>"}`.',
              "Open the Resource utilisation dashboard, filtered on the instance.",
            ],
            mitigation: [
              "Scale the busy workload out, or cordon and drain the node so pods spread: `kubectl cordon <node> && kubectl drain <node> --ignore-daemonsets`.",
              "Set CPU requests/limits on the pods that have none; add nodes if the whole cluster is busy.",
            ],
          },
        })),
        ...tieredAlerts(context, resolveTiers("memoryUtilization", env), (v, op) => ({
          alert: "HostMemoryPressure",
          expr: `instance:node_memory_utilisation:percent ${op} ${v}`,
          summary: "Host memory is nearly exhausted",
          description: `Memory of {{ $labels.instance }} is {{ printf "%.1f" $value }}% used (threshold ${v}%).`,
          runbook: {
            meaning: "Available memory (MemAvailable, which counts reclaimable cache) is below what the threshold allows.",
            impact: "The kernel OOM killer or the kubelet's eviction starts killing pods.",
            diagnosis: [
              `Largest consumers: \`topk(10, sum by (namespace, pod) (${onInstanceNode('container_memory_working_set_bytes{container!=""}')}))\`.`,
              'Recent OOM kills: `increase(node_vmstat_oom_kill{instance="<instance>"}[1h])` and `kubectl get events -A --field-selector reason=OOMKilling`.',
              'The node (for kubectl): the `nodename` of `node_uname_info{instance="<instance>"}`.',
            ],
            mitigation: [
              "Set memory limits on the offending pods, or move them: `kubectl drain <node> --ignore-daemonsets`.",
              "Add memory (bigger instance type) if the node is simply undersized.",
            ],
          },
        })),
        ...tieredAlerts(context, resolveTiers("diskUtilization", env), (v, op) => ({
          alert: "HostDiskAlmostFull",
          expr: `${hostDiskUsedPercent()} ${op} ${v}`,
          summary: "Host filesystem is almost full",
          description: `Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is {{ printf "%.1f" $value }}% full (threshold ${v}%).`,
          runbook: {
            meaning: "A real (non-tmpfs) filesystem on the node has less free space than the threshold allows.",
            impact: "Writes fail when it is full; the kubelet evicts pods under disk pressure.",
            diagnosis: [
              'Usage by mountpoint: `100 * (1 - node_filesystem_avail_bytes{instance="<instance>"} / node_filesystem_size_bytes{instance="<instance>"})`.',
              "On the node: `du -xh --max-depth=2 <mountpoint> | sort -h | tail`; container images: `crictl images`.",
            ],
            mitigation: [
              "Remove unused images (`crictl rmi --prune`) and old logs.",
              "Grow the volume, or move data to a persistent volume.",
            ],
          },
        })),
        ...tieredAlerts(context, resolveTiers("diskHoursUntilFull", env), (v) => ({
          alert: "HostDiskFillingUp",
          // Writable filesystems only: a read-only one cannot fill.
          expr: `${fillingUpExpr(context, "node_filesystem_avail_bytes", "node_filesystem_size_bytes", v, REAL_FS)} and on (instance, device, mountpoint) (node_filesystem_readonly{${REAL_FS}} == 0)`,
          summary: "Host filesystem will be full soon",
          description: `Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} will be full within ${v} hours at the growth rate of the last 6 hours.`,
          runbook: {
            meaning: "Extrapolating the last 6 hours of growth, free space reaches zero within the threshold's hours.",
            impact: "Same as a full disk, but there is still time to act.",
            diagnosis: [
              'Growth rate: `deriv(node_filesystem_avail_bytes{instance="<instance>", mountpoint="<mountpoint>"}[6h])`.',
              "Find the growing directory on the node (`du -xh --max-depth=3 <mountpoint> | sort -h | tail`); check log rotation.",
            ],
            mitigation: ["Fix the runaway writer (log level, retention, stuck job).", "Grow the volume before it fills."],
          },
        })),
        ...tieredAlerts(context, resolveTiers("networkErrorsPerSecond", env), (v, op) => ({
          alert: "HostNetworkErrors",
          expr: `sum by (instance, device) (rate(node_network_receive_errs_total[${r5m}]) + rate(node_network_transmit_errs_total[${r5m}])) ${op} ${v}`,
          summary: "Host network interface reports errors",
          description: `{{ $labels.device }} on {{ $labels.instance }} has {{ printf "%.2f" $value }} errors/s (threshold ${v}/s).`,
          runbook: {
            meaning: "The interface counts receive or transmit errors (bad frames, driver or hardware faults).",
            impact: "Packet loss, retransmissions, higher latency for everything on the node.",
            diagnosis: [
              'Per direction: `rate(node_network_receive_errs_total{instance="<instance>"}[5m])` and the transmit counterpart.',
              "On the node: `ip -s link show <device>`, `ethtool -S <device>`.",
            ],
            mitigation: [
              "Replace the node (cordon, drain, terminate) if errors persist: on cloud instances this moves it to healthy hardware.",
            ],
          },
        })),
        ...tieredAlerts(context, resolveTiers("networkUtilization", env), (v, op) => ({
          alert: "HostNetworkSaturated",
          // max(receive, transmit) per interface: "rx > tx" keeps rx where it is larger, "or tx" fills in the rest.
          expr: `100 * ((rate(node_network_receive_bytes_total[${r5m}]) > rate(node_network_transmit_bytes_total[${r5m}])) or rate(node_network_transmit_bytes_total[${r5m}])) / (node_network_speed_bytes > 0) ${op} ${v}`,
          summary: "Host network interface is saturated",
          description: `{{ $labels.device }} on {{ $labels.instance }} runs at {{ printf "%.1f" $value }}% of its link speed (threshold ${v}%).`,
          runbook: {
            meaning: "Receive or transmit throughput is close to the interface's link speed.",
            impact: "Queues build up, latency and drops rise for all pods on the node.",
            diagnosis: [
              `Top talkers: \`topk(10, sum by (namespace, pod) (${onInstanceNode("rate(container_network_transmit_bytes_total[5m])")}))\`.`,
            ],
            mitigation: ["Spread the chatty workload across nodes, or use an instance type with more bandwidth."],
          },
        })),
      ],
    },
  ];
}
