import type { KubeObject, RenderedRelease } from "../../support/helm";
import type { TerraformJson } from "../../support/synth";

/**
 * The Pod Security Standards' "restricted" profile (Kubernetes 1.33, https://kubernetes.io/docs/concepts/security/pod-security-standards/)
 * as data: each rule names what it forbids and lists a pod's violations. A pod passes when no rule lists anything;
 * a node agent's violations are exactly the privileges it holds.
 */

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are untyped by nature
type Spec = Record<string, any>;

/** One pod as rendered: its namespace, labels, pod spec and where it comes from. */
export interface RenderedPod {
  readonly source: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: Spec;
  /** The pod's service account object, when the stack renders it. */
  readonly serviceAccount?: Spec;
}

/**
 * Containers the prometheus-operator (v0.93) adds to Prometheus and Alertmanager pods: it sets this context on each
 * of them (prometheus, alertmanager, config-reloader), so only the CR's pod securityContext, its extra containers and
 * volumes come from the values.
 */
const OPERATOR_CONTAINER = {
  name: "operator-managed",
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
};

const template = (t: Spec) => ({ spec: t.spec ?? {}, labels: t.metadata?.labels ?? {} });
const POD_TEMPLATE: Record<string, (o: KubeObject) => { spec: Spec; labels: Record<string, string> } | undefined> = {
  Deployment: (o) => template(o.spec.template),
  StatefulSet: (o) => template(o.spec.template),
  DaemonSet: (o) => template(o.spec.template),
  ReplicaSet: (o) => template(o.spec.template),
  Job: (o) => template(o.spec.template),
  CronJob: (o) => template(o.spec.jobTemplate.spec.template),
  Pod: (o) => template(o),
  Prometheus: (o) => ({
    spec: { ...o.spec, containers: [OPERATOR_CONTAINER, ...(o.spec.containers ?? [])] },
    labels: {
      "app.kubernetes.io/name": "prometheus",
      "operator.prometheus.io/name": o.metadata.name,
      ...(o.spec.podMetadata?.labels ?? {}),
    },
  }),
  Alertmanager: (o) => ({
    spec: { ...o.spec, containers: [OPERATOR_CONTAINER, ...(o.spec.containers ?? [])] },
    labels: { "app.kubernetes.io/name": "alertmanager", alertmanager: o.metadata.name, ...(o.spec.podMetadata?.labels ?? {}) },
  }),
};

/** Every pod the rendered releases create (workload templates, and the operator's Prometheus/Alertmanager pods). */
export function renderedPods(releases: readonly RenderedRelease[]): RenderedPod[] {
  const pods: RenderedPod[] = [];
  for (const r of releases) {
    const accounts = new Map(
      r.objects
        .filter((o) => o.kind === "ServiceAccount")
        .map((o) => [`${o.metadata.namespace ?? r.release.namespace}/${o.metadata.name}`, o as Spec]),
    );
    for (const o of r.objects) {
      const pod = POD_TEMPLATE[o.kind]?.(o);
      if (!pod) continue;
      const namespace = o.metadata.namespace ?? r.release.namespace;
      const account = pod.spec.serviceAccountName ?? "default";
      pods.push({
        source: `${r.release.name}: ${o.kind}/${namespace}/${o.metadata.name}`,
        namespace,
        labels: pod.labels,
        spec: pod.spec,
        serviceAccount: accounts.get(`${namespace}/${account}`),
      });
    }
  }
  return pods;
}

const containersOf = (spec: Spec): Spec[] => [
  ...(spec.initContainers ?? []),
  ...(spec.containers ?? []),
  ...(spec.ephemeralContainers ?? []),
];

/** Volume types "restricted" admits; any other (hostPath above all) is a privilege. */
export const RESTRICTED_VOLUME_TYPES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
] as const;

/** Sysctls "baseline" (and so "restricted") admits. */
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);

export interface PodSecurityRule {
  readonly id: string;
  /** The violations of one pod, each a short privilege description. */
  readonly violations: (spec: Spec) => string[];
}

const perContainer = (spec: Spec, check: (c: Spec) => string | undefined): string[] =>
  containersOf(spec).flatMap((c) => {
    const problem = check(c);
    return problem ? [`${c.name}: ${problem}`] : [];
  });

const seccompOk = (profile: Spec | undefined) => profile?.type === "RuntimeDefault" || profile?.type === "Localhost";

