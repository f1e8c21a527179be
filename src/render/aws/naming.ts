import { type AlarmNameParts, plainAlarmName } from "../../model/naming";

/** CloudWatch allows alarm names of 1 to 255 characters. */
const MAX_ALARM_NAME_LENGTH = 255;

/**
 * The one naming function of every CloudWatch alarm: `<env>-<service>-<resource>-<signal>-<severity>`. Names come only
 * from spec names and catalog ids (never from construct paths or list positions), so refactoring the code or
 * reordering the spec never renames, and so never replaces, an alarm.
 */
export function alarmName(parts: AlarmNameParts): string {
  const name = plainAlarmName(parts);
  if (name.length > MAX_ALARM_NAME_LENGTH) {
    throw new Error(`alarm name '${name}' is ${name.length} characters; CloudWatch allows at most ${MAX_ALARM_NAME_LENGTH}`);
  }
  return name;
}
