export { type ClusterAccess, type ExecCredential, KubernetesProviders, type KubernetesProvidersProps } from "./kubernetes-providers";
