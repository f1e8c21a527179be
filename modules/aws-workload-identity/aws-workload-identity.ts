import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ITerraformDependable } from "cdktf";
import { Fn } from "cdktf";
import { Construct } from "constructs";

/** The annotation that makes a Kubernetes service account assume an IAM role (IRSA). */
export const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

/** An EKS cluster and its IAM OIDC provider, looked up by name (both must exist; the stack does not create them). */
export class EksCluster extends Construct {
  readonly cluster: DataAwsEksCluster;
  /** ARN of the cluster's IAM OIDC identity provider. */
  readonly oidcProviderArn: string;
  /** Issuer without "https://", as trust-policy condition keys want it. */
  readonly oidcIssuerHost: string;

  constructor(scope: Construct, id: string, props: { readonly clusterName: string }) {
    super(scope, id);
    this.cluster = new DataAwsEksCluster(this, "cluster", { name: props.clusterName });
    const issuer = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.oidcProviderArn = new DataAwsIamOpenidConnectProvider(this, "oidc", { url: issuer }).arn;
    this.oidcIssuerHost = Fn.replace(issuer, "https://", "");
  }
}

export interface WorkloadIdentityRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHost: string;
  /** The only service accounts that may assume the role. */
  readonly serviceAccounts: readonly { readonly namespace: string; readonly name: string }[];
  /** Permissions of the role (inline policy). */
  readonly statements: readonly DataAwsIamPolicyDocumentStatement[];
  /** @default "Assumed by a Kubernetes service account through IRSA" */
  readonly description?: string;
}

/** An IAM role for Kubernetes service accounts (IRSA): trusted only by the named service accounts of one cluster. */
export class WorkloadIdentityRole extends Construct {
  readonly role: IamRole;
  /** The role and its permissions: workloads that use them depend on these, so they never start unauthorized. */
  readonly grants: ITerraformDependable[];
  /** Annotations to put on the service account. */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WorkloadIdentityRoleProps) {
    super(scope, id);
    if (props.serviceAccounts.length === 0)
      throw new Error(`workload identity role "${props.roleName}" needs at least one service account`);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            {
              test: "StringEquals",
              variable: `${props.oidcIssuerHost}:sub`,
              values: props.serviceAccounts.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`),
            },
            { test: "StringEquals", variable: `${props.oidcIssuerHost}:aud`, values: ["sts.amazonaws.com"] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description ?? "Assumed by a Kubernetes service account through IRSA",
      assumeRolePolicy: trust.json,
    });
    const permissions = new DataAwsIamPolicyDocument(this, "permissions", { statement: [...props.statements] });
    const policy = new IamRolePolicy(this, "policy", { name: "permissions", role: this.role.id, policy: permissions.json });
    this.grants = [this.role, policy];
    this.serviceAccountAnnotations = { [IRSA_ANNOTATION]: this.role.arn };
  }
}
