import {
  GCP_WATCH_KINDS,
  type GcpAggregation,
  type GcpMissingData,
  type GcpPreset,
  type GcpServiceCatalog,
  type GcpSource,
  type GcpWatchKindRegistry,
  quote,
} from "../../catalog/gcp-monitoring";
import { type GcpLogMetricDefinition, gcpLogMetrics } from "../../catalog/gcp-monitoring/log-metrics";
import { seasonalTrafficAnomaly } from "../../catalog/prometheus/seasonal-expression";
import { gcpUptimeCheckName, kebab } from "../../model/naming";
import type { AlarmPlan, CloudAlarm, WatchedResource } from "../../plan/cloud-alarm";
import { gcpLogRetentionDays } from "../../plan/cloud-logs";
import { GCP_SEASONAL_ANOMALIES, gcpWatchedKinds } from "../../plan/gcp-alarms";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec";
import { type ChannelSpec, channelSeverities } from "../../spec/channels";
import type { GcpCloudSpec } from "../../spec/clouds/gcp";
import type { Severity } from "../../spec/primitives";
import { pushTo } from "../../util/push-to";
import type { SecretExpression } from "../aws/subscriptions";

/** One condition of an alert policy: a threshold on a filter (or a ratio of two), or a PromQL rule. */
export type GcpConditionDefinition =
  | {
      readonly kind: "threshold";
      readonly displayName: string;
      readonly filter: string;
      readonly comparison: "COMPARISON_GT" | "COMPARISON_LT";
      readonly thresholdValue: number;
      /** Sustained state: the condition must hold this long ("300s"). */
      readonly duration: string;
      readonly aggregations: readonly GcpAggregation[];
      readonly denominatorFilter?: string;
      readonly denominatorAggregations?: readonly GcpAggregation[];
      readonly evaluationMissingData: string;
    }
  | {
      readonly kind: "promql";
      readonly displayName: string;
      readonly query: string;
      readonly duration: string;
      readonly evaluationInterval: string;
    };

/** A rendered alert policy: plain data, input of the `GcpAlerting` construct. */
export interface GcpAlertPolicyDefinition {
  /** Display name, `<env>-<service>-<resource>-<preset>-<severity>`; also the construct id, so it never changes for the same policy. */
  readonly name: string;
  readonly severity: Severity;
  readonly condition: GcpConditionDefinition;
  /** Markdown shown in the incident and notifications, with the runbook link. */
  readonly documentation: { readonly subject: string; readonly content: string; readonly runbookUrl: string };
  readonly userLabels: Readonly<Record<string, string>>;
  readonly meta: { readonly service: string; readonly resource: string; readonly preset: string; readonly runbookSlug: string };
  /** Log-based metrics (names) the condition reads: the policy is created after them. @default [] */
  readonly logMetrics?: readonly string[];
}

/** A notification channel; `sensitiveLabels` hold Terraform expressions (variables, Secret Manager), never literals. */
export interface GcpNotificationChannelDefinition {
  /** Unique, stable: `<channel>` or `<channel>-<n>` per address. */
  readonly key: string;
  readonly type: "email" | "sms" | "slack" | "pagerduty" | "webhook_tokenauth";
  readonly displayName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly sensitiveLabels?: { readonly authToken?: string; readonly serviceKey?: string };
  readonly severities: readonly Severity[];
}

export interface GcpUptimeCheckDefinition {
  readonly name: string;
  readonly host: string;
  readonly path: string;
  readonly port: number;
  readonly useSsl: boolean;
  readonly period: string;
  readonly contentMatch?: string;
  /** The critical policy on this check (its filter names the check id, known after apply: `<check id>` is replaced). */
  readonly policy: GcpAlertPolicyDefinition;
}

