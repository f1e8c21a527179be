export type {
  AlarmMeta,
  AlarmSource,
  ComparisonOperator,
  CompositeAlarmDefinition,
  MetricAlarmDefinition,
  MetricQuery,
} from "../../src/render/aws/alarm-types";
export { AwsAlarms, type AwsAlarmsProps, alarmEntry } from "./aws-alarms";
