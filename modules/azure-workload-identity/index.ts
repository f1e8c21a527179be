export { AksCluster, type AksClusterProps, AzureWorkloadIdentity, type AzureWorkloadIdentityProps } from "./azure-workload-identity";