export interface GcpMonitoringArtifacts {
  readonly channels: readonly GcpNotificationChannelDefinition[];
  readonly policies: readonly GcpAlertPolicyDefinition[];
  readonly logMetrics: readonly GcpLogMetricDefinition[];
  /** Retention of the `_Default` log bucket, days. */
  readonly logRetentionDays: number;
  readonly uptimeChecks: readonly GcpUptimeCheckDefinition[];
  /** Ops Agent roll-out: the zones and the label sets of the watched VMs (empty when no VM is watched). */
  readonly opsAgent: { readonly zones: readonly string[]; readonly labelSets: ReadonlyArray<Readonly<Record<string, string>>> };
}

/** Placeholder of the uptime check id in its policy's filter; the construct substitutes the resource's attribute. */
export const UPTIME_CHECK_ID = "<uptime-check-id>";

const GCP_SEVERITY: Record<Severity, string> = { critical: "CRITICAL", warning: "WARNING", info: "WARNING" };
const MISSING: Record<GcpMissingData, string> = {
  inactive: "EVALUATION_MISSING_DATA_INACTIVE",
  active: "EVALUATION_MISSING_DATA_ACTIVE",
  noOp: "EVALUATION_MISSING_DATA_NO_OP",
};

/** Google Cloud label values: lower case, digits, `_` and `-`, at most 63 characters. */
export const labelValue = (value: string) =>
  kebab(value)
    .replace(/[^a-z0-9_-]/g, "-")
    .slice(0, 63);

function condition(alarm: CloudAlarm, plan: AlarmPlan, source: GcpSource, missing: GcpMissingData): GcpConditionDefinition {
  const displayName = `${plan.title} ${plan.direction} ${plan.threshold} for ${plan.for}`;
  const duration = `${gcpEvaluation(alarm).durationSeconds}s`;
  if (source.kind === "promql") {
    return {
      kind: "promql",
      displayName,
      query: `${source.expression} ${plan.direction === "above" ? ">" : "<"} ${plan.threshold}`,
      duration,
      evaluationInterval: "60s",
    };
  }
  return {
    kind: "threshold",
    displayName,
    filter: source.filter,
    comparison: plan.direction === "above" ? "COMPARISON_GT" : "COMPARISON_LT",
    thresholdValue: plan.threshold,
    duration,
    aggregations: [source.aggregation],
    ...(source.denominator
      ? { denominatorFilter: source.denominator.filter, denominatorAggregations: [source.denominator.aggregation] }
      : {}),
    evaluationMissingData: MISSING[missing],
  };
}

const logMetricsOf = (source: GcpSource): string[] => (source.kind === "threshold" && source.logMetric ? [source.logMetric] : []);

function documentation(env: string, plan: { name: string; severity: Severity; description: string; runbookUrl: string }, meaning: string) {
  return {
    subject: `[${plan.severity.toUpperCase()}] ${plan.name}`,
    content: `${plan.description}\n\n${meaning}\n\nRunbook: [${plan.runbookUrl}](${plan.runbookUrl}) (environment ${env})`,
    runbookUrl: plan.runbookUrl,
  };
}

/** The plan's alarms of one preset on one resource (its tiers), by `<kind>/<resource>/<preset>`. */
type PlannedByKey = ReadonlyMap<string, readonly CloudAlarm[]>;

function renderPresets<R extends WatchedResource>(
  env: string,
  planned: PlannedByKey,
  kind: string,
  catalog: GcpServiceCatalog<R>,
  resources: readonly R[],
): GcpAlertPolicyDefinition[] {
  return resources.flatMap((resource) =>
    catalog.presets.flatMap((preset: GcpPreset<R>) =>
      (planned.get(`${kind}/${resource.name}/${preset.id}`) ?? []).flatMap((alarm) => {
        const plan = alarm.tier;
        if (!plan) return [];
        return [
          {
            name: alarm.name,
            severity: alarm.severity,
            condition: condition(alarm, plan, preset.source(resource), preset.missingData),
            logMetrics: logMetricsOf(preset.source(resource)),
            documentation: documentation(env, alarm, preset.intent.meaning),
            userLabels: {
              environment: labelValue(env),
              service: labelValue(alarm.service),
              resource: labelValue(alarm.resource),
              preset: labelValue(alarm.preset),
              severity: alarm.severity,
            },
            meta: { service: alarm.service, resource: alarm.resource, preset: alarm.preset, runbookSlug: alarm.runbookSlug },
          },
        ];
      }),
    ),
  );
}

