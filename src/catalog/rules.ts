import { logRules } from "./loki/logs";
import { anomalyRules } from "./prometheus/anomalies";
import { applicationRules } from "./prometheus/applications";
import { databaseRules } from "./prometheus/databases";
import { hostRules } from "./prometheus/hosts";
import { kubernetesRules } from "./prometheus/kubernetes";
import { monitoringRules } from "./prometheus/monitoring";
import { sloRules } from "./prometheus/slo";
import type { CatalogContext, RuleGroupBuilder, RuleGroupDefinition } from "./prometheus/types";

/** Every rule group the catalog knows, in file order. Adding an alert area adds one line here. */
const RULE_CATALOG: readonly RuleGroupBuilder[] = [
  monitoringRules,
  hostRules,
  kubernetesRules,
  applicationRules,
  sloRules,
  anomalyRules,
  databaseRules,
  logRules,
];

export function catalogRuleGroups(context: CatalogContext): RuleGroupDefinition[] {
  return RULE_CATALOG.flatMap((build) => build(context));
}
