export { GcpWorkloadIdentity, type GcpWorkloadIdentityProps, GkeCluster, type GkeClusterProps } from "./gcp-workload-identity";
