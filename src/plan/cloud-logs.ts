import { gcpLogMetrics } from "../catalog/gcp-monitoring/log-metrics";
import { gcpUptimeCheckName } from "../model/naming";
import type { AzureCloudSpec } from "../spec/clouds/azure";
import type { GcpCloudSpec } from "../spec/clouds/gcp";
import type { EnvironmentSpec } from "../spec/environment";
import type { CloudAlarm } from "./cloud-alarm";

/** A query the cloud runs over the environment's logs: a log-based metric's filter or a log alert's KQL. */
export interface CloudLogQuery {
  readonly title: string;
  readonly language: "Logging query" | "KQL";
  readonly query: string;
}

/** What the environment's cloud keeps and reads of its logs, and the uptime checks it runs: the documentation's facts. */
export interface CloudLogsPlan {
  /** Where the logs are kept and for how many days; absent without a cloud that keeps them here. */
  readonly retention?: { readonly store: string; readonly days: number };
  readonly queries: readonly CloudLogQuery[];
  /** Cloud Monitoring uptime checks: name, URL (scheme, host and path) and period ("60s"). */
  readonly uptimeChecks: ReadonlyArray<{ readonly name: string; readonly url: string; readonly period: string }>;
}

/** Retention of the `_Default` log bucket: the spec's duration in whole days, within what Cloud Logging accepts (1-3650). */
export function gcpLogRetentionDays(spec: Pick<EnvironmentSpec, "retention">, cloud: Pick<GcpCloudSpec, "logRetention">): number {
  return Math.min(3650, Math.max(1, Math.ceil((cloud.logRetention ?? spec.retention.logs).toDays())));
}

/** Workspace retention: the spec's duration rounded up to whole days, at least 30 (the workspace minimum), at most 730. */
export function workspaceRetentionDays(days: number): number {
  const rounded = Math.ceil(days);
  if (rounded > 730) throw new Error(`a Log Analytics workspace keeps logs at most 730 days, received ${rounded}`);
  return Math.max(30, rounded);
}

/** The cloud's log facts of an environment, from the spec and its planned alarms (in deployment order). */
export function planCloudLogs(spec: EnvironmentSpec, alarms: readonly CloudAlarm[]): CloudLogsPlan {
  const cloud = spec.cloud;
  if (cloud?.provider === "gcp") return gcpLogs(spec, cloud, alarms);
  if (cloud?.provider === "azure") return azureLogs(spec, cloud, alarms);
  return { queries: [], uptimeChecks: [] };
}

function gcpLogs(spec: EnvironmentSpec, cloud: GcpCloudSpec, alarms: readonly CloudAlarm[]): CloudLogsPlan {
  // The first uptime alarm of each check, by check: one search of the alarms per check made this quadratic.
  const uptime = new Map<string, string>();
  for (const a of alarms) if (a.origin === "uptime" && !uptime.has(a.resource)) uptime.set(a.resource, a.service);
  const serviceOf = (check: string) => uptime.get(check);
  return {
    retention: { store: "Cloud Logging _Default bucket", days: gcpLogRetentionDays(spec, cloud) },
    queries: gcpLogMetrics(spec.name, cloud.watch.logs).map((m) => ({
      title: `log-based metric ${m.name}`,
      language: "Logging query",
      query: m.filter,
    })),
    uptimeChecks: cloud.uptimeChecks.map((check) => {
      const service = serviceOf(check.name);
      if (!service) throw new Error(`environment ${spec.name} has no planned alert policy for uptime check ${check.name}`);
      const url = new URL(check.url);
      return {
        name: gcpUptimeCheckName(spec.name, service, check.name),
        url: `${url.protocol === "https:" ? "https" : "http"}://${url.hostname}${url.pathname}${url.search}`,
        period: `${check.period.toSeconds()}s`,
      };
    }),
  };
}

function azureLogs(spec: EnvironmentSpec, cloud: AzureCloudSpec, alarms: readonly CloudAlarm[]): CloudLogsPlan {
  return {
    retention: { store: "Log Analytics workspace", days: workspaceRetentionDays((cloud.logRetention ?? spec.retention.logs).toDays()) },
    queries: alarms.flatMap((a) =>
      a.evaluation.cloud === "azure" && a.evaluation.query !== undefined
        ? [{ title: a.name, language: "KQL" as const, query: a.evaluation.query }]
        : [],
    ),
    uptimeChecks: [],
  };
}
