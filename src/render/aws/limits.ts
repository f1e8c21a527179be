import { MAX_ALARMS_PER_COMPOSITE_RULE, MAX_COMPOSITE_RULE_LENGTH } from "../../catalog/cloudwatch/composite-limits";
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from "./alarm-types";

/** CloudWatch accepts at most 5 actions per alarm state (alarm, OK, insufficient data). */
const MAX_ACTIONS_PER_STATE = 5;
const MAX_DESCRIPTION_LENGTH = 1024;
/** Period x evaluation periods may not exceed one day. */
const MAX_EVALUATION_SECONDS = 86_400;

function periodProblem(period: number): string | undefined {
  return period === 10 || period === 30 || (period > 0 && period % 60 === 0)
    ? undefined
    : `'period' must be 10, 30 or a multiple of 60 seconds, received ${period}`;
}

/** Every problem of one alarm against CloudWatch's limits (empty when valid). */
export function metricAlarmProblems(alarm: MetricAlarmDefinition): string[] {
  const problems: string[] = [];
  for (const [state, actions] of [
    ["alarm", alarm.alarmActions],
    ["OK", alarm.okActions],
  ] as const) {
    if (actions.length > MAX_ACTIONS_PER_STATE) {
      problems.push(`${actions.length} ${state} actions; CloudWatch allows at most ${MAX_ACTIONS_PER_STATE} per state`);
    }
  }
  if (alarm.description.length > MAX_DESCRIPTION_LENGTH) {
    problems.push(`description of ${alarm.description.length} characters; at most ${MAX_DESCRIPTION_LENGTH}`);
  }
  if (alarm.datapointsToAlarm < 1 || alarm.datapointsToAlarm > alarm.evaluationPeriods) {
    problems.push(
      `'datapointsToAlarm' must be between 1 and evaluationPeriods (${alarm.evaluationPeriods}), received ${alarm.datapointsToAlarm}`,
    );
  }
  if ((alarm.threshold === undefined) === (alarm.thresholdMetricId === undefined)) {
    problems.push("exactly one of 'threshold' and 'thresholdMetricId' (anomaly band) must be set");
  }
  const periods =
    alarm.source.kind === "metric"
      ? [alarm.source.periodSeconds]
      : alarm.source.queries.flatMap((q) => [q.metric?.periodSeconds, q.periodSeconds]).filter((p): p is number => p !== undefined);
  for (const period of periods) {
    const problem = periodProblem(period);
    if (problem) problems.push(problem);
    else if (period * alarm.evaluationPeriods > MAX_EVALUATION_SECONDS) {
      problems.push(`period ${period} s x ${alarm.evaluationPeriods} evaluation periods exceeds one day`);
    }
  }
  if (alarm.source.kind === "queries" && !alarm.source.queries.some((q) => q.returnData)) {
    problems.push("no metric query returns data");
  }
  return problems;
}

export function compositeAlarmProblems(alarm: CompositeAlarmDefinition): string[] {
  const problems: string[] = [];
  if (alarm.alarmActions.length > MAX_ACTIONS_PER_STATE || alarm.okActions.length > MAX_ACTIONS_PER_STATE) {
    problems.push(`more than ${MAX_ACTIONS_PER_STATE} actions in a state`);
  }
  if (alarm.rule.length > MAX_COMPOSITE_RULE_LENGTH)
    problems.push(`rule of ${alarm.rule.length} characters; at most ${MAX_COMPOSITE_RULE_LENGTH}`);
  if (alarm.alarmNames.length > MAX_ALARMS_PER_COMPOSITE_RULE)
    problems.push(`rule names ${alarm.alarmNames.length} alarms; at most ${MAX_ALARMS_PER_COMPOSITE_RULE}`);
  return problems;
}

/** Throws one error listing every invalid alarm (and duplicate names); returns quietly otherwise. */
export function assertAlarmsValid(alarms: readonly MetricAlarmDefinition[], composites: readonly CompositeAlarmDefinition[] = []): void {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const alarm of [...alarms, ...composites]) {
    if (seen.has(alarm.name)) lines.push(`alarm "${alarm.name}": duplicate name`);
    seen.add(alarm.name);
  }
  for (const alarm of alarms) for (const p of metricAlarmProblems(alarm)) lines.push(`alarm "${alarm.name}": ${p}`);
  for (const alarm of composites) for (const p of compositeAlarmProblems(alarm)) lines.push(`composite alarm "${alarm.name}": ${p}`);
  if (lines.length > 0) throw new Error(`${lines.length} invalid alarm definition(s):\n  - ${lines.join("\n  - ")}`);
}
