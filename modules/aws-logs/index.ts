export {
  LOG_RETENTION_DAYS,
  type LogGroupDefinition,
  type LogRetentionDays,
  logRetentionDays,
  type MetricFilterDefinition,
  type QueryDefinition,
} from "../../src/render/aws/logs";
export {
  type AccountContext,
  AwsLogs,
  type AwsLogsProps,
  accountContext,
  LogMetricFilters,
  type LogMetricFiltersProps,
  logsKeyStatements,
} from "./aws-logs";