/** Notification channels: one per address or number for email and SMS, one per channel otherwise. */
export function renderGcpChannels(
  env: string,
  channels: readonly ChannelSpec[],
  secret: SecretExpression,
): GcpNotificationChannelDefinition[] {
  return channels.flatMap((channel): GcpNotificationChannelDefinition[] => {
    const severities = channelSeverities(channel);
    const displayName = `${env} ${channel.name}`;
    switch (channel.type) {
      case "email":
        return channel.addresses.map((address, i) => ({
          key: `${channel.name}-${i}`,
          type: "email",
          displayName: `${displayName} (${address})`,
          labels: { email_address: address },
          severities,
        }));
      case "sms":
        return channel.phoneNumbers.map((number, i) => ({
          key: `${channel.name}-${i}`,
          type: "sms",
          displayName: `${displayName} (sms ${i + 1})`,
          labels: { number },
          severities,
        }));
      case "slack": {
        if (!channel.authToken) throw new Error(`slack channel "${channel.name}" needs authToken on Google Cloud (checked by the spec)`);
        return [
          {
            key: channel.name,
            type: "slack",
            displayName,
            labels: { channel_name: channel.channel },
            sensitiveLabels: { authToken: secret(channel.authToken, `Slack channel "${channel.name}" (Cloud Monitoring)`) },
            severities,
          },
        ];
      }
      case "pagerduty":
        return [
          {
            key: channel.name,
            type: "pagerduty",
            displayName,
            labels: {},
            sensitiveLabels: { serviceKey: secret(channel.routingKey, `PagerDuty channel "${channel.name}" (Cloud Monitoring)`) },
            severities,
          },
        ];
      case "webhook":
        return [
          {
            key: channel.name,
            type: "webhook_tokenauth",
            displayName,
            labels: { url: secret(channel.url, `webhook channel "${channel.name}" (Cloud Monitoring)`) },
            severities,
          },
        ];
      default:
        return assertNever(channel);
    }
  });
}

function assertNever(value: never): never {
  throw new Error(`unhandled channel ${JSON.stringify(value)}`);
}

/**
 * Everything the GCP backend deploys for one environment, as plain data (channels rendered separately). Policies come
 * from the registry of watch kinds (`registry`, the bundled one unless a test passes its own).
 */
export function renderGcpMonitoring(
  spec: EnvironmentSpec,
  cloud: GcpCloudSpec,
  registry: GcpWatchKindRegistry = GCP_WATCH_KINDS,
): Omit<GcpMonitoringArtifacts, "channels"> {
  const env = spec.name;
  const watch = cloud.watch;
  // The plan's alarms, translated: tiers, names, conditions and runbook links are the plan's.
  const alarms = planEnvironment(spec, { gcpRegistry: registry }).cloudAlarms;
  const planned = new Map<string, CloudAlarm[]>();
  for (const alarm of alarms) {
    const key = `${alarm.kind}/${alarm.resource}/${alarm.preset}`;
    pushTo(planned, key, alarm);
  }
  const planOf = (key: string) => {
    const found = planned.get(key)?.[0];
    if (!found) throw new Error(`environment ${env} has no planned alert policy ${key}`);
    return found;
  };
  const kinds = gcpWatchedKinds(registry, watch, { env, project: cloud.project });
  const policies = [
    ...kinds.flatMap(({ key, kind, resources }) => renderPresets(env, planned, key, kind, resources)),
    ...kinds.flatMap(({ key, kind, resources }) =>
      resources
        .filter((r) => r.anomalyDetection)
        .flatMap((r) =>
          kind.requestRate ? renderAnomalyPolicies(env, r, kind.requestRate(r), (p) => planOf(`${key}/${r.name}/${p}`)) : [],
        ),
    ),
  ];
  return {
    policies,
    logMetrics: gcpLogMetrics(env, watch.logs),
    logRetentionDays: gcpLogRetentionDays(spec, cloud),
    uptimeChecks: cloud.uptimeChecks.map((check) => renderUptimeCheck(env, check, planOf(`uptimeChecks/${check.name}/uptime`))),
    opsAgent: { zones: watch.vms.length > 0 ? cloud.zones : [], labelSets: watch.vms.map((vm) => vm.labels) },
  };
}

