import {
  AZURE_WATCH_KINDS,
  type AzureAggregation,
  type AzureAnomalyPreset,
  type AzureMetric,
  type AzurePreset,
  type AzureScope,
  type AzureSource,
  type AzureWatchKindRegistry,
} from "../../catalog/azure-monitor";
import { containerInsightsStreams } from "../../catalog/azure-monitor/container-insights";
import { isoMinutes } from "../../catalog/azure-monitor/windows";
import { azureWatchedKinds } from "../../plan/azure-alarms";
import type { CloudAlarm, WatchedResource } from "../../plan/cloud-alarm";
import { workspaceRetentionDays } from "../../plan/cloud-logs";
import { planEnvironment } from "../../plan/plan";
import type { EnvironmentSpec } from "../../spec";
import { type ChannelSpec, channelSeverities } from "../../spec/channels";
import type { AzureCloudSpec } from "../../spec/clouds/azure";
import { SEVERITIES, type Severity } from "../../spec/primitives";
import type { SecretExpression } from "../aws/subscriptions";

/** Azure Monitor severities: 0 critical, 1 error, 2 warning, 3 informational. */
export const AZURE_SEVERITY: Record<Severity, number> = { critical: 0, warning: 2, info: 3 };

type Operator = "GreaterThan" | "LessThan";

/** A rendered metric alert (fixed or dynamic threshold): plain data, input of the `AzureAlerting` construct. */
export interface AzureMetricAlertDefinition {
  /** `<env>-<service>-<resource>-<preset>-<severity>`; also the construct id. */
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly scope: AzureScope;
  /** ISO 8601 durations, e.g. "PT1M", "PT5M". */
  readonly frequency: string;
  readonly windowSize: string;
  readonly criteria?: {
    readonly metric: AzureMetric;
    readonly aggregation: AzureAggregation;
    readonly operator: Operator;
    readonly threshold: number;
  };
  readonly dynamicCriteria?: {
    readonly metric: AzureMetric;
    readonly aggregation: AzureAggregation;
    readonly operator: "GreaterOrLessThan" | "GreaterThan";
    readonly alertSensitivity: "Low" | "Medium" | "High";
    readonly evaluationTotalCount: number;
    readonly evaluationFailureCount: number;
  };
  readonly meta: { readonly service: string; readonly resource: string; readonly preset: string; readonly runbookSlug: string };
}

/** A rendered log search alert (scheduled query rule v2) on the stack's Log Analytics workspace. */
export interface AzureLogAlertDefinition {
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly windowDuration: string;
  readonly evaluationFrequency: string;
  readonly query: string;
  readonly timeAggregationMethod: "Count" | "Maximum";
  readonly metricMeasureColumn?: string;
  readonly resourceIdColumn?: string;
  readonly operator: Operator;
  readonly threshold: number;
  /** Sustained state: every one of `of` windows must cross. */
  readonly failingPeriods: { readonly minimum: number; readonly of: number };
  readonly meta: { readonly service: string; readonly resource: string; readonly preset: string; readonly runbookSlug: string };
}

/** One action group per severity, with the receivers of every channel that takes it. */
export interface AzureActionGroupDefinition {
  readonly severity: Severity;
  readonly name: string;
  /** At most 12 characters (shown in SMS). */
  readonly shortName: string;
  readonly emailReceivers: ReadonlyArray<{ readonly name: string; readonly emailAddress: string }>;
  readonly smsReceivers: ReadonlyArray<{ readonly name: string; readonly countryCode: string; readonly phoneNumber: string }>;
  /** PagerDuty (its Azure integration URL) and plain webhooks; URIs are Terraform expressions. */
  readonly webhookReceivers: ReadonlyArray<{ readonly name: string; readonly serviceUri: string }>;
  /**
   * Slack channels, reached through a Logic App that turns the common alert schema into a Slack message (a Slack
   * incoming webhook rejects Azure's payload); `webhookUrl` is a Terraform expression.
   */
  readonly slackReceivers: ReadonlyArray<{ readonly name: string; readonly webhookUrl: string }>;
}

export interface AzureMonitoringArtifacts {
  readonly metricAlerts: readonly AzureMetricAlertDefinition[];
  readonly logAlerts: readonly AzureLogAlertDefinition[];
  /** Retention of the Log Analytics workspace, days (30 to 730). */
  readonly workspaceRetentionDays: number;
  /** Resource groups whose VMs and scale sets get the Azure Monitor Agent and the data collection rule (Azure Policy). */
  readonly agentResourceGroups: readonly string[];
  /** Container Insights streams the log alerts read (ContainerLogV2, …): the AKS cluster must send them to the workspace. */
  readonly containerInsightsStreams: readonly string[];
}