/** The "restricted" profile, rule by rule (baseline's rules included). */
export const RESTRICTED_RULES: readonly PodSecurityRule[] = [
  { id: "hostNetwork", violations: (s) => (s.hostNetwork ? ["hostNetwork"] : []) },
  { id: "hostPID", violations: (s) => (s.hostPID ? ["hostPID"] : []) },
  { id: "hostIPC", violations: (s) => (s.hostIPC ? ["hostIPC"] : []) },
  { id: "privileged", violations: (s) => perContainer(s, (c) => (c.securityContext?.privileged ? "privileged" : undefined)) },
  {
    id: "hostPorts",
    violations: (s) =>
      containersOf(s).flatMap((c) =>
        (c.ports ?? []).filter((p: Spec) => p.hostPort && p.hostPort !== 0).map((p: Spec) => `${c.name}: hostPort ${p.hostPort}`),
      ),
  },
  {
    id: "volumeTypes",
    violations: (s) =>
      (s.volumes ?? []).flatMap((v: Spec) => {
        const type = Object.keys(v).find((k) => k !== "name");
        if (type && (RESTRICTED_VOLUME_TYPES as readonly string[]).includes(type)) return [];
        return [type === "hostPath" ? `hostPath ${v.hostPath.path}` : `volume type ${type}`];
      }),
  },
  {
    id: "procMount",
    violations: (s) =>
      perContainer(s, (c) => (c.securityContext?.procMount && c.securityContext.procMount !== "Default" ? "procMount" : undefined)),
  },
  {
    id: "sysctls",
    violations: (s) =>
      (s.securityContext?.sysctls ?? []).filter((x: Spec) => !SAFE_SYSCTLS.has(x.name)).map((x: Spec) => `sysctl ${x.name}`),
  },
  {
    id: "seLinux",
    violations: (s) => {
      const bad = (o: Spec | undefined) =>
        Boolean(o?.user || o?.role || (o?.type && !["container_t", "container_init_t", "container_kvm_t"].includes(o.type)));
      return [
        ...(bad(s.securityContext?.seLinuxOptions) ? ["pod seLinuxOptions"] : []),
        ...perContainer(s, (c) => (bad(c.securityContext?.seLinuxOptions) ? "seLinuxOptions" : undefined)),
      ];
    },
  },
  {
    id: "appArmor",
    violations: (s) =>
      [s.securityContext?.appArmorProfile, ...containersOf(s).map((c) => c.securityContext?.appArmorProfile)].some(
        (p) => p?.type === "Unconfined",
      )
        ? ["AppArmor Unconfined"]
        : [],
  },
  {
    id: "allowPrivilegeEscalation",
    violations: (s) =>
      perContainer(s, (c) => (c.securityContext?.allowPrivilegeEscalation === false ? undefined : "allowPrivilegeEscalation not false")),
  },
  {
    id: "runAsNonRoot",
    violations: (s) =>
      perContainer(s, (c) => {
        const nonRoot = c.securityContext?.runAsNonRoot ?? s.securityContext?.runAsNonRoot;
        return nonRoot === true ? undefined : "runAsNonRoot not true";
      }),
  },
  {
    id: "runAsUser",
    violations: (s) => [
      ...(s.securityContext?.runAsUser === 0 ? ["pod runAsUser 0"] : []),
      ...perContainer(s, (c) => (c.securityContext?.runAsUser === 0 ? "runAsUser 0" : undefined)),
    ],
  },
  {
    id: "seccomp",
    violations: (s) =>
      perContainer(s, (c) =>
        seccompOk(c.securityContext?.seccompProfile ?? s.securityContext?.seccompProfile)
          ? undefined
          : "no RuntimeDefault/Localhost seccomp",
      ),
  },
  {
    id: "capabilities",
    violations: (s) =>
      perContainer(s, (c) => {
        const caps = c.securityContext?.capabilities ?? {};
        const problems = [
          ...((caps.drop ?? []).includes("ALL") ? [] : ["capabilities not dropping ALL"]),
          ...(caps.add ?? []).filter((a: string) => a !== "NET_BIND_SERVICE").map((a: string) => `capability ${a}`),
        ];
        return problems.length ? problems.join(", ") : undefined;
      }),
  },
];

/** Every "restricted" violation of a pod spec, sorted. */
export function restrictedViolations(spec: Spec): string[] {
  return RESTRICTED_RULES.flatMap((rule) => rule.violations(spec)).sort();
}

/** Namespace name -> labels, from the stack's kubernetes_namespace_v1 and kubernetes_labels (kind Namespace) resources. */
export function namespaceLabels(stack: TerraformJson): Map<string, Record<string, string>> {
  const labels = new Map<string, Record<string, string>>();
  const add = (name: string, more: Record<string, string> | undefined) =>
    labels.set(name, { ...(labels.get(name) ?? {}), ...(more ?? {}) });
  for (const ns of Object.values(stack.resource?.kubernetes_namespace_v1 ?? {}) as Spec[]) add(ns.metadata.name, ns.metadata.labels);
  for (const l of Object.values(stack.resource?.kubernetes_labels ?? {}) as Spec[])
    if (l.kind === "Namespace") add(l.metadata.name, l.labels);
  return labels;
}

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

/**
 * Whether a pod gets an API token: the pod's own setting, else its service account's (a rendered one, or the
 * namespace's default service account as the stack manages it), else Kubernetes' default (yes).
 */
export function mountsToken(pod: RenderedPod, stack: TerraformJson): boolean {
  if (typeof pod.spec.automountServiceAccountToken === "boolean") return pod.spec.automountServiceAccountToken;
  if (typeof pod.serviceAccount?.automountServiceAccountToken === "boolean") return pod.serviceAccount.automountServiceAccountToken;
  if ((pod.spec.serviceAccountName ?? "default") === "default") {
    const managed = (Object.values(stack.resource?.kubernetes_default_service_account_v1 ?? {}) as Spec[]).find(
      (sa) => sa.metadata.namespace === pod.namespace,
    );
    if (typeof managed?.automount_service_account_token === "boolean") return managed.automount_service_account_token;
  }
  return true;
}
