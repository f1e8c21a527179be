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

/** Empty: the Loki compactor's claims (the last listed defects) are fixed in modules/loki. */
export const KNOWN_DEFECTS: readonly KnownDefect[] = [];
