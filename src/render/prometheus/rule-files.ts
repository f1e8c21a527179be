import type { AlertDefinition, RuleDefinition, RuleGroupDefinition } from "../../catalog/prometheus/types";
import { runbookUrl } from "../../catalog/runbooks/url";

/** One rule as Prometheus and the Loki ruler read it. */
interface RenderedRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface RenderedRuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly RenderedRule[];
}

/** The content of one rule file (`groups:` at the top), as written by export and deployed by the stack. */
export interface RuleFile {
  readonly groups: readonly RenderedRuleGroup[];
}

/** Renders catalog groups into rule files keyed by group name, injecting `runbook_url` from one pattern. */
export function renderRuleFiles(groups: readonly RuleGroupDefinition[], runbookBase: string | undefined): Record<string, RuleFile> {
  const files: Record<string, RuleFile> = {};
  for (const group of groups) {
    if (files[group.name]) throw new Error(`two rule groups are named "${group.name}"`);
    files[group.name] = {
      groups: [
        {
          name: group.name,
          ...(group.interval ? { interval: group.interval.toPrometheus() } : {}),
          rules: group.rules.map((rule) => renderRule(rule, runbookBase)),
        },
      ],
    };
  }
  return files;
}

function renderRule(rule: RuleDefinition, runbookBase: string | undefined): RenderedRule {
  if (rule.kind === "record") {
    return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: { ...rule.labels } } : {}) };
  }
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for ? { for: rule.for.toPrometheus() } : {}),
    labels: { severity: rule.severity, ...rule.labels },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      runbook_url: runbookUrl(runbookBase, runbookSlug(rule)),
    },
  };
}

/** Runbooks are per alert name: the warning and critical tiers (and every service) share one. */
function runbookSlug(alert: Pick<AlertDefinition, "alert">): string {
  return alert.alert;
}
