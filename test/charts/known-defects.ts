import type { CheckName } from "./checks/finding";

/**
 * Defects the chart checks find in today's bundled environments, each to be fixed under issue #14. This list is a
 * ratchet, matched exactly by test/charts/bundled-charts.test.ts: a finding that is not listed fails the run, and so
 * does a listed defect that no longer occurs (delete its entry with the fix that removes it). Never add an entry
 * to get green; fix the cause.
 */
export interface KnownDefect {
  readonly env: string;
  readonly check: CheckName;
  /** The finding's exact message. */
  readonly message: string;
  readonly issue: 14;
  /** What is wrong, in a reviewer's words. */
  readonly why: string;
}

const LOKI_COMPACTOR =
  "the Loki chart (18.11.0) builds the compactor's volume from compactor.persistence.claims (default: one 10Gi claim without a class), so the stack's compactor.persistence.size and storageClass never reach the StatefulSet";

/** The Distributed (ha) Loki of prod (gp3) and gcp (premium-rwo). */
const DISTRIBUTED_LOKI = [
  ["prod", "gp3"],
  ["gcp", "premium-rwo"],
] as const;

export const KNOWN_DEFECTS: readonly KnownDefect[] = DISTRIBUTED_LOKI.flatMap(([env, storageClass]): KnownDefect[] => [
  {
    env,
    check: "deploy-graph",
    message:
      "StorageClass (default) (volumeClaimTemplates of StatefulSet/monitoring/loki-compactor) is neither created by the stack nor a listed prerequisite",
    issue: 14,
    why: LOKI_COMPACTOR,
  },
  {
    env,
    check: "values-reach",
    message: `kubernetes.storageClass = "${storageClass}" does not reach StatefulSet/loki-compactor volumeClaimTemplates data (rendered (unset))`,
    issue: 14,
    why: LOKI_COMPACTOR,
  },
  {
    env,
    check: "values-reach",
    message: 'profile loki.storageGi = "20Gi" does not reach StatefulSet/loki-compactor volumeClaimTemplates data (rendered "10Gi")',
    issue: 14,
    why: LOKI_COMPACTOR,
  },
]);
