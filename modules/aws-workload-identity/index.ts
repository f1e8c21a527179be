export { EksCluster, IRSA_ANNOTATION, WorkloadIdentityRole, type WorkloadIdentityRoleProps } from "./aws-workload-identity";
