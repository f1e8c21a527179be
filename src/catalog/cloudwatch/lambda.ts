import type { z } from "zod";
import type { lambdaFunctionWatchSchema } from "../../spec/clouds/aws-watch";
import { ALARM_INTENTS, ANOMALY_INTENTS } from "../alarm-intents";
import { COMMON_PRESETS } from "../common-presets";
import { type AwsDashboardRows, metric } from "../dashboards/aws-panels";
import { type CloudWatchAnomalyPreset, type CloudWatchPreset, convert, resourceMetric } from "./types";

type LambdaResource = z.output<typeof lambdaFunctionWatchSchema>;

const fn = resourceMetric<LambdaResource>("AWS/Lambda", (r) => ({ FunctionName: r.functionName }));

const errorsQuery =
  "Logs Insights on /aws/lambda/<function>: `fields @timestamp, @requestId, @message | filter @message like /(?i)(error|exception|task timed out)/ | sort @timestamp desc | limit 50`.";

/** Lambda functions: error rate, throttles, p99 duration against the timeout, concurrency against the limit. */
export const LAMBDA_PRESETS: readonly CloudWatchPreset<LambdaResource>[] = [
  {
    ...COMMON_PRESETS.functionErrorRatio,
    source: (r) => ({
      kind: "math",
      label: "errors % of invocations",
      expression: "IF(m2 > 0, 100 * FILL(m1, 0) / m2, 0)",
      metrics: { m1: fn(r, "Errors", "Sum"), m2: fn(r, "Invocations", "Sum") },
    }),
    periodSeconds: 60,
    // No invocations, no errors.
    treatMissingData: "notBreaching",
    diagnosis: [
      errorsQuery,
      "`aws lambda get-function --region <region> --function-name <function> --query 'Configuration.[Version,LastModified]'` (did a deploy start it?).",
    ],
    mitigation: ["`aws lambda update-alias --region <region> --function-name <function> --name live --function-version <previous>`"],
  },
  {
    id: "throttles",
    intent: ALARM_INTENTS.functionThrottles,
    source: (r) => ({ kind: "metric", metric: fn(r, "Throttles", "Sum") }),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      "`aws lambda get-function-concurrency --region <region> --function-name <function>` and `aws lambda get-account-settings --region <region> --query AccountLimit`.",
      'Account-wide concurrency: `SELECT MAX(ConcurrentExecutions) FROM "AWS/Lambda"`.',
    ],
    mitigation: ["`aws lambda put-function-concurrency --region <region> --function-name <function> --reserved-concurrent-executions <n>`"],
  },
  {
    ...COMMON_PRESETS.functionDuration,
    source: (r) => ({ kind: "metric", metric: fn(r, "Duration", "p99") }),
    periodSeconds: 60,
    // The signal is a share of the timeout; Duration is in milliseconds.
    convert: (percent, r) => convert.percentOf(percent, r.timeout.toSeconds() * 1000),
    metricUnit: "ms",
    treatMissingData: "missing",
    diagnosis: [
      'Slowest invocations: `filter @type = "REPORT" | fields @requestId, @duration, @maxMemoryUsed | sort @duration desc | limit 20` on /aws/lambda/<function>.',
      'Cold starts: `filter @type = "REPORT" and ispresent(@initDuration) | stats count(), avg(@initDuration) by bin(5m)`.',
    ],
  },
  {
    id: "concurrency",
    intent: ALARM_INTENTS.functionConcurrency,
    source: (r) => ({ kind: "metric", metric: fn(r, "ConcurrentExecutions", "Maximum") }),
    periodSeconds: 60,
    convert: (percent, r) => Math.floor(convert.percentOf(percent, r.concurrencyLimit)),
    metricUnit: "executions",
    treatMissingData: "notBreaching",
    diagnosis: ["Concurrency = invocations per second x duration: check which of the two rose (Invocations, Duration p99)."],
  },
];

export const LAMBDA_ANOMALIES: readonly CloudWatchAnomalyPreset<LambdaResource>[] = [
  {
    id: "invocationsAnomaly",
    intent: ANOMALY_INTENTS.trafficAnomaly,
    metric: (r) => fn(r, "Invocations", "Sum"),
    band: "both",
    periodSeconds: 300,
    requests: (r) => fn(r, "Invocations", "Sum"),
    diagnosis: ["Which event source changed: `aws lambda list-event-source-mappings --region <region> --function-name <function>`."],
  },
  {
    id: "durationAnomaly",
    intent: ANOMALY_INTENTS.latencyAnomaly,
    metric: (r) => fn(r, "Duration", "p99"),
    band: "upper",
    periodSeconds: 300,
    requests: (r) => fn(r, "Invocations", "Sum"),
    diagnosis: ["Slowest invocations (REPORT lines) in /aws/lambda/<function>."],
  },
];

/** Grafana rows: invocations, errors and throttles, p99 duration, concurrency. */
export const LAMBDA_DASHBOARD: AwsDashboardRows<LambdaResource> = (p, functions) => {
  p.section(
    "lambda",
    "Lambda functions",
    functions.map((fn) => [fn.name, fn.functionName]),
    "Lambda ${lambda}",
  );
  const dims = { FunctionName: "$lambda" };
  p.chart("Invocations, errors, throttles", [
    metric(p.region, "AWS/Lambda", "Invocations", dims, "Sum"),
    metric(p.region, "AWS/Lambda", "Errors", dims, "Sum"),
    metric(p.region, "AWS/Lambda", "Throttles", dims, "Sum"),
  ]);
  p.chart("p99 duration", [metric(p.region, "AWS/Lambda", "Duration", dims, "p99")], "ms");
  p.chart("Concurrency", [metric(p.region, "AWS/Lambda", "ConcurrentExecutions", dims, "Maximum")]);
};