function azureEvaluation(alarm: CloudAlarm) {
  if (alarm.evaluation.cloud !== "azure") throw new Error(`alert "${alarm.name}" is not planned for Azure Monitor`);
  return alarm.evaluation;
}

function operatorOf(alarm: CloudAlarm): { operator: Operator; threshold: number } {
  const c = alarm.comparison;
  if (c.kind !== "above" && c.kind !== "below") throw new Error(`alert "${alarm.name}" has no fixed threshold`);
  return { operator: c.kind === "above" ? "GreaterThan" : "LessThan", threshold: c.value };
}

/** A planned tier as a metric alert: the plan gives the window, the comparison (complement and counts applied) and the text. */
function metricAlert(alarm: CloudAlarm, source: Exclude<AzureSource, { kind: "logQuery" }>, scope: AzureScope): AzureMetricAlertDefinition {
  const { operator, threshold } = operatorOf(alarm);
  const aggregation: AzureAggregation =
    source.kind === "count"
      ? "Total"
      : // Sustained: the window's lowest value above the threshold (or highest below) means every datapoint crossed.
        (source.aggregation ?? (operator === "GreaterThan" ? "Minimum" : "Maximum"));
  return {
    name: alarm.name,
    description: alarm.description,
    severity: alarm.severity,
    scope,
    frequency: "PT1M",
    windowSize: isoMinutes(azureEvaluation(alarm).windowMinutes),
    criteria: { metric: source.metric, aggregation, threshold, operator },
    meta: { service: alarm.service, resource: alarm.resource, preset: alarm.preset, runbookSlug: alarm.runbookSlug },
  };
}

/** A planned tier as a log search alert: every one of the planned windows must cross. */
function logAlert(alarm: CloudAlarm, source: Extract<AzureSource, { kind: "logQuery" }>): AzureLogAlertDefinition {
  const { windowMinutes, failingPeriods = 1 } = azureEvaluation(alarm);
  const { operator, threshold } = operatorOf(alarm);
  return {
    name: alarm.name,
    description: alarm.description,
    severity: alarm.severity,
    windowDuration: isoMinutes(windowMinutes),
    evaluationFrequency: isoMinutes(windowMinutes),
    query: source.query,
    timeAggregationMethod: source.aggregation,
    ...(source.aggregation === "Count" ? {} : { metricMeasureColumn: "AggregatedValue" }),
    ...(source.resourceIdColumn ? { resourceIdColumn: source.resourceIdColumn } : {}),
    operator,
    threshold,
    failingPeriods: { minimum: failingPeriods, of: failingPeriods },
    meta: { service: alarm.service, resource: alarm.resource, preset: alarm.preset, runbookSlug: alarm.runbookSlug },
  };
}

/** The plan's alerts of one kind's resources, translated: presets by their source, dynamic thresholds by their preset. */
function renderService<R extends WatchedResource>(
  planned: readonly CloudAlarm[],
  catalog: {
    readonly presets: readonly AzurePreset<R>[];
    readonly anomalies?: readonly AzureAnomalyPreset<R>[];
    readonly scope?: (r: R) => AzureScope;
  },
  resources: readonly R[],
  out: { metricAlerts: AzureMetricAlertDefinition[]; logAlerts: AzureLogAlertDefinition[] },
): void {
  const byName = new Map(resources.map((r) => [r.name, r]));
  for (const alarm of planned) {
    const resource = byName.get(alarm.resource);
    if (!resource) throw new Error(`alert "${alarm.name}" names no watched resource`);
    if (alarm.origin === "anomaly") {
      const anomaly = catalog.anomalies?.find((a) => a.id === alarm.preset);
      if (!anomaly || !catalog.scope || alarm.comparison.kind !== "band")
        throw new Error(`no dynamic-threshold preset for "${alarm.name}"`);
      out.metricAlerts.push(dynamicAlert(alarm, anomaly, resource, catalog.scope(resource)));
      continue;
    }
    const preset = catalog.presets.find((p) => p.id === alarm.preset);
    if (!preset) throw new Error(`no Azure Monitor preset for "${alarm.name}"`);
    const source = preset.source(resource);
    if (source.kind === "logQuery") out.logAlerts.push(logAlert(alarm, source));
    else if (catalog.scope) out.metricAlerts.push(metricAlert(alarm, source, catalog.scope(resource)));
    else throw new Error(`metric alert "${alarm.name}" has no scope`);
  }
}

