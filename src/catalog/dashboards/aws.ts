import * as cloudwatch from "@grafana/grafana-foundation-sdk/cloudwatch";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { AwsCloudSpec } from "../../spec/clouds/aws";
import { insightsTagFilter } from "../cloudwatch/types";
import { baseDashboard } from "./common";
import { ds, row, timeSeriesPanel } from "./panels";
import type { DashboardContext, DashboardDefinition } from "./types";

/** A CloudWatch metric of one resource, by exact dimensions. */
function metric(region: string, namespace: string, metricName: string, dimensions: Record<string, string>, statistic: string) {
  return new cloudwatch.MetricsQueryBuilder()
    .datasource(ds("cloudwatch"))
    .queryMode(cloudwatch.QueryMode.Metrics)
    .metricQueryType(cloudwatch.MetricQueryType.Search)
    .metricEditorMode(cloudwatch.MetricEditorMode.Builder)
    .region(region)
    .namespace(namespace)
    .metricName(metricName)
    .dimensions(dimensions)
    .matchExact(true)
    .statistic(statistic)
    .period("")
    .label(`${metricName} \${PROP('Dim.${Object.keys(dimensions)[0]}')}`);
}

/** A Metrics Insights query (resources selected by tag, including instances launched later). */
function insights(region: string, sql: string, label: string) {
  return new cloudwatch.MetricsQueryBuilder()
    .datasource(ds("cloudwatch"))
    .queryMode(cloudwatch.QueryMode.Metrics)
    .metricQueryType(cloudwatch.MetricQueryType.Insights)
    .metricEditorMode(cloudwatch.MetricEditorMode.Code)
    .region(region)
    .sqlExpression(sql)
    .label(label);
}

/**
 * A search expression: load balancers are named in the spec, but their metrics carry the ARN suffix
 * (app/<name>/<id>), which only Terraform knows; the search term matches the name token.
 */
function search(region: string, namespace: string, dimension: string, metricName: string, term: string, statistic: string) {
  return new cloudwatch.MetricsQueryBuilder()
    .datasource(ds("cloudwatch"))
    .queryMode(cloudwatch.QueryMode.Metrics)
    .metricQueryType(cloudwatch.MetricQueryType.Search)
    .metricEditorMode(cloudwatch.MetricEditorMode.Code)
    .region(region)
    .expression(`SEARCH('{${namespace},${dimension}} MetricName="${metricName}" "${term}"', '${statistic}', 60)`)
    .label(`${term} ${metricName}`);
}

/** AWS: CloudWatch panels of every watched resource, one row per resource (repeated by Grafana, so the model stays small). */
export const awsDashboard: DashboardDefinition = {
  slug: "aws",
  title: "AWS",
  description:
    "CloudWatch metrics of the watched AWS resources (cloud.watch): EC2 by tag, RDS, application load balancers, Lambda functions and SQS queues, the same signals the CloudWatch alarms watch. Pick resources in the variables; each gets its row.",
  needs: ["cloudwatch"],
  appliesTo: (spec) => spec.cloud?.provider === "aws",
  build(context) {
    return awsPanels(context, context.spec.cloud as AwsCloudSpec);
  },
};

/**
 * A variable listing the watched resources of one kind (`text : value` pairs; commas escaped), all selected: rows
 * repeat over it, so a thousand resources cost one row of panels in the model, not a thousand.
 */
function resourceVariable(name: string, label: string, entries: ReadonlyArray<readonly [string, string]>): dashboard.CustomVariableBuilder {
  const escapeCommas = (text: string) => text.replaceAll(",", "\\,");
  return new dashboard.CustomVariableBuilder(name)
    .label(label)
    .values(
      entries.map(([text, value]) => (text === value ? escapeCommas(value) : `${escapeCommas(text)} : ${escapeCommas(value)}`)).join(","),
    )
    .multi(true)
    .includeAll(true)
    .current({ selected: true, text: ["All"], value: ["$__all"] });
}

