export { AlloyLogs, type AlloyLogsProps, alloyLogsValues } from "./alloy";
export { LOG_STREAM_LABELS, type LogPipelineOptions, logPipelineConfig } from "./config";
