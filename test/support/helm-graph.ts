import type { KubeObject, RenderedRelease } from "./helm";
import type { TerraformJson } from "./synth";

/**
 * The deploy graph of one stack: what rendered objects refer to (Secrets, ConfigMaps, ServiceAccounts, storage,
 * ingress and priority classes) and what the stack itself creates (rendered objects and `kubernetes_*` Terraform
 * resources). A reference to something neither creates must be a listed prerequisite, or the pod waits forever.
 */

export type ReferencedKind =
  | "Secret"
  | "ConfigMap"
  | "ServiceAccount"
  | "PersistentVolumeClaim"
  | "StorageClass"
  | "IngressClass"
  | "PriorityClass";

export interface KubeReference {
  readonly kind: ReferencedKind;
  readonly name: string;
  /** Namespace of a namespaced object; undefined for cluster-scoped kinds. */
  readonly namespace?: string;
  /** The object that refers (`Kind/namespace/name`). */
  readonly from: string;
  /** How it refers, e.g. `env secretKeyRef`, `volume`, `imagePullSecrets`. */
  readonly via: string;
  /** The key a `secretKeyRef`/`configMapKeyRef`/secret selector reads; undefined when the whole object is used. */
  readonly key?: string;
}

/** Stand-in name for "the cluster's default class" when an object leaves the class unset. */
export const DEFAULT_CLASS = "(default)";

const CLUSTER_SCOPED: ReadonlySet<ReferencedKind> = new Set(["StorageClass", "IngressClass", "PriorityClass"]);

/** Priority classes every cluster has. */
const BUILT_IN_PRIORITY_CLASSES = new Set(["system-cluster-critical", "system-node-critical"]);

/**
 * Prometheus-operator fields that hold a SecretKeySelector (`{ name, key }`): basic auth, bearer tokens, OAuth2,
 * SigV4, authorization credentials and the additional-config Secrets.
 */
const SECRET_SELECTOR_FIELDS = new Set([
  "username",
  "password",
  "bearerTokenSecret",
  "keySecret",
  "clientSecret",
  "accessKey",
  "secretKey",
  "credentials",
  "additionalScrapeConfigs",
  "additionalAlertManagerConfigs",
  "additionalAlertRelabelConfigs",
]);

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `Kind/namespace/name` (cluster-scoped kinds: `Kind//name`). */
export function referenceKey(kind: string, name: string, namespace?: string): string {
  return `${kind}/${namespace ?? ""}/${name}`;
}

/** Everything one rendered object refers to. `namespace` is the release namespace (helm leaves it off many objects). */
export function referencesOf(object: KubeObject, namespace: string): KubeReference[] {
  const ns = object.metadata?.namespace ?? namespace;
  const from = referenceKey(object.kind, object.metadata?.name, ns);
  const out: KubeReference[] = [];
  const add = (kind: ReferencedKind, name: unknown, via: string, key?: unknown) => {
    if (typeof name !== "string" || name === "") return;
    if (kind === "ServiceAccount" && name === "default") return;
    if (kind === "PriorityClass" && BUILT_IN_PRIORITY_CLASSES.has(name)) return;
    out.push({ kind, name, namespace: CLUSTER_SCOPED.has(kind) ? undefined : ns, from, via, ...(typeof key === "string" ? { key } : {}) });
  };
  const operatorObject = String(object.apiVersion).startsWith("monitoring.coreos.com/");

  const walk = (value: unknown, path: string[]): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, path);
      return;
    }
    if (!isMap(value)) return;
    const optional = value.optional === true;
    for (const [key, child] of Object.entries(value)) {
      const here = [...path, key];
      if (isMap(child) && !(child.optional === true)) {
        if (key === "secretKeyRef") add("Secret", child.name, "env secretKeyRef", child.key);
        else if (key === "configMapKeyRef") add("ConfigMap", child.name, "env configMapKeyRef", child.key);
        else if (key === "secretRef" && path.at(-1) === "envFrom") add("Secret", child.name, "envFrom");
        else if (key === "configMapRef" && path.at(-1) === "envFrom") add("ConfigMap", child.name, "envFrom");
        else if (key === "secret" && typeof child.secretName === "string") add("Secret", child.secretName, "volume");
        else if (key === "secret" && path.at(-1) === "sources") add("Secret", child.name, "projected volume");
        else if (key === "configMap" && typeof child.name === "string" && !("key" in child)) add("ConfigMap", child.name, "volume");
        else if (key === "persistentVolumeClaim") add("PersistentVolumeClaim", child.claimName, "volume");
        else if (operatorObject && SECRET_SELECTOR_FIELDS.has(key) && typeof child.name === "string" && typeof child.key === "string") {
          add("Secret", child.name, `${key} secret selector`, child.key);
        } else if (operatorObject && (key === "secret" || key === "configMap") && typeof child.key === "string") {
          add(key === "secret" ? "Secret" : "ConfigMap", child.name, "TLS selector", child.key);
        }
      }
      if (optional) continue;
      if (key === "imagePullSecrets" && Array.isArray(child))
        for (const s of child) add("Secret", isMap(s) ? s.name : s, "imagePullSecrets");
      if (key === "serviceAccountName") add("ServiceAccount", child, "serviceAccountName");
      if (key === "priorityClassName") add("PriorityClass", child, "priorityClassName");
      if (operatorObject && path.length === 1 && path[0] === "spec") {
        if ((key === "secrets" || key === "configMaps") && Array.isArray(child)) {
          for (const name of child) add(key === "secrets" ? "Secret" : "ConfigMap", name, `spec.${key}`);
        }
        if (key === "configSecret") add("Secret", child, "spec.configSecret");
      }
      walk(child, here);
    }
  };
  walk(object, []);

  // Storage and ingress classes: an unset class means the cluster's default one, which must exist too.
  const claimClass = (claim: unknown, via: string) => {
    if (!isMap(claim)) return;
    const spec = isMap(claim.spec) ? claim.spec : {};
    add("StorageClass", typeof spec.storageClassName === "string" ? spec.storageClassName : DEFAULT_CLASS, via);
  };
  if (object.kind === "PersistentVolumeClaim") claimClass(object, "storageClassName");
  for (const template of object.spec?.volumeClaimTemplates ?? []) claimClass(template, "volumeClaimTemplates");
  if (operatorObject && isMap(object.spec?.storage?.volumeClaimTemplate))
    claimClass(object.spec.storage.volumeClaimTemplate, "spec.storage");
  if (object.kind === "Ingress") {
    add(
      "IngressClass",
      object.spec?.ingressClassName ?? object.metadata?.annotations?.["kubernetes.io/ingress.class"] ?? DEFAULT_CLASS,
      "ingressClassName",
    );
    const certManaged = Object.keys(object.metadata?.annotations ?? {}).some((a) => a.startsWith("cert-manager.io/"));
    if (!certManaged) for (const tls of object.spec?.tls ?? []) add("Secret", tls.secretName, "ingress tls");
  }
  return out;
}

