import { flat } from "../util/flat-text";
import { PLATFORM_OWNER } from "./owner";
import type { Severity } from "./severity";

/** Kebab-case of a camelCase id, for slugs and label values: "freeStorage" -> "free-storage". */
export function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

export interface AlarmNameParts {
  readonly env: string;
  /** @default - PLATFORM_OWNER */
  readonly service?: string;
  readonly resource: string;
  /** Preset id ("cpu", "freeStorage"…), stable across refactors. */
  readonly signal: string;
  readonly severity: Severity;
}

/**
 * `<env>-<service>-<resource>-<preset>-<severity>`: names come only from spec names and catalog ids, so refactoring
 * the code or reordering the spec never renames (and so never replaces) an alarm, on any cloud.
 */
export function plainAlarmName(parts: AlarmNameParts): string {
  return flat`${parts.env}-${parts.service ?? PLATFORM_OWNER}-${parts.resource}-${parts.signal}-${parts.severity}`;
}

/** CloudWatch allows alarm names of 1 to 255 characters. */
const MAX_CLOUDWATCH_ALARM_NAME_LENGTH = 255;

/**
 * The one naming function of every CloudWatch alarm: {@link plainAlarmName}, refused past CloudWatch's length limit
 * (a clear error at synth rather than a failed apply).
 */
export function alarmName(parts: AlarmNameParts): string {
  const name = plainAlarmName(parts);
  if (name.length > MAX_CLOUDWATCH_ALARM_NAME_LENGTH) {
    throw new Error(`alarm name '${name}' is ${name.length} characters; CloudWatch allows at most ${MAX_CLOUDWATCH_ALARM_NAME_LENGTH}`);
  }
  return name;
}

/** Value of the MonitoringGroup dimension of an EC2 entry's instances. */
export const monitoringGroup = (env: string, entry: string) => `${env}-${entry}`;

/** Namespace of an environment's log-based CloudWatch metrics. */
export const logMetricNamespace = (env: string) => `Monitoring/${env}`;
/** CloudWatch namespace of the audit trail's metric filters (CIS controls). */
export const auditMetricNamespace = (env: string) => `${logMetricNamespace(env)}/Audit`;

/** Google Cloud log-based metric names of a `watch.logs` entry: `<env>-<entry>-<metric id>`. */
export const gcpLogMetricName = (env: string, entry: string, id: string) => `${env}-${entry}-${id}`;

/** A Cloud Monitoring uptime check of a service: `<env>-<service>-<check>`. */
export const gcpUptimeCheckName = (env: string, service: string, check: string) => `${env}-${service}-${check}`;

/**
 * Construct ids (and so Terraform resource names) of a team's PagerDuty objects: `<team>-<rotation>` per schedule and
 * `<team>-escalation` per policy. Validation checks that distinct teams and rotations never produce the same id.
 */
export const pagerdutyIds = {
  schedule: (team: string, rotation: string) => `${team}-${rotation}`,
  escalationPolicy: (team: string) => `${team}-escalation`,
};

/** Name of the Helm release of a database's exporter (one place: the module and the spec's length check use it). */
export function databaseExporterReleaseName(engine: "postgres" | "mysql", name: string): string {
  return `${engine}-exporter-${name}`;
}
