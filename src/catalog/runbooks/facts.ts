import type { RunbookFacts } from "./types";

/**
 * The time range of a runbook's CLI commands (`<t0>`, `<t1>`): the last 3 hours, as shell substitutions (GNU date,
 * ISO 8601 UTC) so a command runs as pasted during an incident.
 */
export const LAST_HOURS: RunbookFacts = { t0: "$(date -u -d '-3 hours' +%FT%TZ)", t1: "$(date -u +%FT%TZ)" };

/** The same range in epoch seconds, for the commands that take those (`aws logs start-query`). */
export const LAST_HOURS_EPOCH: RunbookFacts = { t0: "$(date -d '-3 hours' +%s)", t1: "$(date +%s)" };
