import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../../catalog/cloudwatch";
import { auditMetricNamespace } from "../../model/naming";
import { type AwsPlannedKind, awsWatchedResources } from "../../plan/aws-alarms";
import { planAnomalyComposites } from "../../plan/aws-composites";
import type { WatchedResource } from "../../plan/cloud-alarm";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec";
import type { AwsCloudSpec } from "../../spec/clouds/aws";
import type { Severity } from "../../spec/primitives";
import type { AlarmSource, CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";
import { type AlarmRenderContext, compositeAlarmDefinitions, metricAlarmDefinition, renderAnomalyComposites } from "./alarms";
import { auditAlarmDefinitions } from "./audit";

/** The Terraform expressions the alarms need: topic ARNs per severity and owner, ALB ARN suffixes. */
export interface AwsAlarmInputs {
  /** Alarm and OK actions of a severity for an owning service (SNS topic ARNs; see AlarmRenderContext.actions). */
  readonly actions: (severity: Severity, service: string) => readonly string[];
  /** CloudWatch dimension of an ALB by name (`data.aws_lb.<x>.arn_suffix`; no quote: see bindAwsAlarms). */
  readonly albArnSuffix: (loadBalancerName: string) => string;
}

/** The CloudWatch alarms of an environment: metric alarms, composites, and the audit trail's alarms. */
export interface AwsAlarmSet {
  readonly alarms: readonly MetricAlarmDefinition[];
  readonly compositeAlarms: readonly CompositeAlarmDefinition[];
  /** The audit trail's metric alarms; empty without one. */
  readonly auditAlarms: readonly MetricAlarmDefinition[];
}

/**
 * Renders the alarms of the AWS side: the plan's alarms (`planEnvironment`, with `registry` of watch kinds) translated
 * into CloudWatch definitions, the service and anomaly composites, and the audit trail's alarms.
 */
export function renderAwsAlarms(
  spec: EnvironmentSpec,
  cloud: AwsCloudSpec,
  inputs: AwsAlarmInputs,
  registry: WatchKindRegistry = AWS_WATCH_KINDS,
): AwsAlarmSet {
  const env = spec.name;
  const watch = cloud.watch;
  const ctx: AlarmRenderContext = {
    env,
    services: spec.services,
    thresholds: spec.thresholds,
    runbookBaseUrl: spec.runbookBaseUrl,
    actions: inputs.actions,
  };
  const plan = planEnvironment(spec, { awsRegistry: registry });
  const planned = plan.cloudAlarms;
  // The presets' sources need the ALB's ARN suffix, which only Terraform knows; the rest is the plan's resource.
  const resources: Readonly<Record<string, readonly WatchedResource[]>> = {
    ...awsWatchedResources(env, watch),
    loadBalancers: watch.loadBalancers.map((r) => ({ ...r, arnSuffix: inputs.albArnSuffix(r.loadBalancerName) })),
  };
  const byKey = new Map(Object.entries(resources).flatMap(([key, list]) => list.map((r) => [`${key}/${r.name}`, r] as const)));
  const alarms = planned
    .filter((a) => a.origin === "preset" || a.origin === "anomaly" || a.origin === "anomalyFloor")
    .map((a) =>
      metricAlarmDefinition(ctx, a, registry[a.kind] as unknown as AwsPlannedKind<unknown>, byKey.get(`${a.kind}/${a.resource}`)),
    );
  return {
    alarms,
    compositeAlarms: [
      ...compositeAlarmDefinitions(ctx, plan.cloudComposites),
      ...renderAnomalyComposites(ctx, planAnomalyComposites(planned)),
    ],
    auditAlarms: cloud.auditTrail
      ? auditAlarmDefinitions(
          { metricNamespace: auditMetricNamespace(env), actions: inputs.actions },
          planned.filter((a) => a.origin === "audit"),
        )
      : [],
  };
}

/**
 * The alarm set rendered with stand-ins for the Terraform expressions, once per spec: validation reads it (names,
 * limits, which severities notify), and the stack binds it to its topic ARNs and ALB data sources
 * ({@link bindAwsAlarms}) instead of rendering every alarm a second time.
 */
export interface SymbolicAwsAlarmSet extends AwsAlarmSet {
  /** The severities whose actions some alarm asks for: those CloudWatch notifies. */
  readonly notified: ReadonlySet<Severity>;
  /** The severity and owner of each stand-in action (every action list asked for is one stand-in). */
  readonly actionTargets: ReadonlyMap<string, { readonly severity: Severity; readonly service: string }>;
  /** The stand-in ARN suffix of each load balancer name. */
  readonly albStandIns: ReadonlyMap<string, string>;
}

const symbolicSets = new WeakMap<EnvironmentSpec, { readonly cloud: AwsCloudSpec; readonly set: SymbolicAwsAlarmSet }>();

/**
 * The environment's alarm set with stand-ins (see {@link SymbolicAwsAlarmSet}), cached per spec (specs are not changed
 * after validation) for the bundled watch kinds; a test's own registry gets a set of its own.
 */
export function symbolicAwsAlarms(
  spec: EnvironmentSpec,
  cloud: AwsCloudSpec,
  registry: WatchKindRegistry = AWS_WATCH_KINDS,
): SymbolicAwsAlarmSet {
  const bundled = registry === AWS_WATCH_KINDS;
  const cached = bundled ? symbolicSets.get(spec) : undefined;
  if (cached?.cloud === cloud) return cached.set;
  // A marker no spec text holds: a NUL character and a random part (bindAwsAlarms replaces only these).
  const marker = `${NUL}aws-${Math.random().toString(36).slice(2)}-`;
  const notified = new Set<Severity>();
  const actionTargets = new Map<string, { severity: Severity; service: string }>();
  const byTarget = new Map<string, readonly string[]>();
  const albStandIns = new Map<string, string>();
  const set = renderAwsAlarms(
    spec,
    cloud,
    {
      actions: (severity, service) => {
        notified.add(severity);
        const key = `${severity}/${service}`;
        let list = byTarget.get(key);
        if (list === undefined) {
          const standIn = `${marker}actions-${byTarget.size}${NUL}`;
          list = Object.freeze([standIn]);
          byTarget.set(key, list);
          actionTargets.set(standIn, { severity, service });
        }
        return list;
      },
      albArnSuffix: (name) => {
        let standIn = albStandIns.get(name);
        if (standIn === undefined) {
          standIn = `${marker}alb-${albStandIns.size}${NUL}`;
          albStandIns.set(name, standIn);
        }
        return standIn;
      },
    },
    registry,
  );
  const symbolic: SymbolicAwsAlarmSet = { ...set, notified, actionTargets, albStandIns };
  if (bundled) symbolicSets.set(spec, { cloud, set: symbolic });
  return symbolic;
}

/**
 * The alarm set of `inputs`, from the set with stand-ins: what {@link renderAwsAlarms} renders with `inputs`, each
 * stand-in action list replaced by the actions of its severity and owner, and each stand-in ARN suffix (in metric
 * dimensions and Metrics Insights queries) by the load balancer's.
 */
export function bindAwsAlarms(symbolic: SymbolicAwsAlarmSet, inputs: AwsAlarmInputs): AwsAlarmSet {
  // A list of stand-ins (the renderers copy lists, so by content): each stand-in becomes its severity's and owner's.
  const bound = new Map<string, readonly string[]>();
  const actions = (list: readonly string[]): readonly string[] => {
    if (!list.some((action) => symbolic.actionTargets.has(action))) return list;
    const lists = list.map((action) => {
      const target = symbolic.actionTargets.get(action);
      if (target === undefined) return [action];
      let actions = bound.get(action);
      if (actions === undefined) {
        actions = inputs.actions(target.severity, target.service);
        bound.set(action, actions);
      }
      return actions;
    });
    return lists.length === 1 ? lists[0] : lists.flat();
  };
  const suffixes = new Map(
    [...symbolic.albStandIns].map(([name, standIn]) => {
      const suffix = inputs.albArnSuffix(name);
      // Placed verbatim where the stand-in is: a quote would have been escaped inside a Metrics Insights string.
      if (suffix.includes("'")) throw new Error(`the ARN suffix of load balancer "${name}" holds a quote: ${suffix}`);
      return [standIn, suffix] as const;
    }),
  );
  const text = (value: string): string => (value.includes(NUL) ? replaceStandIns(value, suffixes) : value);
  const composite = (alarm: CompositeAlarmDefinition): CompositeAlarmDefinition => {
    const alarmActions = actions(alarm.alarmActions);
    const okActions = actions(alarm.okActions);
    return alarmActions === alarm.alarmActions && okActions === alarm.okActions ? alarm : { ...alarm, alarmActions, okActions };
  };
  const metric = (alarm: MetricAlarmDefinition): MetricAlarmDefinition => {
    const alarmActions = actions(alarm.alarmActions);
    const okActions = actions(alarm.okActions);
    const source = suffixes.size > 0 ? (replaceStrings(alarm.source, text) as AlarmSource) : alarm.source;
    if (alarmActions === alarm.alarmActions && okActions === alarm.okActions && source === alarm.source) return alarm;
    return { ...alarm, alarmActions, okActions, source };
  };
  return {
    alarms: symbolic.alarms.map(metric),
    compositeAlarms: symbolic.compositeAlarms.map(composite),
    auditAlarms: symbolic.auditAlarms.map(metric),
  };
}

/** Stand-ins start and end with it: no other text of an alarm holds it (spec text with one is kept as it is). */
const NUL = "\u0000";

/** `text` with each stand-in (NUL, stand-in text, NUL) that `values` knows replaced by its value. */
function replaceStandIns(text: string, values: ReadonlyMap<string, string>): string {
  let replaced = "";
  let copied = 0;
  for (let start = text.indexOf(NUL); start !== -1; ) {
    const end = text.indexOf(NUL, start + 1);
    if (end === -1) break;
    const value = values.get(text.slice(start, end + 1));
    if (value === undefined) {
      start = end;
      continue;
    }
    replaced += text.slice(copied, start) + value;
    copied = end + 1;
    start = text.indexOf(NUL, copied);
  }
  return replaced + text.slice(copied);
}

/** `value` with every string passed through `replace`; the same object where nothing changed (nothing is allocated). */
function replaceStrings(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === "string") return replace(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = replaceStrings(value[i], replace);
      if (item !== value[i]) {
        items ??= [...value];
        items[i] = item;
      }
    }
    return items ?? value;
  }
  let members: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    const replaced = replaceStrings(member, replace);
    if (replaced !== member) {
      members ??= { ...value };
      members[key] = replaced;
    }
  }
  return members ?? value;
}
