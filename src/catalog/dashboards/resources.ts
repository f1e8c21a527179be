import { resolveTiers } from "../../plan/tiers";
import { hostDiskUsedPercent } from "../prometheus/hosts";
import { volumeUsedPercent } from "../prometheus/kubernetes";
import { baseDashboard, instanceVariable, namespaceVariable } from "./common";
import { alertTiers, promQuery, row, timeSeriesPanel } from "./panels";
import type { DashboardDefinition } from "./types";

const node = 'instance=~"$instance"';
const nic = `${node}, device!~"lo|veth.*|cali.*|cilium.*|flannel.*|docker.*|br-.*"`;
const pod = 'namespace=~"$namespace", container!="", container!="POD"';

/** Resource utilisation, USE style: utilisation, saturation and errors of nodes, pods and volumes. */
export const resourcesDashboard: DashboardDefinition = {
  slug: "resources",
  title: "Resource utilisation",
  description:
    "USE view of the cluster: node CPU, memory, network, disk I/O and space (node_exporter); pod CPU, memory, network and volumes (cAdvisor, kubelet, kube-state-metrics).",
  build(context) {
    // Dashed lines at the host and volume alerts' tiers (the same resolution as their rules).
    const tiers = (signal: "cpuUtilization" | "memoryUtilization" | "diskUtilization") => alertTiers(resolveTiers(signal, context.spec));
    return baseDashboard(context, resourcesDashboard, ["prometheus"])
      .withVariable(instanceVariable())
      .withVariable(namespaceVariable())
      .withRow(row("Nodes"))
      .withPanel(
        timeSeriesPanel("CPU utilisation", [promQuery(`instance:node_cpu_utilisation:percent{${node}}`, "{{instance}}")], {
          unit: "percent",
          tiers: tiers("cpuUtilization"),
          width: 8,
        }),
      )
      .withPanel(
        timeSeriesPanel(
          "Load per core (saturation)",
          [
            promQuery(
              `node_load5{${node}} / on (instance) count by (instance) (node_cpu_seconds_total{${node}, mode="idle"})`,
              "{{instance}}",
            ),
          ],
          { width: 8, description: "Above 1: runnable tasks wait for a CPU." },
        ),
      )
      .withPanel(
        timeSeriesPanel("Memory utilisation", [promQuery(`instance:node_memory_utilisation:percent{${node}}`, "{{instance}}")], {
          unit: "percent",
          tiers: tiers("memoryUtilization"),
          width: 8,
        }),
      )
      .withPanel(
        timeSeriesPanel(
          "Network throughput",
          [
            promQuery(`sum by (instance) (rate(node_network_receive_bytes_total{${nic}}[$__rate_interval]))`, "{{instance}} in"),
            promQuery(`-sum by (instance) (rate(node_network_transmit_bytes_total{${nic}}[$__rate_interval]))`, "{{instance}} out"),
          ],
          { unit: "Bps", width: 8, description: "Received above zero, sent below." },
        ),
      )
      .withPanel(
        timeSeriesPanel(
          "Network errors",
          [
            promQuery(`sum by (instance) (rate(node_network_receive_errs_total{${nic}}[$__rate_interval]))`, "{{instance}} rx"),
            promQuery(`sum by (instance) (rate(node_network_transmit_errs_total{${nic}}[$__rate_interval]))`, "{{instance}} tx"),
          ],
          { width: 8 },
        ),
      )
      .withPanel(
        timeSeriesPanel(
          "Disk I/O",
          [
            promQuery(`sum by (instance) (rate(node_disk_read_bytes_total{${node}}[$__rate_interval]))`, "{{instance}} read"),
            promQuery(`-sum by (instance) (rate(node_disk_written_bytes_total{${node}}[$__rate_interval]))`, "{{instance}} write"),
          ],
          { unit: "Bps", width: 8 },
        ),
      )
      .withPanel(
        timeSeriesPanel(
          "Disk busy (saturation)",
          [promQuery(`max by (instance) (rate(node_disk_io_time_seconds_total{${node}}[$__rate_interval]))`, "{{instance}}")],
          { unit: "percentunit", width: 12, description: "Share of time the busiest device of the node had I/O in flight." },
        ),
      )
      .withPanel(
        timeSeriesPanel("Disk space used", [promQuery(hostDiskUsedPercent(node), "{{instance}} {{mountpoint}}")], {
          unit: "percent",
          width: 12,
          tiers: tiers("diskUtilization"),
        }),
      )
      .withRow(row("Pods"))
      .withPanel(
        timeSeriesPanel(
          "Pod CPU (top 10)",
          [
            promQuery(
              `topk(10, sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${pod}}[$__rate_interval])))`,
              "{{namespace}}/{{pod}}",
            ),
          ],
          { width: 12 },
        ),
      )
      .withPanel(
        timeSeriesPanel(
          "Pod memory working set (top 10)",
          [promQuery(`topk(10, sum by (namespace, pod) (container_memory_working_set_bytes{${pod}}))`, "{{namespace}}/{{pod}}")],
          { unit: "bytes", width: 12 },
        ),
      )
      .withPanel(
        timeSeriesPanel(
          "Pod network received (top 10)",
          [
            promQuery(
              `topk(10, sum by (namespace, pod) (rate(container_network_receive_bytes_total{namespace=~"$namespace"}[$__rate_interval])))`,
              "{{namespace}}/{{pod}}",
            ),
          ],
          { unit: "Bps", width: 12 },
        ),
      )
      .withPanel(
        timeSeriesPanel(
          "Container restarts",
          [
            promQuery(
              `sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace=~"$namespace"}[$__rate_interval])) > 0`,
              "{{namespace}}/{{pod}}",
            ),
          ],
          { width: 12, description: "Crash loops and OOM kills show up here first." },
        ),
      )
      .withPanel(
        timeSeriesPanel(
          "Volume space used",
          [promQuery(volumeUsedPercent('namespace=~"$namespace"'), "{{namespace}}/{{persistentvolumeclaim}}")],
          { unit: "percent", width: 24, tiers: tiers("diskUtilization") },
        ),
      );
  },
};