function awsPanels(context: DashboardContext, cloud: AwsCloudSpec) {
  const region = cloud.region;
  const watch = cloud.watch;
  const builder = baseDashboard(context, awsDashboard, ["cloudwatch"]);
  const chart = (title: string, queries: cloudwatch.MetricsQueryBuilder[], unit = "short", width = 8) =>
    builder.withPanel(timeSeriesPanel(title, queries, { kind: "cloudwatch", unit, width }));
  const section = (variable: string, label: string, entries: ReadonlyArray<readonly [string, string]>, title: string) => {
    builder.withVariable(resourceVariable(variable, label, entries)).withRow(row(title).repeat(variable));
  };
  if (watch.ec2.length > 0) {
    section(
      "ec2",
      "EC2 groups",
      watch.ec2.map((g) => [g.name, insightsTagFilter(g.tags)]),
      "EC2 ${ec2:text}",
    );
    const select = (stat: string, name: string) =>
      `SELECT ${stat}(${name}) FROM SCHEMA("AWS/EC2", InstanceId) WHERE $ec2 GROUP BY InstanceId`;
    chart("CPU", [insights(region, select("MAX", "CPUUtilization"), "${LABEL}")], "percent");
    chart("Status check failed", [insights(region, select("MAX", "StatusCheckFailed"), "${LABEL}")]);
    chart("Network out", [insights(region, select("SUM", "NetworkOut"), "${LABEL}")], "bytes");
  }
  for (const kind of ["instance", "cluster"] as const) {
    const dbs = watch.rds.filter((db) => db.kind === kind);
    if (dbs.length === 0) continue;
    const variable = `rds_${kind}`;
    const dims = { [kind === "cluster" ? "DBClusterIdentifier" : "DBInstanceIdentifier"]: `$${variable}` };
    section(
      variable,
      kind === "cluster" ? "RDS clusters" : "RDS instances",
      dbs.map((db) => [db.name, db.identifier]),
      `RDS ${kind} \${${variable}}`,
    );
    chart("CPU", [metric(region, "AWS/RDS", "CPUUtilization", dims, kind === "cluster" ? "Maximum" : "Average")], "percent", 6);
    chart("Connections", [metric(region, "AWS/RDS", "DatabaseConnections", dims, "Maximum")], "short", 6);
    chart(
      "Read / write latency",
      [metric(region, "AWS/RDS", "ReadLatency", dims, "Average"), metric(region, "AWS/RDS", "WriteLatency", dims, "Average")],
      "s",
      6,
    );
    chart(
      "Replica lag",
      [metric(region, "AWS/RDS", kind === "cluster" ? "AuroraReplicaLagMaximum" : "ReplicaLag", dims, "Maximum")],
      kind === "cluster" ? "ms" : "s",
      6,
    );
  }
  if (watch.loadBalancers.length > 0) {
    section(
      "alb",
      "Load balancers",
      watch.loadBalancers.map((lb) => [lb.name, lb.loadBalancerName]),
      "Load balancer ${alb}",
    );
    const elb = (name: string, stat: string) => search(region, "AWS/ApplicationELB", "LoadBalancer", name, "$alb", stat);
    chart("Requests", [elb("RequestCount", "Sum")]);
    chart("5xx", [elb("HTTPCode_ELB_5XX_Count", "Sum"), elb("HTTPCode_Target_5XX_Count", "Sum")]);
    chart("p99 response time", [elb("TargetResponseTime", "p99")], "s");
  }
  if (watch.lambdaFunctions.length > 0) {
    section(
      "lambda",
      "Lambda functions",
      watch.lambdaFunctions.map((fn) => [fn.name, fn.functionName]),
      "Lambda ${lambda}",
    );
    const dims = { FunctionName: "$lambda" };
    chart("Invocations, errors, throttles", [
      metric(region, "AWS/Lambda", "Invocations", dims, "Sum"),
      metric(region, "AWS/Lambda", "Errors", dims, "Sum"),
      metric(region, "AWS/Lambda", "Throttles", dims, "Sum"),
    ]);
    chart("p99 duration", [metric(region, "AWS/Lambda", "Duration", dims, "p99")], "ms");
    chart("Concurrency", [metric(region, "AWS/Lambda", "ConcurrentExecutions", dims, "Maximum")]);
  }
  if (watch.sqsQueues.length > 0) {
    section(
      "sqs",
      "SQS queues",
      watch.sqsQueues.map((q) => [q.name, q.queueName]),
      "SQS ${sqs}",
    );
    const q = (metricName: string) => metric(region, "AWS/SQS", metricName, { QueueName: "$sqs" }, "Maximum");
    chart("Messages visible", [q("ApproximateNumberOfMessagesVisible")]);
    chart("Oldest message age", [q("ApproximateAgeOfOldestMessage")], "s");
    chart("Messages in flight", [q("ApproximateNumberOfMessagesNotVisible")]);
    const dlqs = watch.sqsQueues.flatMap((queue) => (queue.deadLetterQueueName ? [[queue.name, queue.deadLetterQueueName] as const] : []));
    if (dlqs.length > 0) {
      section("dlq", "Dead-letter queues", dlqs, "Dead letters ${dlq:text}");
      chart(
        "Dead letters visible",
        [metric(region, "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "$dlq" }, "Maximum")],
        "short",
        24,
      );
    }
  }
  return builder;
}
