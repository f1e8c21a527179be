import type { z } from "zod";
import type { stateMachineWatchSchema } from "../../spec/clouds/aws-watch";
import type { AlarmIntent } from "../alarm-intents";
import { type AwsDashboardRows, metric } from "../dashboards/aws-panels";
import type { RunbookFacts } from "../runbooks/types";
import { type CloudWatchPreset, resourceMetric } from "./types";

type StateMachineResource = z.output<typeof stateMachineWatchSchema>;

/** Runbook facts of a state machine: its ARN (the execution to read is chosen during the incident). */
export function stepFunctionsRunbookFacts(r: StateMachineResource): RunbookFacts {
  return { arn: r.stateMachineArn };
}

/**
 * Execution metrics of AWS/States by StateMachineArn (Step Functions developer guide, "Monitoring Step Functions
 * metrics using Amazon CloudWatch", execution metrics): ExecutionsFailed, ExecutionsTimedOut and ExecutionThrottled,
 * counts whose Sum is per period. The throttle metric is singular "Execution": aws-cdk-lib's generated canned metric
 * says ExecutionsThrottled, which nothing publishes (its StateMachine.metricThrottled() works around that typo).
 * ExecutionThrottled counts StateEntered events and retries held back by the account's StateTransition bucket, not
 * refused StartExecution calls (those are ThrottledEvents by APIName).
 */
const NS = "AWS/States";
const machine = resourceMetric<StateMachineResource>(NS, (r) => ({ StateMachineArn: r.stateMachineArn }));

const HISTORY =
  "Failed executions and their cause: `aws stepfunctions list-executions --region <region> --state-machine-arn <arn> --status-filter FAILED --max-results 5`, then `aws stepfunctions get-execution-history --region <region> --execution-arn <execution> --reverse-order --max-results 20` (the failing state and its error).";

const INTENTS = {
  failed: {
    category: "function",
    signal: "failedExecutionsPerMinute",
    title: "failed executions",
    symptom: "errors",
    meaning: "Executions of the workflow end in failure: a state raised an error its Retry and Catch did not handle.",
    impact: "The work of those executions is not done (orders, jobs); callers waiting on them see failures.",
    mitigation: [
      "Roll back the latest change of the state machine or of the task it fails in.",
      "Redrive failed Standard executions after the fix: `aws stepfunctions redrive-execution --region <region> --execution-arn <execution>`.",
    ],
  },
  timedOut: {
    category: "function",
    signal: "failedExecutionsPerMinute",
    title: "timed-out executions",
    meaning: "Executions run past the state machine's TimeoutSeconds: a task hangs or a callback never comes.",
    impact: "The work of those executions is not done; resources they hold may stay locked.",
    mitigation: [
      "Find the state they waited in; fix the task or the callback sender, or give it its own TimeoutSeconds and HeartbeatSeconds.",
    ],
  },
  throttled: {
    category: "function",
    signal: "throttlesPerMinute",
    title: "throttled executions",
    meaning:
      "State transitions of the workflow's executions are throttled (StateEntered events and retries held back): the account's StateTransition token bucket, shared by every state machine of the region, is empty.",
    impact: "Running executions slow down: each throttled transition waits to be retried, so work takes longer and may reach its timeouts.",
    mitigation: [
      "Smooth the bursts that start many executions at once (a queue in front); lower a Map state's MaxConcurrency.",
      "Request a StateTransition quota increase (Service Quotas, Step Functions).",
    ],
  },
} as const satisfies Record<string, AlarmIntent>;

/** Step Functions state machines: failed, timed-out and throttled executions. */
export const STEP_FUNCTIONS_PRESETS: readonly CloudWatchPreset<StateMachineResource>[] = [
  {
    id: "failed",
    intent: INTENTS.failed,
    source: (r) => ({ kind: "metric", metric: machine(r, "ExecutionsFailed", "Sum") }),
    periodSeconds: 60,
    // Metrics are published when executions end: an idle state machine has none.
    treatMissingData: "notBreaching",
    diagnosis: [
      HISTORY,
      "Errors by state: Logs Insights on the state machine's log group, `filter type like /Failed/ | stats count() by details.error`.",
    ],
  },
  {
    id: "timedOut",
    intent: INTENTS.timedOut,
    source: (r) => ({ kind: "metric", metric: machine(r, "ExecutionsTimedOut", "Sum") }),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      HISTORY.replace("FAILED", "TIMED_OUT"),
      "The state machine's TimeoutSeconds: `aws stepfunctions describe-state-machine --region <region> --state-machine-arn <arn> --query definition`.",
    ],
  },
  {
    id: "throttled",
    intent: INTENTS.throttled,
    source: (r) => ({ kind: "metric", metric: machine(r, "ExecutionThrottled", "Sum") }),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      "Account-wide: ThrottledEvents, ConsumedCapacity and ProvisionedRefillRate in AWS/States with dimension ServiceMetric=StateTransition; which workflows burst: ExecutionsStarted per minute by StateMachineArn.",
      "Quotas: `aws service-quotas list-service-quotas --region <region> --service-code states`.",
    ],
  },
];

/** Grafana rows: executions started, succeeded, failed, timed out and throttled; execution time. */
export const STEP_FUNCTIONS_DASHBOARD: AwsDashboardRows<StateMachineResource> = (p, machines) => {
  p.section(
    "states",
    "State machines",
    machines.map((m) => [m.name, m.stateMachineArn]),
    "State machine ${states:text}",
  );
  const dims = { StateMachineArn: "$states" };
  p.chart(
    "Executions",
    [
      metric(p.region, NS, "ExecutionsStarted", dims, "Sum"),
      metric(p.region, NS, "ExecutionsSucceeded", dims, "Sum"),
      metric(p.region, NS, "ExecutionsFailed", dims, "Sum"),
      metric(p.region, NS, "ExecutionsTimedOut", dims, "Sum"),
      metric(p.region, NS, "ExecutionThrottled", dims, "Sum"),
    ],
    "short",
    16,
  );
  p.chart("Execution time", [metric(p.region, NS, "ExecutionTime", dims, "Average")], "ms");
};
