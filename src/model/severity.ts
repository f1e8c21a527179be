/** Alert and alarm severities, most urgent first: critical pages, warning goes to chat, info is kept for context. */
export const SEVERITY_NAMES = ["critical", "warning", "info"] as const;

export type Severity = (typeof SEVERITY_NAMES)[number];
