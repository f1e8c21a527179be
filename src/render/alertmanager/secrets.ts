import type { SecretRef } from "../../spec/secret-ref";

/** Where Alertmanager's operator mounts `alertmanagerSpec.secrets`: /etc/alertmanager/secrets/<secret>/<key>. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

/**
 * A credential Alertmanager reads from a mounted file. Existing Kubernetes Secrets are mounted as they are; any other
 * reference becomes a Secret the stack creates (`create` set) from the Terraform expression of the reference.
 */
export interface AlertmanagerSecretMount {
  readonly secretName: string;
  readonly key: string;
  /** The reference to copy into a new Secret; undefined when the Secret already exists in the cluster. */
  readonly create?: SecretRef;
  /** The new Secret holds the Events API routing key of this PagerDuty service, created by the stack. */
  readonly createFromPagerdutyService?: string;
  /** What uses it, for descriptions and errors. */
  readonly purpose: string;
}

/** The mount for one credential, and the file path Alertmanager's config names (under `dir`). */
export function secretMount(
  ref: SecretRef,
  generatedName: string,
  purpose: string,
  dir: string = ALERTMANAGER_SECRETS_DIR,
): { mount: AlertmanagerSecretMount; path: string } {
  const mount: AlertmanagerSecretMount =
    "kubernetesSecret" in ref
      ? { secretName: ref.kubernetesSecret.name, key: ref.kubernetesSecret.key, purpose }
      : { secretName: generatedName, key: "credential", create: ref, purpose };
  return { mount, path: `${dir}/${mount.secretName}/${mount.key}` };
}
