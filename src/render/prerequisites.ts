import type { EnvironmentSpec } from "../spec/environment";

/**
 * What must exist in the cluster before the stack is applied, because the stack refers to it but does not create it:
 * the Secrets a spec names, the storage class of persistent volumes and the ingress class. Pods that refer to a
 * missing one wait forever (Pending or CreateContainerConfigError) and the helm_release times out. One list per
 * environment: the docs render it, the chart tests check that nothing else is required, `preflight` checks a cluster.
 */
export interface Prerequisite {
  readonly kind: "Secret" | "StorageClass" | "IngressClass";
  /** Name of the object; undefined for "the cluster's default class". */
  readonly name?: string;
  /** Namespace of a Secret; undefined for cluster-scoped kinds. */
  readonly namespace?: string;
  /** Keys a Secret must hold (each read by a component). */
  readonly keys?: readonly string[];
  /** What needs it: the spec field that names it and the component that reads it. */
  readonly why: string;
  /** A shell command that exits non-zero when the prerequisite is missing (kubectl against the target cluster). */
  readonly check: string;
}

/** Where the cluster marks its default storage and ingress classes. */
const DEFAULT_CLASS_ANNOTATION = {
  StorageClass: "storageclass\\.kubernetes\\.io/is-default-class",
  IngressClass: "ingressclass\\.kubernetes\\.io/is-default-class",
} as const;

/** The prerequisites of one environment, in a stable order (Secrets by namespace and name, then classes). */
export function prerequisites(spec: EnvironmentSpec): Prerequisite[] {
  const k8s = spec.kubernetes;
  if (!k8s) return [];
  const ns = k8s.namespace;
  const secrets = new Map<string, { name: string; namespace: string; keys: Set<string>; why: string[] }>();
  const secret = (name: string, namespace: string, keys: readonly string[], why: string) => {
    const id = `${namespace}/${name}`;
    const entry = secrets.get(id) ?? { name, namespace, keys: new Set<string>(), why: [] };
    for (const key of keys) entry.keys.add(key);
    if (!entry.why.includes(why)) entry.why.push(why);
    secrets.set(id, entry);
  };

  const admin = k8s.grafana.adminSecret;
  secret(admin.name, ns, [admin.userKey, admin.passwordKey], "kubernetes.grafana.adminSecret: Grafana's admin user and password");
  for (const db of k8s.databases) {
    secret(
      db.passwordSecret.name,
      ns,
      [db.passwordSecret.key],
      `kubernetes.databases[${db.name}].passwordSecret: the ${db.engine} exporter's password`,
    );
  }
  const storage = k8s.tracing.storage;
  if (storage && (storage.type === "elasticsearch" || storage.type === "opensearch") && storage.credentialsSecret) {
    const c = storage.credentialsSecret;
    secret(
      c.name,
      ns,
      [c.usernameKey, c.passwordKey],
      `kubernetes.tracing.storage.credentialsSecret: Jaeger's ${storage.type} credentials`,
    );
  }
  for (const { path, ref } of kubernetesSecretRefs(spec)) {
    secret(ref.name, ref.namespace ?? ns, [ref.key], `${path}: read by Alertmanager from the mounted Secret`);
  }
  const ingress = k8s.grafana.ingress;
  const certManaged = ingress && Object.keys(ingress.annotations).some((a) => a.startsWith("cert-manager.io/"));
  if (ingress && !certManaged)
    secret(ingress.tlsSecret, ns, ["tls.crt", "tls.key"], "kubernetes.grafana.ingress.tlsSecret: Grafana's TLS certificate");

  const out: Prerequisite[] = [...secrets.values()]
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
    .map((s) => {
      const keys = [...s.keys].sort();
      return {
        kind: "Secret",
        name: s.name,
        namespace: s.namespace,
        keys,
        why: s.why.join("; "),
        check: keys
          .map((key) => `kubectl get secret ${s.name} -n ${s.namespace} -o jsonpath='{.data.${key.replaceAll(".", "\\.")}}' | grep -q .`)
          .join(" && "),
      };
    });
  out.push(
    classPrerequisite(
      "StorageClass",
      k8s.storageClass,
      "kubernetes.storageClass: persistent volumes of Prometheus, Alertmanager, Loki and Jaeger",
    ),
  );
  if (ingress) out.push(classPrerequisite("IngressClass", ingress.className, "kubernetes.grafana.ingress.className: Grafana's Ingress"));
  return out;
}

function classPrerequisite(kind: "StorageClass" | "IngressClass", name: string | undefined, why: string): Prerequisite {
  if (name) return { kind, name, why, check: `kubectl get ${kind.toLowerCase()} ${name}` };
  return {
    kind,
    why: `${why} (no class set: the cluster's default one)`,
    check: `kubectl get ${kind.toLowerCase()} -o jsonpath='{.items[?(@.metadata.annotations.${DEFAULT_CLASS_ANNOTATION[kind]}=="true")].metadata.name}' | grep -q .`,
  };
}

interface KubernetesSecretRef {
  readonly name: string;
  readonly key: string;
  readonly namespace?: string;
}

/** Every `{ kubernetesSecret }` reference in the spec, with the path that holds it (e.g. `channels[slack].webhookUrl`). */
function kubernetesSecretRefs(spec: EnvironmentSpec): { path: string; ref: KubernetesSecretRef }[] {
  const out: { path: string; ref: KubernetesSecretRef }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const label = v && typeof v === "object" && "name" in v && typeof v.name === "string" ? v.name : String(i);
        walk(v, `${path}[${label}]`);
      });
      return;
    }
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "kubernetesSecret" && child && typeof child === "object") out.push({ path, ref: child as KubernetesSecretRef });
      else walk(child, path ? `${path}.${key}` : key);
    }
  };
  walk(spec, "");
  return out;
}
