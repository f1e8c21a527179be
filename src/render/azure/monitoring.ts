import {
  AZURE_WATCH_KINDS,
  type AzureAggregation,
  type AzureAnomalyPreset,
  type AzureKindContext,
  type AzureMetric,
  type AzurePreset,
  type AzureScope,
  type AzureServiceCatalog,
  type AzureSource,
  type AzureWatchKindDefinition,
  type AzureWatchKindRegistry,
  azureRunbookSlug,
} from "../../catalog/azure-monitor";
import { containerInsightsStreams } from "../../catalog/azure-monitor/container-insights";
import { runbookUrl } from "../../catalog/runbooks/url";
import { plainAlarmName } from "../../model/naming";
import { PLATFORM_OWNER } from "../../model/owner";
import type { EnvironmentSpec } from "../../spec";
import { type ChannelSpec, channelSeverities } from "../../spec/channels";
import type { AzureCloudSpec } from "../../spec/clouds/azure";
import { SEVERITIES, type Severity } from "../../spec/primitives";
import { type AlarmPlan, type PlanContext, planPreset, type WatchedResource } from "../alarm-plan";
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

/** Window sizes metric alerts accept, minutes. */
const METRIC_WINDOWS = [1, 5, 15, 30, 60, 360, 720, 1440] as const;
/** Window sizes log search alerts accept, minutes. */
const LOG_WINDOWS = [1, 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440] as const;
const iso = (minutes: number) =>
  minutes % 1440 === 0 ? `P${minutes / 1440}D` : minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;

/** The smallest metric-alert window covering the `for` duration (rounded up: never alerts earlier than asked). */
export function metricWindowMinutes(forSeconds: number): number {
  const minutes = Math.ceil(forSeconds / 60);
  return METRIC_WINDOWS.find((w) => w >= minutes) ?? 1440;
}

/** Window and failing periods of a log alert: at most 6 periods (the API's limit), covering the `for` duration. */
export function logWindows(forSeconds: number): { windowMinutes: number; periods: number } {
  const minutes = Math.max(1, Math.ceil(forSeconds / 60));
  const windowMinutes = LOG_WINDOWS.find((w) => Math.ceil(minutes / w) <= 6) ?? 1440;
  return { windowMinutes, periods: Math.min(6, Math.ceil(minutes / windowMinutes)) };
}

/** Workspace retention: the spec's duration rounded up to whole days, at least 30 (the workspace minimum), at most 730. */
export function workspaceRetentionDays(days: number): number {
  const rounded = Math.ceil(days);
  if (rounded > 730) throw new Error(`a Log Analytics workspace keeps logs at most 730 days, received ${rounded}`);
  return Math.max(30, rounded);
}

function metricAlert(plan: AlarmPlan, preset: AzurePreset<never>, source: Exclude<AzureSource, { kind: "logQuery" }>, scope: AzureScope) {
  const windowMinutes = metricWindowMinutes(plan.for.toSeconds());
  const above = (plan.direction === "above") !== (preset.complement ?? false);
  const threshold = preset.complement ? 100 - plan.threshold : plan.threshold;
  const criteria =
    source.kind === "count"
      ? { metric: source.metric, aggregation: "Total" as const, threshold: threshold * windowMinutes }
      : // Sustained: the window's lowest value above the threshold (or highest below) means every datapoint crossed.
        { metric: source.metric, aggregation: source.aggregation ?? (above ? ("Minimum" as const) : ("Maximum" as const)), threshold };
  return {
    name: plan.name,
    description: plan.description,
    severity: plan.severity,
    scope,
    frequency: "PT1M",
    windowSize: iso(windowMinutes),
    criteria: { ...criteria, operator: above ? ("GreaterThan" as const) : ("LessThan" as const) },
    meta: { service: plan.service, resource: plan.resource, preset: plan.preset, runbookSlug: plan.runbookSlug },
  };
}

function logAlert(plan: AlarmPlan, source: Extract<AzureSource, { kind: "logQuery" }>): AzureLogAlertDefinition {
  const { windowMinutes, periods } = logWindows(plan.for.toSeconds());
  const count = source.aggregation === "Count";
  return {
    name: plan.name,
    description: plan.description,
    severity: plan.severity,
    windowDuration: iso(windowMinutes),
    evaluationFrequency: iso(windowMinutes),
    query: source.query,
    timeAggregationMethod: source.aggregation,
    ...(count ? {} : { metricMeasureColumn: "AggregatedValue" }),
    ...(source.resourceIdColumn ? { resourceIdColumn: source.resourceIdColumn } : {}),
    operator: plan.direction === "above" ? "GreaterThan" : "LessThan",
    // Counts are per minute in the threshold model, per window in the query.
    threshold: count ? plan.threshold * windowMinutes : plan.threshold,
    failingPeriods: { minimum: periods, of: periods },
    meta: { service: plan.service, resource: plan.resource, preset: plan.preset, runbookSlug: plan.runbookSlug },
  };
}