/** Dynamic thresholds: 4 of the last 4 five-minute periods outside the learnt band (medium sensitivity). */
function dynamicAlert<R>(alarm: CloudAlarm, anomaly: AzureAnomalyPreset<R>, resource: R, scope: AzureScope): AzureMetricAlertDefinition {
  const window = isoMinutes(azureEvaluation(alarm).windowMinutes);
  return {
    name: alarm.name,
    description: alarm.description,
    severity: alarm.severity,
    scope,
    frequency: window,
    windowSize: window,
    dynamicCriteria: {
      metric: anomaly.metric(resource),
      aggregation: anomaly.aggregation,
      operator: anomaly.band === "both" ? "GreaterOrLessThan" : "GreaterThan",
      alertSensitivity: "Medium",
      evaluationTotalCount: 4,
      evaluationFailureCount: 4,
    },
    meta: { service: alarm.service, resource: alarm.resource, preset: alarm.preset, runbookSlug: alarm.runbookSlug },
  };
}

/**
 * Everything the Azure backend deploys for one environment, as plain data (action groups rendered separately): the
 * plan's alerts (made with `registry` of watch kinds, the bundled one unless a test passes its own), translated.
 */
export function renderAzureMonitoring(
  spec: EnvironmentSpec,
  cloud: AzureCloudSpec,
  registry: AzureWatchKindRegistry = AZURE_WATCH_KINDS,
): AzureMonitoringArtifacts {
  const alarms = planEnvironment(spec, { azureRegistry: registry }).cloudAlarms;
  const out = { metricAlerts: [] as AzureMetricAlertDefinition[], logAlerts: [] as AzureLogAlertDefinition[] };
  for (const { key, kind, resources } of azureWatchedKinds(registry, cloud.watch, { subscriptionId: cloud.subscriptionId })) {
    renderService(
      alarms.filter((a) => a.kind === key),
      kind,
      resources,
      out,
    );
  }
  return {
    ...out,
    workspaceRetentionDays: workspaceRetentionDays((cloud.logRetention ?? spec.retention.logs).toDays()),
    agentResourceGroups: [...new Set(cloud.watch.vms.map((vm) => vm.resourceGroup))],
    containerInsightsStreams: containerInsightsStreams(cloud.watch.logs.map((l) => l.table)),
  };
}

/** E.164 country calling codes are prefix-free: 1 and 7 take one digit, these two digits, every other three. */
const TWO_DIGIT_CODES = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81,
  82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

/** Splits an E.164 number into the country code and national number action groups take ("+14155550100" -> 1, 4155550100). */
export function splitE164(number: string): { countryCode: string; phoneNumber: string } {
  const digits = number.replace(/^\+/, "");
  const length = digits[0] === "1" || digits[0] === "7" ? 1 : TWO_DIGIT_CODES.has(Number(digits.slice(0, 2))) ? 2 : 3;
  return { countryCode: digits.slice(0, length), phoneNumber: digits.slice(length) };
}

/** Action groups per severity. PagerDuty's Azure integration takes the routing key in its URL; Slack goes through a relay. */
export function renderActionGroups(env: string, channels: readonly ChannelSpec[], secret: SecretExpression): AzureActionGroupDefinition[] {
  return SEVERITIES.flatMap((severity) => {
    const taking = channels.filter((c) => channelSeverities(c).includes(severity));
    if (taking.length === 0) return [];
    const group = {
      severity,
      name: `${env}-monitoring-${severity}`,
      shortName: `${env.slice(0, 7)}-${severity.slice(0, 4)}`,
      emailReceivers: [] as Array<{ name: string; emailAddress: string }>,
      smsReceivers: [] as Array<{ name: string; countryCode: string; phoneNumber: string }>,
      webhookReceivers: [] as Array<{ name: string; serviceUri: string }>,
      slackReceivers: [] as Array<{ name: string; webhookUrl: string }>,
    };
    for (const channel of taking) {
      switch (channel.type) {
        case "email":
          channel.addresses.forEach((emailAddress, i) => {
            group.emailReceivers.push({ name: `${channel.name}-${i}`, emailAddress });
          });
          break;
        case "sms":
          channel.phoneNumbers.forEach((number, i) => {
            group.smsReceivers.push({ name: `${channel.name}-${i}`, ...splitE164(number) });
          });
          break;
        case "slack":
          group.slackReceivers.push({
            name: channel.name,
            webhookUrl: secret(channel.webhookUrl, `Slack channel "${channel.name}" (Azure Monitor)`),
          });
          break;
        case "pagerduty": {
          const key = secret(channel.routingKey, `PagerDuty channel "${channel.name}" (Azure Monitor)`);
          group.webhookReceivers.push({ name: channel.name, serviceUri: `https://events.pagerduty.com/integration/${key}/enqueue` });
          break;
        }
        case "webhook":
          group.webhookReceivers.push({
            name: channel.name,
            serviceUri: secret(channel.url, `webhook channel "${channel.name}" (Azure Monitor)`),
          });
          break;
      }
    }
    return [group];
  });
}
