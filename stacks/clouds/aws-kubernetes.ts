import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { AwsManagedPrometheus } from "../../modules/aws-managed-prometheus";
import { AwsObjectStorageBucket } from "../../modules/aws-object-storage";
import { AwsOpenSearchDomain } from "../../modules/aws-opensearch";
import { EksCluster, WorkloadIdentityRole } from "../../modules/aws-workload-identity";
import { cloudWatchDataSource } from "../../modules/kube-prometheus";
import type { ClusterAccess } from "../../modules/kubernetes-providers";
import { fitName } from "../../src/render/fit-name";
import type { AwsCloudSpec } from "../../src/spec/clouds/aws";
import type { KubernetesCloudCapabilities, KubernetesCloudContext, ServiceAccountRef } from "./kubernetes-capabilities";

/** Read-only CloudWatch metrics and logs, as Grafana's CloudWatch data source documents it. */
const CLOUDWATCH_READ_ONLY: DataAwsIamPolicyDocumentStatement[] = [
  {
    sid: "ReadMetrics",
    actions: [
      "cloudwatch:DescribeAlarmsForMetric",
      "cloudwatch:DescribeAlarmHistory",
      "cloudwatch:DescribeAlarms",
      "cloudwatch:ListMetrics",
      "cloudwatch:GetMetricData",
      "cloudwatch:GetInsightRuleReport",
    ],
    resources: ["*"],
  },
  {
    sid: "ReadLogs",
    actions: [
      "logs:DescribeLogGroups",
      "logs:GetLogGroupFields",
      "logs:StartQuery",
      "logs:StopQuery",
      "logs:GetQueryResults",
      "logs:GetLogEvents",
    ],
    resources: ["*"],
  },
  {
    sid: "ReadResourceNames",
    actions: ["ec2:DescribeTags", "ec2:DescribeInstances", "ec2:DescribeRegions", "tag:GetResources"],
    resources: ["*"],
  },
];

/**
 * AWS answers for the in-cluster stack: EKS access through `aws eks get-token`, IRSA roles bound to one service account
 * each, S3 for Loki, Amazon Managed Service for Prometheus, Amazon OpenSearch Service for traces, CloudWatch for Grafana.
 * Resources are created only when the composition asks for them.
 */
export function awsKubernetesCapabilities(scope: Construct, context: KubernetesCloudContext<AwsCloudSpec>): KubernetesCloudCapabilities {
  const { spec, cloud, kubernetes } = context;
  const connection = kubernetes.connection;
  const prefix = `${spec.name}-monitoring`;
  let eks: EksCluster | undefined;
  const cluster = (purpose: string): EksCluster => {
    if (connection.type !== "eks") {
      throw new Error(
        `${purpose} on AWS uses IAM roles for service accounts, which need an "eks" connection; environment "${spec.name}" connects through a kubeconfig`,
      );
    }
    eks ??= new EksCluster(scope, "eks", { clusterName: connection.clusterName });
    return eks;
  };
  const identity = (id: string, purpose: string, serviceAccount: ServiceAccountRef, statements: DataAwsIamPolicyDocumentStatement[]) => {
    const oidc = cluster(purpose);
    return new WorkloadIdentityRole(scope, id, {
      roleName: `${prefix}-${id}`,
      description: `${purpose} (${serviceAccount.namespace}/${serviceAccount.name} in ${spec.name})`,
      oidcProviderArn: oidc.oidcProviderArn,
      oidcIssuerHost: oidc.oidcIssuerHost,
      serviceAccounts: [serviceAccount],
      statements,
    });
  };

  return {
    clusterAccess(): ClusterAccess | undefined {
      if (connection.type !== "eks") return undefined;
      const eksCluster = cluster("cluster access").cluster;
      return {
        type: "exec",
        host: eksCluster.endpoint,
        clusterCaCertificate: Fn.base64decode(eksCluster.certificateAuthority.get(0).data),
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", connection.clusterName, "--region", cloud.region, "--output", "json"],
        },
      };
    },
    logObjectStorage({ serviceAccount, expiry }) {
      const bucket = new AwsObjectStorageBucket(scope, "loki-bucket", {
        bucketPrefix: `${prefix}-loki-`.slice(0, 37),
        expirationDays: expiry.days,
        expirationPrefix: expiry.prefix,
      });
      const role = identity("loki", "Loki reads and writes its bucket", serviceAccount, bucket.readWriteStatements());
      return {
        value: { type: "s3", bucket: bucket.bucket.bucket, region: cloud.region },
        serviceAccountAnnotations: role.serviceAccountAnnotations,
        dependsOn: role.grants,
      };
    },
    managedPrometheus({ serviceAccount }) {
      const workspace = new AwsManagedPrometheus(scope, "managed-prometheus", { alias: prefix });
      const role = identity(
        "prometheus",
        "Prometheus remote-writes to Amazon Managed Service for Prometheus",
        serviceAccount,
        workspace.remoteWriteStatements(),
      );
      return {
        // Amazon Managed Service for Prometheus keeps one replica of an HA pair per `cluster` by this label.
        value: { url: workspace.remoteWriteUrl, sigv4Region: cloud.region, replicaLabel: "__replica__" },
        serviceAccountAnnotations: role.serviceAccountAnnotations,
        dependsOn: role.grants,
      };
    },
    traceStore(storage) {
      if (storage.type !== "aws-opensearch") return undefined;
      const domain = new AwsOpenSearchDomain(scope, "traces-opensearch", {
        domainName: fitName(`${spec.name}-traces`, 28),
        subnetIds: storage.subnetIds,
        securityGroupIds: storage.securityGroupIds,
        instanceType: storage.instanceType,
        instanceCount: storage.instanceCount,
        volumeSizeGb: storage.volumeSizeGb,
      });
      return { type: "opensearch", url: domain.url };
    },
    smsDelivery({ serviceAccount }) {
      // IRSA exists on EKS only. Alertmanager publishes straight to phone numbers (sns_configs.phone_number), which have
      // no ARN, so the Allow needs "*"; the Deny on every SNS ARN (topics, platform endpoints) leaves exactly SMS.
      if (connection.type !== "eks") return undefined;
      const partition = new DataAwsPartition(scope, "sms-partition").partition;
      const role = identity("alertmanager", "Alertmanager sends SMS through Amazon SNS", serviceAccount, [
        { sid: "PublishSmsToPhoneNumbers", actions: ["sns:Publish"], resources: ["*"] },
        { sid: "NoTopicsOrEndpoints", effect: "Deny", actions: ["sns:Publish"], resources: [`arn:${partition}:sns:*:*:*`] },
      ]);
      return { value: null, serviceAccountAnnotations: role.serviceAccountAnnotations, dependsOn: role.grants };
    },
    grafanaDataSources({ serviceAccount }) {
      // CloudWatch needs a workload identity, which IRSA provides on EKS only.
      if (connection.type !== "eks") return undefined;
      const role = identity("grafana", "Grafana reads CloudWatch metrics and logs", serviceAccount, CLOUDWATCH_READ_ONLY);
      return {
        value: [cloudWatchDataSource(cloud.region)],
        serviceAccountAnnotations: role.serviceAccountAnnotations,
        dependsOn: role.grants,
      };
    },
  };
}