/** Kind of a `kubernetes_*` Terraform resource type: `kubernetes_config_map_v1` -> `ConfigMap`. */
export function kindOfTerraformType(type: string): string {
  const base = type.replace(/^kubernetes_/, "").replace(/_v\d+$/, "");
  const special: Record<string, string> = { persistent_volume_claim: "PersistentVolumeClaim", config_map: "ConfigMap" };
  return special[base] ?? base.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * Everything the stack creates: `Kind/namespace/name` of each rendered object and each `kubernetes_*` resource, with
 * the data keys of Secrets and ConfigMaps (undefined where they are not known before run time).
 */
export function createdBy(stack: TerraformJson, rendered: readonly RenderedRelease[]): Map<string, ReadonlySet<string> | undefined> {
  const created = new Map<string, ReadonlySet<string> | undefined>();
  // A Secret the stack writes holds its keys in `data` or, write-only (never in state), `data_wo`.
  const dataKeys = (o: TerraformJson) =>
    new Set([
      ...Object.keys(o.data ?? {}),
      ...Object.keys(o.data_wo ?? {}),
      ...Object.keys(o.stringData ?? {}),
      ...Object.keys(o.binary_data ?? o.binaryData ?? {}),
    ]);
  for (const r of rendered) {
    for (const o of r.objects) {
      const clusterScoped = CLUSTER_SCOPED.has(o.kind as ReferencedKind);
      const key = referenceKey(o.kind, o.metadata.name, clusterScoped ? undefined : (o.metadata.namespace ?? r.release.namespace));
      created.set(key, o.kind === "Secret" || o.kind === "ConfigMap" ? dataKeys(o) : undefined);
    }
  }
  for (const r of rendered)
    for (const o of r.objects) for (const key of createdAtRunTime(o, r.release.namespace)) created.set(key, undefined);
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith("kubernetes_")) continue;
    for (const resource of Object.values(resources as Record<string, TerraformJson>)) {
      const kind = kindOfTerraformType(type);
      const clusterScoped = CLUSTER_SCOPED.has(kind as ReferencedKind) || kind === "Namespace";
      const key = referenceKey(kind, resource.metadata?.name, clusterScoped ? undefined : (resource.metadata?.namespace ?? "default"));
      created.set(key, kind === "Secret" || kind === "ConfigMap" ? dataKeys(resource) : undefined);
    }
  }
  return created;
}

/**
 * Secrets a rendered Job creates when it runs: kube-webhook-certgen (`create --secret-name=X --namespace=N`), which
 * kube-prometheus-stack runs as a pre-install hook for the operator's admission webhook certificate.
 */
function createdAtRunTime(object: KubeObject, namespace: string): string[] {
  if (object.kind !== "Job") return [];
  const out: string[] = [];
  for (const container of object.spec?.template?.spec?.containers ?? []) {
    const args: string[] = (container.args ?? []).map(String);
    if (args[0] !== "create") continue;
    const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    const secret = flag("secret-name");
    if (secret) out.push(referenceKey("Secret", secret, flag("namespace") ?? object.metadata.namespace ?? namespace));
  }
  return out;
}

/** Every reference of every rendered object of a stack, deduplicated. */
export function stackReferences(rendered: readonly RenderedRelease[]): KubeReference[] {
  const seen = new Map<string, KubeReference>();
  for (const r of rendered) {
    for (const o of r.objects) {
      for (const ref of referencesOf(o, r.release.namespace))
        seen.set(`${referenceKey(ref.kind, ref.name, ref.namespace)} ${ref.from} ${ref.via} ${ref.key ?? ""}`, ref);
    }
  }
  return [...seen.values()];
}

/** References of the stack's own `kubernetes_*` resources: the storage class of a PersistentVolumeClaim. */
export function terraformReferences(stack: TerraformJson): KubeReference[] {
  return Object.entries(stack.resource?.kubernetes_persistent_volume_claim_v1 ?? {}).map(([id, r]) => {
    const claim = r as TerraformJson;
    const name = claim.spec?.storage_class_name;
    return {
      kind: "StorageClass",
      name: typeof name === "string" ? name : DEFAULT_CLASS,
      from: `kubernetes_persistent_volume_claim_v1.${id}`,
      via: "storage_class_name",
    };
  });
}
