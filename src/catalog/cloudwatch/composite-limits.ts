/**
 * CloudWatch composite alarms' limits (API Reference, PutCompositeAlarm: AlarmRule is at most 10,240 characters and
 * names at most 100 underlying alarms). The plan splits a service's composite into part composites by them
 * (src/plan/aws-composites.ts); the renderer's checks hold every rule to them (src/render/aws/limits.ts).
 */

/** Characters of one composite alarm's rule. */
export const MAX_COMPOSITE_RULE_LENGTH = 10_240;
/** Alarms one composite alarm's rule names. */
export const MAX_ALARMS_PER_COMPOSITE_RULE = 100;