/**
 * The plan's seasonal anomaly policies of one resource (surge and drop, `GCP_SEASONAL_ANOMALIES`) as PromQL conditions:
 * the in-cluster detector's method (`seasonalTrafficAnomaly`) over the resource's request rate.
 */
function renderAnomalyPolicies(
  env: string,
  resource: WatchedResource,
  rate: string,
  planOf: (preset: string) => CloudAlarm,
): GcpAlertPolicyDefinition[] {
  const expressions = seasonalTrafficAnomaly(rate);
  return GCP_SEASONAL_ANOMALIES.map((k) => {
    const alarm = planOf(k.preset);
    return {
      name: alarm.name,
      severity: alarm.severity,
      condition: {
        kind: "promql",
        displayName: `requests ${k.what} their seasonal band for ${k.for.toPrometheus()}`,
        query: k.preset === "trafficSurge" ? expressions.surge : expressions.drop,
        duration: `${gcpEvaluation(alarm).durationSeconds}s`,
        evaluationInterval: "60s",
      },
      documentation: documentation(env, alarm, "Traffic left the band of its own recent days and weeks at this time of day."),
      userLabels: {
        environment: labelValue(env),
        service: labelValue(alarm.service),
        resource: labelValue(resource.name),
        preset: labelValue(k.preset),
        severity: alarm.severity,
      },
      meta: { service: alarm.service, resource: resource.name, preset: k.preset, runbookSlug: alarm.runbookSlug },
    };
  });
}

function gcpEvaluation(alarm: CloudAlarm) {
  if (alarm.evaluation.cloud !== "gcp") throw new Error(`alert policy "${alarm.name}" is not planned for Cloud Monitoring`);
  return alarm.evaluation;
}

function renderUptimeCheck(env: string, check: GcpCloudSpec["uptimeChecks"][number], alarm: CloudAlarm): GcpUptimeCheckDefinition {
  const url = new URL(check.url);
  const useSsl = url.protocol === "https:";
  const { name, service } = alarm;
  const period = check.period.toSeconds();
  return {
    name: gcpUptimeCheckName(env, service, check.name),
    host: url.hostname,
    path: `${url.pathname}${url.search}`,
    port: url.port ? Number(url.port) : useSsl ? 443 : 80,
    useSsl,
    period: `${period}s`,
    contentMatch: check.contentMatch,
    policy: {
      name,
      severity: "critical",
      condition: {
        kind: "threshold",
        displayName: `${check.url} fails from more than one region`,
        filter: `resource.type = "uptime_url" AND metric.type = "monitoring.googleapis.com/uptime_check/check_passed" AND metric.label.check_id = ${quote(UPTIME_CHECK_ID)}`,
        comparison: "COMPARISON_GT",
        thresholdValue: 1,
        duration: `${gcpEvaluation(alarm).durationSeconds}s`,
        aggregations: [
          {
            alignmentPeriod: `${Math.max(period, 60)}s`,
            perSeriesAligner: "ALIGN_NEXT_OLDER",
            crossSeriesReducer: "REDUCE_COUNT_FALSE",
            groupByFields: ["resource.label.host"],
          },
        ],
        evaluationMissingData: MISSING.active,
      },
      documentation: documentation(env, alarm, "A public endpoint is unreachable or wrong."),
      userLabels: {
        environment: labelValue(env),
        service: labelValue(service),
        resource: labelValue(check.name),
        preset: "uptime",
        severity: "critical",
      },
      meta: { service, resource: check.name, preset: "uptime", runbookSlug: alarm.runbookSlug },
    },
  };
}

/** The Google Cloud severity of a policy. */
export const gcpSeverity = (severity: Severity) => GCP_SEVERITY[severity];
