import type { Construct } from "constructs";
import { GcpAlerting } from "../../modules/gcp-alerting";
import { GcpLogs } from "../../modules/gcp-logs";
import { GcpOpsAgent } from "../../modules/gcp-ops-agent";
import { labelValue, renderGcpChannels, renderGcpMonitoring } from "../../src/render/gcp/monitoring";
import type { GcpCloudSpec } from "../../src/spec/clouds/gcp";
import { providerModule } from "../../src/util/provider-module";
import { gcpKubernetesCapabilities } from "./gcp-kubernetes";
import type { CloudBackend, CloudContext } from "./types";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const bindings = () =>
  providerModule(
    "@cdktf/provider-google",
    () => require("@cdktf/provider-google/lib/provider") as typeof import("@cdktf/provider-google/lib/provider"),
  );

/**
 * Google Cloud: provider, Cloud Monitoring notification channels for the spec's channels (credentials by reference),
 * one alert policy per preset, resource and severity, uptime checks of the public endpoints, log retention and
 * log-based metrics, and the Ops Agent rolled out by OS Config to the labelled VMs. Rendering is in src/render/gcp.
 */
export const gcpBackend: CloudBackend<GcpCloudSpec> = {
  provider: "gcp",
  // In-cluster stack: GKE access, Workload Identity, GCS for Loki, Cloud Monitoring for Grafana (gcp-kubernetes.ts).
  kubernetes: gcpKubernetesCapabilities,
  attach(scope: Construct, { spec, cloud, secrets }: CloudContext<GcpCloudSpec>): void {
    new (bindings().GoogleProvider)(scope, "google", {
      project: cloud.project,
      region: cloud.region,
      defaultLabels: { ...cloud.labels, "monitoring-environment": labelValue(spec.name), "managed-by": "cdktf-monitoring-stack" },
    });
    const artifacts = renderGcpMonitoring(spec, cloud);
    const logs = new GcpLogs(scope, "logs", {
      project: cloud.project,
      retentionDays: artifacts.logRetentionDays,
      metrics: artifacts.logMetrics,
    });
    new GcpAlerting(scope, "alerting", {
      project: cloud.project,
      channels: renderGcpChannels(spec.name, spec.channels, (ref, purpose) => secrets.expression(ref, purpose)),
      policies: artifacts.policies,
      uptimeChecks: artifacts.uptimeChecks,
      logMetrics: logs.metricsByName,
    });
    if (artifacts.opsAgent.labelSets.length > 0) {
      new GcpOpsAgent(scope, "ops-agent", {
        project: cloud.project,
        namePrefix: `${spec.name}-monitoring`,
        zones: artifacts.opsAgent.zones,
        labelSets: artifacts.opsAgent.labelSets,
      });
    }
  },
};
