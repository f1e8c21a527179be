import type { Severity } from "../model/severity";

/** Where a CloudWatch alarm notifies: its severity's SNS topic and, for a page, the owning service's on-call topic. */
export interface AwsAlarmTargets {
  readonly topic: Severity;
  /** The service whose PagerDuty route topic is paged; absent when the alarm does not page. */
  readonly page?: string;
}

/**
 * The notification targets of a CloudWatch alarm of one severity, owned by one service (PLATFORM_OWNER for the
 * platform's own). Critical alarms page the owner when the environment pages through PagerDuty. The stack turns the
 * targets into topic ARNs; the plan summary that `diff` and `cost` read names them.
 */
export function awsAlarmTargets(severity: Severity, service: string, pagesThroughPagerduty: boolean): AwsAlarmTargets {
  return severity === "critical" && pagesThroughPagerduty ? { topic: severity, page: service } : { topic: severity };
}
