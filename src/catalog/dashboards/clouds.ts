import type { CloudProvider } from "../../spec/clouds";
import type { AwsCloudSpec } from "../../spec/clouds/aws";
import type { EnvironmentSpec } from "../../spec/environment";
import { cloudWatchDataSource, type GrafanaDataSource } from "../grafana-data-sources";
import { awsDashboard } from "./aws";
import type { DashboardDefinition, DataSourceKind } from "./types";

/** What a cloud adds to the dashboards. Adding a cloud adds an entry here; no dashboard switches on the provider. */
interface CloudDashboards {
  readonly dashboards: readonly DashboardDefinition[];
  /**
   * Whether the in-cluster Grafana has this cloud's data source (it needs a workload identity the cloud backend
   * creates), so the in-cluster path only gets the cloud dashboards where they can show data.
   */
  readonly inClusterDataSource: (spec: EnvironmentSpec) => boolean;
  /** Kind of the cloud's data source (the dashboards' variable). */
  readonly kind: Exclude<DataSourceKind, "prometheus">;
  /** The data source an external Grafana gets, with this uid. */
  readonly externalDataSource: (spec: EnvironmentSpec, uid: string) => GrafanaDataSource;
}

/** Per-cloud dashboards; a cloud without an entry simply has none yet. */
export const CLOUD_DASHBOARDS: { readonly [P in CloudProvider]?: CloudDashboards } = {
  aws: {
    dashboards: [awsDashboard],
    // CloudWatch is provisioned in the cluster's Grafana with IRSA, which exists on EKS only (stacks/clouds/aws-kubernetes.ts).
    inClusterDataSource: (spec) => spec.kubernetes?.connection.type === "eks",
    kind: "cloudwatch",
    // The external Grafana's own AWS credentials (Amazon Managed Grafana's workspace role, or the SDK default chain).
    externalDataSource: (spec, uid) => ({
      ...cloudWatchDataSource((spec.cloud as AwsCloudSpec).region),
      name: `CloudWatch (${spec.name})`,
      uid,
    }),
  },
};

/** The cloud dashboards of an environment. */
export function cloudDashboards(spec: EnvironmentSpec): CloudDashboards | undefined {
  return spec.cloud ? CLOUD_DASHBOARDS[spec.cloud.provider] : undefined;
}
