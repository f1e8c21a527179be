import type { Severity } from "../../spec/primitives";

/** Service part of names for resources that belong to no service. */
export const DEFAULT_SERVICE = "platform";

export interface AlarmNameParts {
  /** Environment name (spec `name`). */
  readonly env: string;
  /** Owning service. @default "platform" */
  readonly service?: string;
  /** The watched resource's logical name (spec `name`), or "composite" for a service's composite alarms. */
  readonly resource: string;
  /** Preset id ("cpu", "freeStorage", "errorRate"…), stable across refactors. */
  readonly signal: string;
  readonly severity: Severity;
}

/** CloudWatch allows alarm names of 1 to 255 characters. */
export const MAX_ALARM_NAME_LENGTH = 255;

/**
 * The one naming function of every CloudWatch alarm: `<env>-<service>-<resource>-<signal>-<severity>`. Names come only
 * from spec names and catalog ids (never from construct paths or list positions), so refactoring the code or
 * reordering the spec never renames, and so never replaces, an alarm.
 */
export function alarmName(parts: AlarmNameParts): string {
  const name = `${parts.env}-${parts.service ?? DEFAULT_SERVICE}-${parts.resource}-${parts.signal}-${parts.severity}`;
  if (name.length > MAX_ALARM_NAME_LENGTH) {
    throw new Error(`alarm name '${name}' is ${name.length} characters; CloudWatch allows at most ${MAX_ALARM_NAME_LENGTH}`);
  }
  return name;
}
