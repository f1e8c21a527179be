/** The kubeconfig Terraform reads when the spec or a module user names none (kubectl's default). */
export const DEFAULT_KUBECONFIG_PATH = "~/.kube/config";
