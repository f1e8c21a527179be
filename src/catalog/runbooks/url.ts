/**
 * Where runbooks are published when the spec sets no `runbookBaseUrl`: the `runbooks/` folder written by
 * `monitoring-stack export`, as a relative link (set an https base to make links clickable in notifications).
 */
export const DEFAULT_RUNBOOK_BASE = "runbooks";

/** The one pattern every `runbook_url` (and alarm description) is built from. */
export function runbookUrl(base: string | undefined, slug: string): string {
  return `${(base ?? DEFAULT_RUNBOOK_BASE).replace(/\/+$/, "")}/${slug}.md`;
}
