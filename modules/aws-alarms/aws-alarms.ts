import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Lazy, TerraformLocal, type TerraformResource } from "cdktf";
import { Construct } from "constructs";
import type { CloudWatchMetric } from "../../src/catalog/cloudwatch/types";
import type { CompositeAlarmDefinition, MetricAlarmDefinition, MetricQuery } from "../../src/render/aws/alarm-types";
import { assertAlarmsValid } from "../../src/render/aws/limits";
import { markFinal } from "../../src/terraform/token-free";

export interface AwsAlarmsProps {
  /** Metric alarms (see `renderPresetAlarms`, or write them by hand); names must be unique. */
  readonly alarms: readonly MetricAlarmDefinition[];
  /** Composite alarms over `alarms`. @default [] - none */
  readonly compositeAlarms?: readonly CompositeAlarmDefinition[];
  /** Tags on every alarm. @default {} - only the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

/** The metric's fields of an alarm entry, added to `entry` in their order. */
function addMetricFields(entry: Json, metric: CloudWatchMetric): void {
  entry.namespace = metric.namespace;
  entry.metric_name = metric.metricName;
  if (Object.keys(metric.dimensions).length > 0) entry.dimensions = metric.dimensions;
  if (metric.statistic.startsWith("p")) entry.extended_statistic = metric.statistic;
  else entry.statistic = metric.statistic;
}

function queryFields(q: MetricQuery): Json {
  return {
    id: q.id,
    return_data: q.returnData,
    ...(q.expression !== undefined ? { expression: q.expression } : {}),
    ...(q.label !== undefined ? { label: q.label } : {}),
    ...(q.periodSeconds !== undefined ? { period: q.periodSeconds } : {}),
    ...(q.metric
      ? {
          metric: {
            namespace: q.metric.namespace,
            metric_name: q.metric.metricName,
            dimensions: q.metric.dimensions,
            period: q.metric.periodSeconds,
            stat: q.metric.statistic,
          },
        }
      : {}),
  };
}

/**
 * The per-alarm values of the for_each map: only what is set, in the provider's attribute names. Action lists are
 * referred to by key (`actionKey`) into one local map, so each SNS topic reference appears once, not per alarm.
 */
export function alarmEntry(alarm: MetricAlarmDefinition, actionKey: (actions: readonly string[]) => string = (a) => a.join(",")): Json {
  const source = alarm.source;
  // Built member by member (in the order the spreads of optional members gave): one object per alarm, not a copy per
  // optional member, for the 7,500 alarms of 1,000 watched resources.
  const entry: Json = {
    alarm_description: alarm.description,
    comparison_operator: alarm.comparisonOperator,
    evaluation_periods: alarm.evaluationPeriods,
    datapoints_to_alarm: alarm.datapointsToAlarm,
    treat_missing_data: alarm.treatMissingData,
  };
  if (alarm.threshold !== undefined) entry.threshold = alarm.threshold;
  if (alarm.thresholdMetricId !== undefined) entry.threshold_metric_id = alarm.thresholdMetricId;
  if (source.kind === "metric") {
    addMetricFields(entry, source.metric);
    entry.period = source.periodSeconds;
  } else entry.metric_query = source.queries.map(queryFields);
  entry.alarm_actions = actionKey(alarm.alarmActions);
  entry.ok_actions = actionKey(alarm.okActions);
  return entry;
}

/** Numbers distinct action lists ("a0", "a1"…) for the local map alarms refer to. */
class ActionLists {
  readonly lists: Record<string, readonly string[]> = {};
  private readonly keys = new Map<string, string>();

  key(actions: readonly string[]): string {
    const id = JSON.stringify(actions);
    let key = this.keys.get(id);
    if (key === undefined) {
      key = `a${this.keys.size}`;
      this.keys.set(id, key);
      this.lists[key] = actions;
    }
    return key;
  }
}

const optional = (path: string) => `\${try(${path}, null)}`;

/**
 * CloudWatch metric alarms and composite alarms from rendered definitions.
 *
 * All metric alarms are one `aws_cloudwatch_metric_alarm` resource with `for_each` keyed by alarm name (and all
 * composites one more): the Terraform address of an alarm is `…["<alarm name>"]`, so it depends on the name alone
 * and never on construct paths; and synth stays fast with thousands of alarms (one construct instead of one per
 * alarm). Definitions are checked against CloudWatch's limits (5 actions per state, periods, rule length) first.
 */
export class AwsAlarms extends Construct {
  /** The alarm names, in definition order. */
  readonly alarmNames: readonly string[];
  /** The for_each resource of the metric alarms; undefined when there are none. */
  readonly metricAlarms?: CloudwatchMetricAlarm;
  readonly compositeAlarms?: CloudwatchCompositeAlarm;

