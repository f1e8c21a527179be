import type { DataGoogleContainerCluster } from "@cdktf/provider-google/lib/data-google-container-cluster";
import type { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const dataGoogleContainerClusterModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/data-google-container-cluster") as typeof import("@cdktf/provider-google/lib/data-google-container-cluster"),
  );
const projectIamMemberModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () => require("@cdktf/provider-google/lib/project-iam-member") as typeof import("@cdktf/provider-google/lib/project-iam-member"),
  );
const serviceAccountModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () => require("@cdktf/provider-google/lib/service-account") as typeof import("@cdktf/provider-google/lib/service-account"),
  );
const serviceAccountIamMemberModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/service-account-iam-member") as typeof import("@cdktf/provider-google/lib/service-account-iam-member"),
  );

export interface GkeClusterProps {
  readonly project: string;
  readonly clusterName: string;
  /** Region or zone of the cluster. */
  readonly location: string;
}

/** A GKE cluster looked up by name: endpoint and CA for the providers. */
export class GkeCluster extends Construct {
  readonly cluster: DataGoogleContainerCluster;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    this.cluster = new (dataGoogleContainerClusterModule().DataGoogleContainerCluster)(this, "cluster", {
      project: props.project,
      name: props.clusterName,
      location: props.location,
    });
  }
}

export interface GcpWorkloadIdentityProps {
  readonly project: string;
  /** Service account id, 6-30 characters. */
  readonly accountId: string;
  readonly description: string;
  /** Kubernetes service accounts that may act as it (GKE Workload Identity). */
  readonly serviceAccounts: ReadonlyArray<{ readonly namespace: string; readonly name: string }>;
  /** Project-level roles, e.g. "roles/monitoring.viewer". @default [] */
  readonly projectRoles?: readonly string[];
}

/**
 * A Google service account for Kubernetes workloads through GKE Workload Identity: the Kubernetes service accounts get
 * `roles/iam.workloadIdentityUser` on it, and carry the `iam.gke.io/gcp-service-account` annotation.
 */
export class GcpWorkloadIdentity extends Construct {
  readonly serviceAccount: ServiceAccount;
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /** `serviceAccount:<email>`, for IAM bindings. */
  readonly member: string;
  /** The account and its bindings: workloads that use them depend on these, so they never start unauthorized. */
  readonly grants: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: GcpWorkloadIdentityProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.accountId)) {
      throw new Error(`'accountId' must be 6-30 lower-case letters, digits and '-', received "${props.accountId}"`);
    }
    this.serviceAccount = new (serviceAccountModule().ServiceAccount)(this, "account", {
      project: props.project,
      accountId: props.accountId,
      displayName: props.description.slice(0, 100),
    });
    this.member = `serviceAccount:${this.serviceAccount.email}`;
    this.grants = [this.serviceAccount];
    props.serviceAccounts.forEach((sa, i) => {
      const binding = new (serviceAccountIamMemberModule().ServiceAccountIamMember)(this, `workload-identity-${i}`, {
        serviceAccountId: this.serviceAccount.name,
        role: "roles/iam.workloadIdentityUser",
        member: `serviceAccount:${props.project}.svc.id.goog[${sa.namespace}/${sa.name}]`,
      });
      this.grants.push(binding);
    });
    for (const role of props.projectRoles ?? []) {
      const grant = new (projectIamMemberModule().ProjectIamMember)(this, `role-${role.replace(/^roles\//, "").replace(/\W/g, "-")}`, {
        project: props.project,
        role,
        member: this.member,
      });
      this.grants.push(grant);
    }
    this.serviceAccountAnnotations = { "iam.gke.io/gcp-service-account": this.serviceAccount.email };
  }
}
