// The raw-cdktf baseline of `npm run bench`: N aws_cloudwatch_metric_alarm resources written the way a plain cdktf
// app writes them (one construct per alarm), synthesized once in a fresh process. Prints {"ms", "rssMb", "alarms"}.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { App, TerraformStack } from "cdktf";

const alarms = Number(process.argv[2] ?? 1000);
const started = performance.now();
const outdir = mkdtempSync(join(tmpdir(), "bench-raw-"));
const app = new App({ outdir });
const stack = new TerraformStack(app, "raw");
new AwsProvider(stack, "aws", { region: "us-east-1" });
const topic = new SnsTopic(stack, "alerts", { name: "alerts" });
for (let i = 0; i < alarms; i++) {
  new CloudwatchMetricAlarm(stack, `alarm-${i}`, {
    alarmName: `fn-${i}-errors-warning`,
    alarmDescription: `Errors above 1 for 5m on fn-${i}`,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 1,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: `fn-${i}` },
    statistic: "Sum",
    period: 60,
    treatMissingData: "notBreaching",
    alarmActions: [topic.arn],
    okActions: [topic.arn],
  });
}
app.synth();
const ms = performance.now() - started;
rmSync(outdir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, cpuS: cpuSeconds(), alarms })}\n`);

/** CPU time of this process so far (user + system), seconds. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
