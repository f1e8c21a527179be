import type { z } from "zod";
import type { EnvironmentSpec } from "./environment";

/**
 * Runbooks must be reachable from a notification: alert rules (`runbook_url`) and cloud alarms (their description)
 * link `<runbookBaseUrl>/<slug>.md`, and without a base that is a path in the exported folder, which no chat client,
 * mailbox or phone can open. An environment with alerts (a cluster or a cloud account) sets `runbookBaseUrl`, or opts
 * out with `relativeRunbookLinks: { reason }`.
 */
export function checkRunbookLinks(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const alerting = env.kubernetes ? "a cluster" : env.cloud ? "a cloud account" : undefined;
  if (alerting && !env.runbookBaseUrl && !env.relativeRunbookLinks) {
    ctx.addIssue({
      code: "custom",
      path: ["runbookBaseUrl"],
      message: `required with ${alerting}: every notification links its runbook as <runbookBaseUrl>/<alert>.md; expected the https:// URL where the exported runbooks/ folder is published, or relativeRunbookLinks: { reason: "…" } to keep links a reader cannot open from a notification, received nothing`,
    });
  }
  if (env.runbookBaseUrl && env.relativeRunbookLinks) {
    ctx.addIssue({
      code: "custom",
      path: ["relativeRunbookLinks"],
      message: "expected either runbookBaseUrl (absolute links) or relativeRunbookLinks (relative links), received both",
    });
  }
}