function renderService<R extends WatchedResource & { anomalyDetection?: boolean }>(
  ctx: PlanContext,
  catalog: AzureServiceCatalog<R>,
  resources: readonly R[],
  out: { metricAlerts: AzureMetricAlertDefinition[]; logAlerts: AzureLogAlertDefinition[] },
): void {
  for (const resource of resources) {
    for (const preset of catalog.presets) {
      const source = preset.source(resource);
      for (const plan of planPreset(ctx, preset, resource, azureRunbookSlug(catalog.service, preset.id))) {
        if (source.kind === "logQuery") out.logAlerts.push(logAlert(plan, source));
        else out.metricAlerts.push(metricAlert(plan, preset as AzurePreset<never>, source, scopeOf(catalog, resource, preset.id)));
      }
    }
    if (resource.anomalyDetection) {
      for (const anomaly of catalog.anomalies) out.metricAlerts.push(dynamicAlert(ctx, catalog, anomaly, resource));
    }
  }
}

/** Where a metric alert of the kind is scoped; a kind without a scope has log search presets only. */
function scopeOf<R>(catalog: AzureServiceCatalog<R>, resource: R, presetId: string): AzureScope {
  if (!catalog.scope) throw new Error(`preset ${presetId} of ${catalog.service} is a metric alert, and the kind has no scope`);
  return catalog.scope(resource);
}

/** Dynamic thresholds: 4 of the last 4 five-minute periods outside the learnt band (medium sensitivity). */
function dynamicAlert<R extends WatchedResource>(
  ctx: PlanContext,
  catalog: AzureServiceCatalog<R>,
  anomaly: AzureAnomalyPreset<R>,
  resource: R,
): AzureMetricAlertDefinition {
  const slug = azureRunbookSlug(catalog.service, anomaly.id);
  const owner = resource.service ?? PLATFORM_OWNER;
  const severity: Severity = "warning";
  return {
    name: plainAlarmName({ env: ctx.env, service: resource.service, resource: resource.name, signal: anomaly.id, severity }),
    description: `${anomaly.intent.title} (dynamic threshold, medium sensitivity) for 20m on ${resource.name} (${owner}, ${severity}). Runbook: ${runbookUrl(ctx.runbookBaseUrl, slug)}`,
    severity,
    scope: scopeOf(catalog, resource, anomaly.id),
    frequency: "PT5M",
    windowSize: "PT5M",
    dynamicCriteria: {
      metric: anomaly.metric(resource),
      aggregation: anomaly.aggregation,
      operator: anomaly.band === "both" ? "GreaterOrLessThan" : "GreaterThan",
      alertSensitivity: "Medium",
      evaluationTotalCount: 4,
      evaluationFailureCount: 4,
    },
    meta: { service: owner, resource: resource.name, preset: anomaly.id, runbookSlug: slug },
  };
}

/** A watched resource as the presets of its kind receive it. */
type AzureWatched = WatchedResource & { readonly anomalyDetection?: boolean };

/** Each kind of a registry with the resources its presets receive (`resource` of the kind applied to each spec entry). */
export function azureWatchedKinds(
  registry: AzureWatchKindRegistry,
  watch: AzureCloudSpec["watch"],
  context: AzureKindContext,
): Array<{
  readonly key: string;
  readonly kind: AzureWatchKindDefinition<never, AzureWatched>;
  readonly resources: readonly AzureWatched[];
}> {
  const listed = watch as unknown as Readonly<Record<string, readonly never[]>>;
  return Object.entries(registry).map(([key, kind]) => ({
    key,
    kind: kind as unknown as AzureWatchKindDefinition<never, AzureWatched>,
    resources: (listed[key] ?? []).map((entry) => kind.resource(entry, context) as AzureWatched),
  }));
}

/**
 * Everything the Azure backend deploys for one environment, as plain data (action groups rendered separately). Alerts
 * come from the registry of watch kinds (`registry`, the bundled one unless a test passes its own).
 */
export function renderAzureMonitoring(
  spec: EnvironmentSpec,
  cloud: AzureCloudSpec,
  registry: AzureWatchKindRegistry = AZURE_WATCH_KINDS,
): AzureMonitoringArtifacts {
  const ctx: PlanContext = { env: spec.name, services: spec.services, thresholds: spec.thresholds, runbookBaseUrl: spec.runbookBaseUrl };
  const w = cloud.watch;
  const out = { metricAlerts: [] as AzureMetricAlertDefinition[], logAlerts: [] as AzureLogAlertDefinition[] };
  for (const { kind, resources } of azureWatchedKinds(registry, w, { subscriptionId: cloud.subscriptionId })) {
    renderService(ctx, kind, resources, out);
  }
  return {
    ...out,
    workspaceRetentionDays: workspaceRetentionDays((cloud.logRetention ?? spec.retention.logs).toDays()),
    agentResourceGroups: [...new Set(w.vms.map((vm) => vm.resourceGroup))],
    containerInsightsStreams: containerInsightsStreams(w.logs.map((l) => l.table)),
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
