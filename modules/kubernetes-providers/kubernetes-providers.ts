import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Construct } from "constructs";
import { DEFAULT_KUBECONFIG_PATH } from "../../src/model/kubernetes";
import { providerModule } from "../../src/util/provider-module";

/** Optional peer dependency, loaded on first use (see providerModule). */
const helmProviderModule = () =>
  providerModule(
    "@cdktf/provider-helm",
    () => require("@cdktf/provider-helm/lib/provider") as typeof import("@cdktf/provider-helm/lib/provider"),
  );
const kubernetesProviderModule = () =>
  providerModule(
    "@cdktf/provider-kubernetes",
    () => require("@cdktf/provider-kubernetes/lib/provider") as typeof import("@cdktf/provider-kubernetes/lib/provider"),
  );

/** An exec credential plugin: Terraform runs it for a short-lived token, so no token is stored in state. */
export interface ExecCredential {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** How Terraform reaches the cluster. */
export type ClusterAccess =
  | {
      readonly type: "kubeconfig";
      /** @default "~/.kube/config", like the spec */
      readonly configPath?: string;
      /** @default - the kubeconfig's current context */
      readonly context?: string;
    }
  | {
      readonly type: "exec";
      /** API server URL (may be a Terraform reference). */
      readonly host: string;
      /** PEM CA certificate (may be a Terraform reference). */
      readonly clusterCaCertificate: string;
      readonly exec: ExecCredential;
    };

export interface KubernetesProvidersProps {
  /** @default - the kubeconfig at "~/.kube/config" and its current context, like the spec */
  readonly access?: ClusterAccess;
  /** Provider alias, when the stack talks to more than one cluster. @default - default providers */
  readonly alias?: string;
}

/** The helm and kubernetes providers, both configured from one cluster access description. */
export class KubernetesProviders extends Construct {
  readonly helm: HelmProvider;
  readonly kubernetes: KubernetesProvider;

  constructor(scope: Construct, id: string, props: KubernetesProvidersProps = {}) {
    super(scope, id);
    const access = props.access ?? { type: "kubeconfig" };
    const exec =
      access.type === "exec"
        ? { apiVersion: access.exec.apiVersion, command: access.exec.command, args: [...access.exec.args], env: access.exec.env }
        : undefined;
    const endpoint =
      access.type === "kubeconfig"
        ? { configPath: access.configPath ?? DEFAULT_KUBECONFIG_PATH, configContext: access.context }
        : { host: access.host, clusterCaCertificate: access.clusterCaCertificate };
    // helm provider 3.x takes `kubernetes` as a nested attribute; the JSON the bindings write is valid for it.
    this.helm = new (helmProviderModule().HelmProvider)(this, "helm", { alias: props.alias, kubernetes: { ...endpoint, exec } });
    this.kubernetes = new (kubernetesProviderModule().KubernetesProvider)(this, "kubernetes", {
      alias: props.alias,
      ...endpoint,
      exec: exec ? [exec] : undefined,
    });
  }
}
