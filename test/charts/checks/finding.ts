/** The checks run on rendered charts; a finding names its check so the known-defects list can say which one. */
export type CheckName = "schema" | "deploy-graph" | "endpoints" | "embedded-config" | "values-reach";

/** One problem a check found in one environment's rendered output. */
export interface Finding {
  readonly env: string;
  readonly check: CheckName;
  /** Exact, stable text (no line numbers or generated names) so the known-defects list can match it. */
  readonly message: string;
}

export function findingText(f: Finding): string {
  return `${f.env} ${f.check}: ${f.message}`;
}
