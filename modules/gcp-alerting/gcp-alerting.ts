import type { MonitoringAlertPolicy, MonitoringAlertPolicyConditions } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import type { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { Severity } from "../../src/model/severity";
import {
  type GcpAlertPolicyDefinition,
  type GcpConditionDefinition,
  type GcpNotificationChannelDefinition,
  type GcpUptimeCheckDefinition,
  gcpSeverity,
  UPTIME_CHECK_ID,
} from "../../src/render/gcp/monitoring";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const monitoringAlertPolicyModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/monitoring-alert-policy") as typeof import("@cdktf/provider-google/lib/monitoring-alert-policy"),
  );
const monitoringNotificationChannelModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/monitoring-notification-channel") as typeof import("@cdktf/provider-google/lib/monitoring-notification-channel"),
  );
const monitoringUptimeCheckConfigModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/monitoring-uptime-check-config") as typeof import("@cdktf/provider-google/lib/monitoring-uptime-check-config"),
  );

export interface GcpAlertingProps {
  /** Project of the channels, policies and checks. */
  readonly project: string;
  readonly channels: readonly GcpNotificationChannelDefinition[];
  readonly policies: readonly GcpAlertPolicyDefinition[];
  /** @default [] */
  readonly uptimeChecks?: readonly GcpUptimeCheckDefinition[];
  /** How long an incident stays open once its condition stops being met, before it closes. @default "1800s" */
  readonly autoClose?: string;
  /**
   * The log-based metrics policies read, by metric name: a policy waits for its metric (on a first apply Cloud
   * Monitoring rejects a policy on a metric that does not exist yet). A policy naming a metric not given here throws.
   * @default {} - no policy may read a log-based metric
   */
  readonly logMetrics?: Readonly<Record<string, ITerraformDependable>>;
}

function conditionBlock(c: GcpConditionDefinition): MonitoringAlertPolicyConditions {
  if (c.kind === "promql") {
    return {
      displayName: c.displayName,
      conditionPrometheusQueryLanguage: { query: c.query, duration: c.duration, evaluationInterval: c.evaluationInterval },
    };
  }
  const agg = (a: (typeof c.aggregations)[number]) => ({ ...a, groupByFields: a.groupByFields ? [...a.groupByFields] : undefined });
  return {
    displayName: c.displayName,
    conditionThreshold: {
      filter: c.filter,
      comparison: c.comparison,
      thresholdValue: c.thresholdValue,
      duration: c.duration,
      aggregations: c.aggregations.map(agg),
      denominatorFilter: c.denominatorFilter,
      denominatorAggregations: c.denominatorAggregations?.map(agg),
      evaluationMissingData: c.evaluationMissingData,
      trigger: { count: 1 },
    },
  };
}

/**
 * Cloud Monitoring notification channels and alert policies from rendered definitions: one policy per preset, resource
 * and severity (sustained-state condition, Markdown documentation with the runbook link), notifying the channels that
 * take its severity; uptime checks with their critical policies.
 */
export class GcpAlerting extends Construct {
  readonly channels: Readonly<Record<string, MonitoringNotificationChannel>>;
  readonly policies: Readonly<Record<string, MonitoringAlertPolicy>>;

  constructor(scope: Construct, id: string, props: GcpAlertingProps) {
    super(scope, id);
    const channels: Record<string, MonitoringNotificationChannel> = {};
    const bySeverity = new Map<Severity, string[]>();
    for (const channel of props.channels) {
      if (channels[channel.key]) throw new Error(`duplicate notification channel key "${channel.key}"`);
      const resource = new (monitoringNotificationChannelModule().MonitoringNotificationChannel)(this, `channel-${channel.key}`, {
        project: props.project,
        displayName: channel.displayName,
        type: channel.type,
        labels: { ...channel.labels },
        sensitiveLabels: channel.sensitiveLabels ? { ...channel.sensitiveLabels } : undefined,
      });
      channels[channel.key] = resource;
      // One token per channel name, shared by every policy.
      const name = resource.name;
      for (const severity of channel.severities) bySeverity.set(severity, [...(bySeverity.get(severity) ?? []), name]);
    }
    this.channels = channels;

    const policies: Record<string, MonitoringAlertPolicy> = {};
    const policy = (definition: GcpAlertPolicyDefinition, condition: MonitoringAlertPolicyConditions) => {
      if (policies[definition.name]) throw new Error(`duplicate alert policy "${definition.name}"`);
      const links = /^https:\/\//.test(definition.documentation.runbookUrl)
        ? [{ displayName: "Runbook", url: definition.documentation.runbookUrl }]
        : undefined;
      const dependsOn = (definition.logMetrics ?? []).map((name) => {
        const metric = props.logMetrics?.[name];
        if (!metric) throw new Error(`alert policy "${definition.name}" reads log-based metric "${name}", which is not in 'logMetrics'`);
        return metric;
      });
      policies[definition.name] = new (monitoringAlertPolicyModule().MonitoringAlertPolicy)(this, definition.name, {
        project: props.project,
        dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
        displayName: definition.name,
        combiner: "OR",
        severity: gcpSeverity(definition.severity),
        conditions: [condition],
        notificationChannels: bySeverity.get(definition.severity) ?? [],
        alertStrategy: { autoClose: props.autoClose ?? "1800s" },
        documentation: {
          subject: definition.documentation.subject,
          content: definition.documentation.content,
          mimeType: "text/markdown",
          links,
        },
        userLabels: { ...definition.userLabels },
      });
    };
    for (const definition of props.policies) policy(definition, conditionBlock(definition.condition));
    for (const check of props.uptimeChecks ?? []) {
      const uptime = new (monitoringUptimeCheckConfigModule().MonitoringUptimeCheckConfig)(this, `uptime-${check.name}`, {
        project: props.project,
        displayName: check.name,
        timeout: "10s",
        period: check.period,
        httpCheck: { path: check.path, port: check.port, useSsl: check.useSsl, validateSsl: check.useSsl },
        monitoredResource: { type: "uptime_url", labels: { host: check.host, project_id: props.project } },
        contentMatchers: check.contentMatch ? [{ content: check.contentMatch, matcher: "CONTAINS_STRING" }] : undefined,
      });
      const condition = conditionBlock(check.policy.condition);
      const threshold = condition.conditionThreshold;
      policy(check.policy, {
        ...condition,
        conditionThreshold: threshold
          ? { ...threshold, filter: threshold.filter?.replace(UPTIME_CHECK_ID, uptime.uptimeCheckId) }
          : undefined,
      });
    }
    this.policies = policies;
  }
}
