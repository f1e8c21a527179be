import type { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import type { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const dataAzurermKubernetesClusterModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster") as typeof import("@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster"),
  );
const federatedIdentityCredentialModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/federated-identity-credential") as typeof import("@cdktf/provider-azurerm/lib/federated-identity-credential"),
  );
const roleAssignmentModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () => require("@cdktf/provider-azurerm/lib/role-assignment") as typeof import("@cdktf/provider-azurerm/lib/role-assignment"),
  );
const userAssignedIdentityModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/user-assigned-identity") as typeof import("@cdktf/provider-azurerm/lib/user-assigned-identity"),
  );

export interface AksClusterProps {
  readonly clusterName: string;
  readonly resourceGroupName: string;
}

/** An AKS cluster looked up by name: API server, CA and OIDC issuer (for workload identity). */
export class AksCluster extends Construct {
  readonly cluster: DataAzurermKubernetesCluster;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    this.cluster = new (dataAzurermKubernetesClusterModule().DataAzurermKubernetesCluster)(this, "cluster", {
      name: props.clusterName,
      resourceGroupName: props.resourceGroupName,
    });
  }
}

export interface AzureWorkloadIdentityProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** OIDC issuer URL of the AKS cluster (`oidc_issuer_url`). */
  readonly oidcIssuerUrl: string;
  /** Kubernetes service accounts federated with the identity. */
  readonly serviceAccounts: ReadonlyArray<{ readonly namespace: string; readonly name: string }>;
  /** Roles granted to the identity, by scope. @default [] */
  readonly roles?: ReadonlyArray<{ readonly role: string; readonly scope: string }>;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A user-assigned managed identity for Kubernetes workloads through Microsoft Entra Workload ID: one federated
 * credential per service account (issuer = the cluster's OIDC issuer), the `azure.workload.identity/client-id`
 * annotation for the service account and the `azure.workload.identity/use` label for the pods.
 */
export class AzureWorkloadIdentity extends Construct {
  readonly identity: UserAssignedIdentity;
  /** The identity, its federation and role assignments: workloads that use them depend on these. */
  readonly grants: ITerraformDependable[];
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>> = { "azure.workload.identity/use": "true" };

  constructor(scope: Construct, id: string, props: AzureWorkloadIdentityProps) {
    super(scope, id);
    this.identity = new (userAssignedIdentityModule().UserAssignedIdentity)(this, "identity", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.grants = [this.identity];
    props.serviceAccounts.forEach((sa, i) => {
      const federated = new (federatedIdentityCredentialModule().FederatedIdentityCredential)(this, `federated-${i}`, {
        name: `${sa.namespace}-${sa.name}`,
        resourceGroupName: props.resourceGroupName,
        parentId: this.identity.id,
        issuer: props.oidcIssuerUrl,
        subject: `system:serviceaccount:${sa.namespace}:${sa.name}`,
        audience: ["api://AzureADTokenExchange"],
      });
      this.grants.push(federated);
    });
    (props.roles ?? []).forEach((r, i) => {
      const assignment = new (roleAssignmentModule().RoleAssignment)(this, `role-${i}`, {
        scope: r.scope,
        roleDefinitionName: r.role,
        principalId: this.identity.principalId,
        principalType: "ServicePrincipal",
      });
      this.grants.push(assignment);
    });
    this.serviceAccountAnnotations = { "azure.workload.identity/client-id": this.identity.clientId };
  }
}
