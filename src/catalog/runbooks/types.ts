/**
 * What a runbook says about one alert or alarm. Catalog entries carry this as data; the runbook renderer turns it
 * into `runbooks/<slug>.md`, and every alert's `runbook_url` points there.
 */
export interface RunbookContent {
  /** What the alert means, in one or two sentences. */
  readonly meaning: string;
  /** Who or what is affected while it fires. */
  readonly impact: string;
  /** Steps to find the cause; include concrete queries (PromQL, LogQL, Logs Insights, CLI). */
  readonly diagnosis: readonly string[];
  /** Steps that stop the bleeding or fix the cause. */
  readonly mitigation: readonly string[];
  /** When to escalate and to whom. @default - the environment's escalation policy */
  readonly escalation?: string;
}

/**
 * Values of a runbook's placeholders for one watched resource, by placeholder name: `{ function: "checkout-api" }`
 * fills `<function>` in its steps. Placeholders with no fact (`<n>`, `<previous>`: a choice made during the incident)
 * stay for the reader.
 */
export type RunbookFacts = Readonly<Record<string, string>>;
