import type { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CHARTS } from "../../src/catalog/charts";
import { type ProfileName, type ProfileSizing, profileSizing } from "../../src/catalog/profiles";
import { type ContainerResources, chartRelease } from "../../src/terraform/helm-release";
import { escapeHelmTemplate } from "../../src/terraform/helm-values";
import { type LogPipelineOptions, logPipelineConfig } from "./config";

export interface AlloyLogsProps extends LogPipelineOptions {
  /** Sizing for what these props leave out: "small", "ha" (see `PROFILES`) or a custom sizing. @default "small" */
  readonly profile?: ProfileName | ProfileSizing;
  readonly namespace: string;
  /** @default "alloy-logs" */
  readonly releaseName?: string;
  /** @default - the profile's */
  readonly resources?: ContainerResources;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const DATA_DIR = "/var/lib/alloy";

/** The log agent's container privileges: the least that reads every container log on the node. */
const ALLOY_SECURITY_CONTEXT = {
  runAsUser: 0,
  runAsNonRoot: false,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"], add: ["DAC_READ_SEARCH"] },
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** The Helm values of the Alloy chart for a log-shipping DaemonSet. */
export function alloyLogsValues(props: AlloyLogsProps): Record<string, unknown> {
  const release = props.releaseName ?? "alloy-logs";
  return {
    // We use no PodLogs objects; not installing the CRD avoids a CRD Helm would never upgrade.
    crds: { create: false },
    alloy: {
      configMap: { create: true, content: escapeHelmTemplate(logPipelineConfig(props)) },
      // /var/log holds /var/log/pods and /var/log/journal.
      mounts: { varlog: true, extra: [{ name: "alloy-data", mountPath: DATA_DIR }] },
      // Read positions survive restarts (no re-sending of old lines), on the node's disk.
      storagePath: `${DATA_DIR}/data`,
      resources: props.resources ?? profileSizing(props.profile).alloy.resources,
      enableReporting: false,
      // Container logs under /var/log/pods are root's, mode 0640: reading them takes root with DAC_READ_SEARCH (read
      // any file, list any directory) and nothing else; the data directory on the node is root's too. The UI and
      // metrics port stays on the pod address for Prometheus and the probes; a NetworkPolicy admits only Prometheus.
      securityContext: ALLOY_SECURITY_CONTEXT,
    },
    global: { podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } } },
    // discovery.kubernetes (role "pod") is the only API use: pods, never Secrets or ConfigMaps. The chart writes
    // `rules` and `clusterRules` into one ClusterRole and cannot render an empty list for either: the verbs are split.
    rbac: {
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["list", "watch"] }],
      clusterRules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
    },
    controller: {
      type: "daemonset",
      // Every node, including tainted ones (control plane, dedicated pools).
      tolerations: [{ operator: "Exists" }],
      volumes: { extra: [{ name: "alloy-data", hostPath: { path: `/var/lib/${release}`, type: "DirectoryOrCreate" } }] },
    },
    serviceMonitor: { enabled: true },
  };
}

/** Grafana Alloy as a DaemonSet on every node, shipping all pod logs and the node journal to Loki. */
export class AlloyLogs extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: AlloyLogsProps) {
    super(scope, id);
    this.release = chartRelease(this, "release", {
      chart: CHARTS.alloy,
      name: props.releaseName ?? "alloy-logs",
      namespace: props.namespace,
      values: [alloyLogsValues(props)],
      dependsOn: props.dependsOn,
    });
  }
}
