import type { z } from "zod";
import type { sqsQueueWatchSchema } from "../../spec/clouds/aws-watch";
import { ANOMALY_INTENTS } from "../alarm-intents";
import { COMMON_PRESETS } from "../common-presets";
import { type AwsDashboardRows, metric } from "../dashboards/aws-panels";
import type { RunbookFacts } from "../runbooks/types";
import { type CloudWatchAnomalyPreset, type CloudWatchPreset, resourceMetric } from "./types";

type SqsResource = z.output<typeof sqsQueueWatchSchema>;

const queue = resourceMetric<string>("AWS/SQS", (queueName) => ({ QueueName: queueName }));

/** Runbook facts of a queue: its name, and its URL and its dead-letter queue's URL and ARN looked up by name. */
export function sqsRunbookFacts(r: SqsResource): RunbookFacts {
  const url = (name: string) => `$(aws sqs get-queue-url --region <region> --queue-name ${name} --query QueueUrl --output text)`;
  return {
    queue: r.queueName,
    url: url(r.queueName),
    ...(r.deadLetterQueueName
      ? {
          "dlq-url": url(r.deadLetterQueueName),
          "dlq-arn": `$(aws sqs get-queue-attributes --region <region> --queue-url ${url(r.deadLetterQueueName)} --attribute-names QueueArn --query Attributes.QueueArn --output text)`,
        }
      : {}),
  };
}

/** SQS queues: age of the oldest message, depth, and a dead-letter queue that is not empty. */
export const SQS_PRESETS: readonly CloudWatchPreset<SqsResource>[] = [
  {
    ...COMMON_PRESETS.queueOldestMessage,
    source: (r) => ({ kind: "metric", metric: queue(r.queueName, "ApproximateAgeOfOldestMessage", "Maximum") }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "Consumers alive? NumberOfMessagesDeleted should follow NumberOfMessagesSent: `SELECT SUM(NumberOfMessagesDeleted) FROM \"AWS/SQS\" WHERE QueueName = '<queue>'`.",
      "`aws sqs get-queue-attributes --region <region> --queue-url <url> --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible VisibilityTimeout`",
      "A poison message cycling (received, not deleted): ApproximateReceiveCount of a peeked message, and the redrive policy.",
    ],
  },
  {
    ...COMMON_PRESETS.queueDepth,
    source: (r) => ({ kind: "metric", metric: queue(r.queueName, "ApproximateNumberOfMessagesVisible", "Maximum") }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: ["Producer burst or consumer slowdown: compare NumberOfMessagesSent with NumberOfMessagesDeleted per minute."],
  },
  {
    ...COMMON_PRESETS.queueDeadLetters,
    appliesTo: (r) => r.deadLetterQueueName !== undefined,
    source: (r) => ({ kind: "metric", metric: queue(r.deadLetterQueueName ?? "", "ApproximateNumberOfMessagesVisible", "Maximum") }),
    periodSeconds: 60,
    // An idle dead-letter queue may publish nothing: no data means no failed message.
    treatMissingData: "notBreaching",
    diagnosis: [
      "Peek without deleting: `aws sqs receive-message --region <region> --queue-url <dlq-url> --max-number-of-messages 5 --visibility-timeout 0 --attribute-names All`.",
      "Consumer errors at the time of the first dead letter: saved query 'recent errors' of the consumer's log group.",
    ],
    mitigation: [
      "After the fix: `aws sqs start-message-move-task --region <region> --source-arn <dlq-arn>` (redrive to the source queue).",
    ],
  },
];

export const SQS_ANOMALIES: readonly CloudWatchAnomalyPreset<SqsResource>[] = [
  {
    id: "sentAnomaly",
    intent: ANOMALY_INTENTS.trafficAnomaly,
    metric: (r) => queue(r.queueName, "NumberOfMessagesSent", "Sum"),
    band: "both",
    periodSeconds: 300,
    requests: (r) => queue(r.queueName, "NumberOfMessagesSent", "Sum"),
    diagnosis: ["Which producer changed: deploys of the services that send to <queue> around the start of the anomaly."],
  },
];

/** Grafana rows: depth, age and in-flight messages per queue, then the dead-letter queues. */
export const SQS_DASHBOARD: AwsDashboardRows<SqsResource> = (p, queues) => {
  p.section(
    "sqs",
    "SQS queues",
    queues.map((q) => [q.name, q.queueName]),
    "SQS ${sqs}",
  );
  const q = (metricName: string) => metric(p.region, "AWS/SQS", metricName, { QueueName: "$sqs" }, "Maximum");
  p.chart("Messages visible", [q("ApproximateNumberOfMessagesVisible")]);
  p.chart("Oldest message age", [q("ApproximateAgeOfOldestMessage")], "s");
  p.chart("Messages in flight", [q("ApproximateNumberOfMessagesNotVisible")]);
  const dlqs = queues.flatMap((queue) => (queue.deadLetterQueueName ? [[queue.name, queue.deadLetterQueueName] as const] : []));
  if (dlqs.length > 0) {
    p.section("dlq", "Dead-letter queues", dlqs, "Dead letters ${dlq:text}");
    p.chart(
      "Dead letters visible",
      [metric(p.region, "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "$dlq" }, "Maximum")],
      "short",
      24,
    );
  }
};
