/**
 * Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/) as the stack applies
 * them: node agents (node-exporter, Alloy) need host access and live in their own namespace that admits it
 * ("privileged"); everything else runs in the stack's namespace, which enforces "restricted".
 */
type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** The labels the Pod Security admission controller reads: enforce, and warn/audit at the same level. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/warn": level,
    "pod-security.kubernetes.io/audit": level,
  };
}

/** The namespace of the node agents, beside the stack's namespace (at most 40 + 7 characters: see dnsLabelSchema). */
export function nodeAgentNamespace(namespace: string): string {
  return `${namespace}-agents`;
}

/**
 * Namespaces carrying this label are searched for PrometheusRules (besides nothing else): the stack labels its own
 * namespace; an application team opts in by labelling theirs.
 */
export const RULE_NAMESPACE_LABEL = { "monitoring.cdktf.io/rules": "enabled" } as const;

/**
 * AlertmanagerConfig objects are merged into Alertmanager's routing only when both the object and its namespace carry
 * this label: routing alerts through Alertmanager (and its cloud identity) is opt-in.
 */
export const ALERTMANAGER_CONFIG_LABEL = { "monitoring.cdktf.io/alertmanager-config": "enabled" } as const;

/** A pod securityContext that passes "restricted" for an image running as `uid` (never root). */
export function restrictedPodSecurityContext(uid: number, gid: number = uid): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: gid,
    fsGroup: gid,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** A container securityContext that passes "restricted": no escalation, no capability, read-only root, seccomp. */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
} as const;