  constructor(scope: Construct, id: string, props: AwsAlarmsProps) {
    super(scope, id);
    const composites = props.compositeAlarms ?? [];
    assertAlarmsValid(props.alarms, composites);
    this.alarmNames = [...props.alarms.map((a) => a.name), ...composites.map((c) => c.name)];
    // A composite may name metric alarms and composites listed before it (so there is never a cycle).
    const known = new Set(props.alarms.map((a) => a.name));
    const depth = new Map<string, number>();
    for (const composite of composites) {
      const missing = composite.alarmNames.filter((n) => !known.has(n) && !depth.has(n));
      if (missing.length > 0)
        throw new Error(
          `composite alarm "${composite.name}" names alarms that are not defined here: ${missing.join(", ")} (composites must come after those they name)`,
        );
      depth.set(composite.name, 1 + Math.max(0, ...composite.alarmNames.map((n) => depth.get(n) ?? 0)));
    }

    if (props.alarms.length > 0) {
      const alarms = new CloudwatchMetricAlarm(this, "metric", {
        alarmName: "${each.key}",
        comparisonOperator: "${each.value.comparison_operator}",
        evaluationPeriods: 1,
        tags: props.tags ? { ...props.tags } : undefined,
      });
      const actions = new ActionLists();
      // Handed over as a token of a final value (markFinal): cdktf's merge of the overrides copies every plain object but
      // takes a token as it is, and the app's bundle resolves a final value to itself. One map instead of three copies
      // of its 75,000 entries at 10,000 watched resources (#19).
      const forEach = markFinal(Object.fromEntries(props.alarms.map((a) => [a.name, alarmEntry(a, (list) => actions.key(list))])));
      alarms.addOverride("for_each", Lazy.anyValue({ produce: () => forEach }));
      const actionsLocal = new TerraformLocal(this, "actions", actions.lists);
      const lookupActions = (field: string) => `\${local.${actionsLocal.friendlyUniqueId}[each.value.${field}]}`;
      for (const [attribute, expression] of Object.entries({
        alarm_description: "${each.value.alarm_description}",
        evaluation_periods: "${each.value.evaluation_periods}",
        datapoints_to_alarm: "${each.value.datapoints_to_alarm}",
        treat_missing_data: "${each.value.treat_missing_data}",
        threshold: optional("each.value.threshold"),
        threshold_metric_id: optional("each.value.threshold_metric_id"),
        namespace: optional("each.value.namespace"),
        metric_name: optional("each.value.metric_name"),
        period: optional("each.value.period"),
        statistic: optional("each.value.statistic"),
        extended_statistic: optional("each.value.extended_statistic"),
        dimensions: optional("each.value.dimensions"),
        alarm_actions: lookupActions("alarm_actions"),
        ok_actions: lookupActions("ok_actions"),
      })) {
        alarms.addOverride(attribute, expression);
      }
      alarms.addOverride("dynamic.metric_query", {
        for_each: "${try(each.value.metric_query, [])}",
        content: {
          id: "${metric_query.value.id}",
          return_data: "${metric_query.value.return_data}",
          expression: optional("metric_query.value.expression"),
          label: optional("metric_query.value.label"),
          period: optional("metric_query.value.period"),
          dynamic: {
            metric: {
              for_each: "${try([metric_query.value.metric], [])}",
              content: {
                namespace: "${metric.value.namespace}",
                metric_name: "${metric.value.metric_name}",
                dimensions: "${metric.value.dimensions}",
                period: "${metric.value.period}",
                stat: "${metric.value.stat}",
              },
            },
          },
        },
      });
      this.metricAlarms = alarms;
    }

    // Composites no other composite names keep the resource "composite"; part composites (chunks of a rule too long
    // for CloudWatch) get one resource per depth, created before the composites that name them.
    const named = new Set(composites.flatMap((c) => c.alarmNames));
    const parts = composites.filter((c) => named.has(c.name));
    const created: TerraformResource[] = this.metricAlarms ? [this.metricAlarms] : [];
    for (const level of [...new Set(parts.map((c) => depth.get(c.name) ?? 1))].sort((a, b) => a - b)) {
      const resource = this.compositeResource(
        `composite-part-${level}`,
        parts.filter((c) => depth.get(c.name) === level),
        [...created],
        props.tags,
      );
      created.push(resource);
    }
    const top = composites.filter((c) => !named.has(c.name));
    if (top.length > 0) this.compositeAlarms = this.compositeResource("composite", top, created, props.tags);
  }

  private compositeResource(
    id: string,
    composites: readonly CompositeAlarmDefinition[],
    dependsOn: TerraformResource[],
    tags: Readonly<Record<string, string>> | undefined,
  ): CloudwatchCompositeAlarm {
    const composite = new CloudwatchCompositeAlarm(this, id, {
      alarmName: "${each.key}",
      alarmRule: "${each.value.alarm_rule}",
      alarmDescription: "${each.value.alarm_description}",
      alarmActions: ["${each.value.alarm_actions}"],
      okActions: ["${each.value.ok_actions}"],
      tags: tags ? { ...tags } : undefined,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });
    composite.addOverride(
      "for_each",
      Object.fromEntries(
        composites.map((c) => [
          c.name,
          { alarm_description: c.description, alarm_rule: c.rule, alarm_actions: c.alarmActions, ok_actions: c.okActions },
        ]),
      ),
    );
    composite.addOverride("alarm_actions", "${each.value.alarm_actions}");
    composite.addOverride("ok_actions", "${each.value.ok_actions}");
    return composite;
  }
}
