import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { PrometheusWorkspace } from "@cdktf/provider-aws/lib/prometheus-workspace";
import { Construct } from "constructs";

export interface AwsManagedPrometheusProps {
  /** Workspace alias, e.g. "prod-monitoring". */
  readonly alias: string;
}

/** An Amazon Managed Service for Prometheus workspace that in-cluster Prometheus remote-writes to (SigV4). */
export class AwsManagedPrometheus extends Construct {
  readonly workspace: PrometheusWorkspace;
  /** Remote-write URL of the workspace. */
  readonly remoteWriteUrl: string;

  constructor(scope: Construct, id: string, props: AwsManagedPrometheusProps) {
    super(scope, id);
    this.workspace = new PrometheusWorkspace(this, "workspace", { alias: props.alias });
    this.remoteWriteUrl = `${this.workspace.prometheusEndpoint}api/v1/remote_write`;
  }

  /** What the writer's role needs: remote write to this workspace only. */
  remoteWriteStatements(): DataAwsIamPolicyDocumentStatement[] {
    return [{ sid: "RemoteWrite", actions: ["aps:RemoteWrite"], resources: [this.workspace.arn] }];
  }
}
