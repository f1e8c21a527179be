import { describe, expect, it } from "vitest";
import { CLOUDWATCH_CATALOG, cloudWatchRunbooks } from "../../../src/catalog/cloudwatch";
import { ANOMALY_DETECTION } from "../../../src/catalog/prometheus/anomaly-detection";
import { SIGNALS } from "../../../src/catalog/signals";
import { alarmName } from "../../../src/model/naming";
import { planAnomalyComposites } from "../../../src/plan/aws-composites";
import { planEnvironment } from "../../../src/plan/plan";
import type { MetricAlarmDefinition } from "../../../src/render/aws/alarm-types";
import { type AlarmRenderContext, renderAnomalyAlarms, renderCompositeAlarms, renderPresetAlarms } from "../../../src/render/aws/alarms";
import { assertAlarmsValid, compositeAlarmProblems, metricAlarmProblems } from "../../../src/render/aws/limits";
import { type AwsMonitoringArtifacts, renderAwsMonitoring } from "../../../src/render/aws/monitoring";
import { type EnvironmentInput, type EnvironmentSpec, resolveEnvironment } from "../../../src/spec";
import type { AwsCloudSpec } from "../../../src/spec/clouds/aws";
import { AWS_RENDER_INPUTS } from "../../support/alarms";
import { bundled } from "../../support/synth";

const inputs = AWS_RENDER_INPUTS;

function render(input: EnvironmentInput): AwsMonitoringArtifacts {
  const spec = resolveEnvironment(input);
  return renderAwsMonitoring(spec, spec.cloud as AwsCloudSpec, inputs);
}

const byName = (alarms: readonly MetricAlarmDefinition[], name: string): MetricAlarmDefinition => {
  const alarm = alarms.find((a) => a.name === name);
  if (!alarm) throw new Error(`no alarm ${name}; have ${alarms.map((a) => a.name).join(", ")}`);
  return alarm;
};

const metric = (a: MetricAlarmDefinition) => {
  if (a.source.kind !== "metric") throw new Error(`${a.name} is not a single-metric alarm`);
  return { ...a.source.metric, period: a.source.periodSeconds };
};

/** A spec watching one resource of every kind, with no overrides. */
function plain(): EnvironmentInput {
  return {
    name: "qa",
    backend: { type: "s3", bucket: "qa-terraform-state", dynamodbTable: "qa-terraform-locks" },
    cloud: {
      provider: "aws",
      region: "eu-west-1",
      watch: {
        ec2: [{ name: "web", tags: { Role: "web", "aws:cloudformation:stack-name": "shop" } }],
        autoScalingGroups: [{ name: "app", groupName: "qa-app" }],
        rds: [
          { name: "db", identifier: "qa-db", maxConnections: 500 },
          { name: "aurora", identifier: "qa-aurora", kind: "cluster" },
        ],
        loadBalancers: [{ name: "alb", loadBalancerName: "qa-public", anomalyDetection: true }],
        lambdaFunctions: [{ name: "fn", functionName: "qa-fn", timeout: "10s", concurrencyLimit: 200 }],
        sqsQueues: [
          { name: "jobs", queueName: "qa-jobs", deadLetterQueueName: "qa-jobs-dlq" },
          { name: "events", queueName: "qa-events" },
        ],
        logGroups: [{ name: "app-logs", logGroupName: "/qa/app" }],
      },
    },
    channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
    relativeRunbookLinks: { reason: "a test fixture" },
  };
}

describe("CloudWatch presets", () => {
  const { alarms } = render(plain());

  it("name every alarm <env>-<service>-<resource>-<signal>-<severity>, platform when no service", () => {
    expect(alarmName({ env: "prod", service: "checkout", resource: "alb", signal: "errorRate", severity: "critical" })).toBe(
      "prod-checkout-alb-errorRate-critical",
    );
    expect(alarmName({ env: "prod", resource: "alb", signal: "errorRate", severity: "warning" })).toBe(
      "prod-platform-alb-errorRate-warning",
    );
    for (const a of alarms) expect(a.name).toMatch(/^qa-platform-[a-z0-9-]+-[A-Za-z]+-(warning|critical)$/);
    expect(() => alarmName({ env: "e", resource: "x".repeat(250), signal: "s", severity: "critical" })).toThrow(/at most 255/);
  });

  it("keep names stable: the same spec renders the same names, whatever the order of resources", () => {
    const reordered = plain();
    const watch = (reordered.cloud as { watch: { sqsQueues: unknown[] } }).watch;
    watch.sqsQueues.reverse();
    expect(new Set(render(reordered).alarms.map((a) => a.name))).toEqual(new Set(alarms.map((a) => a.name)));
    expect(alarms.map((a) => a.name)).toContain("qa-platform-jobs-deadLetters-critical");
  });

  it("EC2: CPU and status checks by tag with Metrics Insights, memory and disk from the agent", () => {
    const cpu = byName(alarms, "qa-platform-web-cpu-warning");
    expect(cpu).toMatchObject({
      comparisonOperator: "GreaterThanThreshold",
      threshold: 80,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "missing",
    });
    expect(cpu.source).toEqual({
      kind: "queries",
      queries: [
        {
          id: "q1",
          expression: `SELECT MAX(CPUUtilization) FROM "AWS/EC2" WHERE tag.Role = 'web' AND tag."aws:cloudformation:stack-name" = 'shop'`,
          label: expect.any(String),
          returnData: true,
          periodSeconds: 60,
        },
      ],
    });
    expect(byName(alarms, "qa-platform-web-cpu-critical").threshold).toBe(90);
    const status = byName(alarms, "qa-platform-web-statusCheck-critical");
    expect(status).toMatchObject({ threshold: 0, evaluationPeriods: 2, treatMissingData: "notBreaching" });
    expect(alarms.some((a) => a.name === "qa-platform-web-statusCheck-warning")).toBe(false);
    expect(metric(byName(alarms, "qa-platform-web-memory-warning"))).toEqual({
      namespace: "CWAgent",
      metricName: "mem_used_percent",
      dimensions: { MonitoringGroup: "qa-web" },
      statistic: "Maximum",
      period: 60,
    });
    const disk = byName(alarms, "qa-platform-web-disk-critical");
    expect(metric(disk)).toMatchObject({ metricName: "disk_used_percent", period: 300 });
    expect(disk.evaluationPeriods).toBe(2); // 10 minutes of 5-minute periods
  });

  it("ASG: group CPU, in-service below desired by metric math, agent memory and disk by group", () => {
    expect(metric(byName(alarms, "qa-platform-app-cpu-warning"))).toMatchObject({
      namespace: "AWS/EC2",
      dimensions: { AutoScalingGroupName: "qa-app" },
      statistic: "Average",
    });
    const capacity = byName(alarms, "qa-platform-app-capacity-critical");
    expect(capacity).toMatchObject({ threshold: 0, evaluationPeriods: 15 });
    expect(capacity.source.kind === "queries" && capacity.source.queries.map((q) => q.metric?.metricName ?? q.expression)).toEqual([
      "GroupDesiredCapacity",
      "GroupInServiceInstances",
      "m1 - m2",
    ]);
    expect(metric(byName(alarms, "qa-platform-app-memory-critical")).dimensions).toEqual({ AutoScalingGroupName: "qa-app" });
  });

  it("RDS: converts GiB and MiB to bytes, ms to s, connection % of maxConnections to a count", () => {
    const storage = byName(alarms, "qa-platform-db-freeStorage-critical");
    expect(storage).toMatchObject({ comparisonOperator: "LessThanThreshold", threshold: 5 * 1024 ** 3, treatMissingData: "breaching" });
    expect(metric(storage)).toEqual({
      namespace: "AWS/RDS",
      metricName: "FreeStorageSpace",
      dimensions: { DBInstanceIdentifier: "qa-db" },
      statistic: "Minimum",
      period: 300,
    });
    expect(storage.evaluationPeriods).toBe(3);
    expect(byName(alarms, "qa-platform-db-freeMemory-warning").threshold).toBe(512 * 1024 ** 2);
    expect(byName(alarms, "qa-platform-db-connections-warning").threshold).toBe(400); // 80 % of 500
    expect(byName(alarms, "qa-platform-db-readLatency-warning")).toMatchObject({ threshold: 0.02 });
    expect(metric(byName(alarms, "qa-platform-db-writeLatency-critical"))).toMatchObject({
      metricName: "WriteLatency",
      statistic: "Average",
    });
    expect(byName(alarms, "qa-platform-db-replicaLag-critical")).toMatchObject({ threshold: 300, treatMissingData: "notBreaching" });
  });

  it("RDS clusters: cluster dimension, Aurora replica lag in milliseconds, no connections alarm without maxConnections", () => {
    const lag = byName(alarms, "qa-platform-aurora-replicaLag-warning");
    expect(metric(lag)).toMatchObject({ metricName: "AuroraReplicaLagMaximum", dimensions: { DBClusterIdentifier: "qa-aurora" } });
    expect(lag.threshold).toBe(30_000);
    expect(alarms.some((a) => a.name.startsWith("qa-platform-aurora-connections"))).toBe(false);
  });

  it("Aurora connections: the busiest instance (Maximum) against the per-instance max_connections, never the cluster's sum", () => {
    const input = plain();
    if (input.cloud?.provider !== "aws" || !input.cloud.watch?.rds) throw new Error("plain watches RDS");
    input.cloud.watch.rds[1] = { name: "aurora", identifier: "qa-aurora", kind: "cluster", maxConnections: 1000 };
    const connections = byName(render(input).alarms, "qa-platform-aurora-connections-critical");
    expect(metric(connections)).toMatchObject({
      metricName: "DatabaseConnections",
      dimensions: { DBClusterIdentifier: "qa-aurora" },
      statistic: "Maximum",
    });
  });

  it("sums only counts: gauges and per-unit limits (connections, CPU, memory, backlog, age, concurrency) never use Sum", () => {
    const input = plain();
    if (input.cloud?.provider !== "aws" || !input.cloud.watch?.rds) throw new Error("plain watches RDS");
    input.cloud.watch.rds[1] = { name: "aurora", identifier: "qa-aurora", kind: "cluster", maxConnections: 1000 };
    const artifacts = render(input);
    // Metrics CloudWatch publishes as counts per period: adding them up (over time, or over instances) is their meaning.
    const COUNTS = /^(Errors|Invocations|Throttles|RequestCount|HTTPCode_.*_Count|NumberOfMessages\w+|.*-(error-lines|5xx))$/;
    const sources = [...artifacts.alarms, ...(artifacts.audit?.alarms ?? [])].flatMap((a) =>
      a.source.kind === "metric"
        ? [a.source.metric]
        : a.source.kind === "queries"
          ? a.source.queries.flatMap((q) => (q.metric ? [q.metric] : []))
          : [],
    );
    expect(sources.length).toBeGreaterThan(20);
    const summed = sources.filter((m) => m.statistic === "Sum").map((m) => m.metricName);
    expect(summed.filter((name) => !COUNTS.test(name))).toEqual([]);
  });

  it("ALB: 5xx count and rate by metric math, p99 in seconds, unhealthy hosts over every target group", () => {
    const rate = byName(alarms, "qa-platform-alb-errorRate-warning");
    expect(rate).toMatchObject({ threshold: 2, treatMissingData: "notBreaching" });
    if (rate.source.kind !== "queries") throw new Error("expected metric math");
    expect(rate.source.queries.at(-1)).toMatchObject({
      expression: "IF(m3 > 0, 100 * (FILL(m1, 0) + FILL(m2, 0)) / m3, 0)",
      returnData: true,
    });
    expect(rate.source.queries[0].metric).toMatchObject({
      dimensions: { LoadBalancer: "app/qa-public/0123456789abcdef" },
      statistic: "Sum",
    });
    expect(byName(alarms, "qa-platform-alb-serverErrors-critical").threshold).toBe(50);
    const latency = byName(alarms, "qa-platform-alb-latency-warning");
    expect(metric(latency)).toMatchObject({ metricName: "TargetResponseTime", statistic: "p99" });
    expect(latency.threshold).toBe(0.5);
    const unhealthy = byName(alarms, "qa-platform-alb-unhealthyTargets-critical");
    expect(unhealthy.source.kind === "queries" && unhealthy.source.queries[0].expression).toContain(
      "WHERE LoadBalancer = 'app/qa-public/0123456789abcdef'",
    );
  });

  it("Lambda: error rate, throttles, p99 duration as a share of the timeout, concurrency of the limit", () => {
    expect(byName(alarms, "qa-platform-fn-errorRate-critical").threshold).toBe(5);
    expect(metric(byName(alarms, "qa-platform-fn-throttles-warning"))).toMatchObject({ metricName: "Throttles", statistic: "Sum" });
    expect(byName(alarms, "qa-platform-fn-duration-warning").threshold).toBe(8000); // 80 % of 10 s, in ms
    expect(byName(alarms, "qa-platform-fn-concurrency-critical").threshold).toBe(180);
  });

  it("SQS: oldest message, depth, dead-letter queue only where there is one", () => {
    expect(metric(byName(alarms, "qa-platform-jobs-oldestMessage-warning"))).toMatchObject({
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: "qa-jobs" },
    });
    const dlq = byName(alarms, "qa-platform-jobs-deadLetters-critical");
    expect(metric(dlq).dimensions).toEqual({ QueueName: "qa-jobs-dlq" });
    expect(dlq).toMatchObject({ threshold: 0, treatMissingData: "notBreaching" });
    expect(alarms.some((a) => a.name.startsWith("qa-platform-events-deadLetters"))).toBe(false);
  });

  it("log groups: alarms on the log-based metrics", () => {
    expect(metric(byName(alarms, "qa-platform-app-logs-errorLogs-warning"))).toMatchObject({
      namespace: "Monitoring/qa",
      metricName: "app-logs-error-lines",
      dimensions: {},
    });
    expect(metric(byName(alarms, "qa-platform-app-logs-latency-warning")).statistic).toBe("p99");
  });

  it("put the severity's topic in alarm and OK actions and the runbook URL in the description", () => {
    const { compositeAlarms } = render(plain());
    for (const a of alarms) {
      const severity = a.meta?.severity ?? "";
      const topic = [`arn:aws:sns:eu-west-1:123456789012:${severity}`];
      // Anomaly bands and their floors notify through the composite of the two.
      const notifying = a.meta?.anomaly ? compositeAlarms.find((c) => c.alarmNames.includes(a.name)) : a;
      expect(notifying?.alarmActions, a.name).toEqual(topic);
      expect(notifying?.okActions).toEqual(topic);
      if (a.meta?.anomaly) expect(a.alarmActions).toEqual([]);
      expect(a.description).toMatch(/Runbook: runbooks\/aws-[a-z0-9-]+\.md$/);
    }
    expect(() => assertAlarmsValid(alarms, compositeAlarms)).not.toThrow();
  });

  it("have a runbook with diagnosis for every preset", () => {
    const runbooks = cloudWatchRunbooks();
    for (const a of alarms) {
      const runbook = runbooks[a.meta?.runbookSlug ?? ""];
      expect(runbook, a.name).toBeDefined();
      expect(runbook.diagnosis.length).toBeGreaterThan(0);
      expect(runbook.mitigation.length).toBeGreaterThan(0);
    }
  });

  it("refer to signals of the threshold model", () => {
    for (const { presets } of Object.values(CLOUDWATCH_CATALOG)) {
      for (const p of presets as ReadonlyArray<{ intent: { signal: string } }>) expect(SIGNALS).toHaveProperty(p.intent.signal);
    }
  });
});

describe("threshold overrides", () => {
  function withOverrides(): EnvironmentInput {
    const input = plain();
    const cloud = input.cloud as { watch: Record<string, Array<Record<string, unknown>>> };
    input.services = [
      { name: "shop", thresholds: { cpuUtilization: { warning: 70 } }, slo: { availabilityPercent: 99.9, latencyP99Ms: 250 } },
    ];
    input.thresholds = { cpuUtilization: { warning: 60, critical: 95, for: "15m" }, databaseFreeStorage: { critical: 10 } };
    cloud.watch.ec2[0].service = "shop";
    cloud.watch.loadBalancers[0].service = "shop";
    cloud.watch.rds[0].thresholds = { databaseFreeStorage: { warning: 50 } };
    return input;
  }
  const { alarms } = render(withOverrides());

  it("apply environment-wide", () => {
    expect(byName(alarms, "qa-platform-app-cpu-critical")).toMatchObject({ threshold: 95, evaluationPeriods: 15 });
    expect(byName(alarms, "qa-platform-app-cpu-warning").threshold).toBe(60);
    expect(byName(alarms, "qa-platform-aurora-freeStorage-critical").threshold).toBe(10 * 1024 ** 3);
  });

  it("apply per service, over the environment", () => {
    expect(byName(alarms, "qa-shop-web-cpu-warning").threshold).toBe(70);
    expect(byName(alarms, "qa-shop-web-cpu-critical").threshold).toBe(95);
  });

  it("apply per resource, over service and environment", () => {
    expect(byName(alarms, "qa-platform-db-freeStorage-warning").threshold).toBe(50 * 1024 ** 3);
    expect(byName(alarms, "qa-platform-db-freeStorage-critical").threshold).toBe(10 * 1024 ** 3);
  });

  it("use the service's latency objective as the warning tier and twice it as the critical tier, as its Prometheus alert", () => {
    expect(byName(alarms, "qa-shop-alb-latency-warning").threshold).toBe(0.25);
    expect(byName(alarms, "qa-shop-alb-latency-critical").threshold).toBe(0.5);
  });
});

describe("anomaly and composite alarms", () => {
  const ctx: AlarmRenderContext = { env: "qa", services: [], thresholds: {} as EnvironmentSpec["thresholds"], actions: inputs.actions };

  it("alarm on anomaly bands only for resources marked anomalyDetection", () => {
    const { alarms } = render(plain());
    const traffic = byName(alarms, "qa-platform-alb-requestsAnomaly-warning");
    expect(traffic).toMatchObject({
      comparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold",
      thresholdMetricId: "ad1",
      evaluationPeriods: 3,
    });
    expect(traffic.threshold).toBeUndefined();
    expect(traffic.source.kind === "queries" && traffic.source.queries[1].expression).toBe("ANOMALY_DETECTION_BAND(m1, 3)");
    expect(byName(alarms, "qa-platform-alb-latencyAnomaly-warning").comparisonOperator).toBe("GreaterThanUpperThreshold");
    expect(alarms.some((a) => a.name.includes("invocationsAnomaly"))).toBe(false);
    expect(metricAlarmProblems(traffic)).toEqual([]);
  });

  it("page on an anomaly band only above the in-cluster detector's traffic floors, through a composite", () => {
    const { alarms, compositeAlarms } = render(plain());
    const sns = ["arn:aws:sns:eu-west-1:123456789012:warning"];
    // The band alone does not notify: near-idle traffic leaves its band on noise.
    const band = byName(alarms, "qa-platform-alb-requestsAnomaly-warning");
    expect(band).toMatchObject({ alarmActions: [], okActions: [] });
    // Traffic floor: the requests reached ANOMALY_DETECTION.trafficFloor per second in one period of the last
    // dropRecentWindow (so a drop, which falls under the floor itself, still counts as busy).
    const trafficFloor = byName(alarms, "qa-platform-alb-requestsAnomalyFloor-warning");
    expect(trafficFloor).toMatchObject({
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: ANOMALY_DETECTION.trafficFloor * 300,
      evaluationPeriods: ANOMALY_DETECTION.dropRecentWindow.toSeconds() / 300,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      alarmActions: [],
    });
    expect(metric(trafficFloor)).toMatchObject({ metricName: "RequestCount", statistic: "Sum", period: 300 });
    // Latency floor: enough requests in every period the band alarm looks at.
    const latencyFloor = byName(alarms, "qa-platform-alb-latencyAnomalyFloor-warning");
    expect(latencyFloor).toMatchObject({
      threshold: ANOMALY_DETECTION.latencyMinRequests * 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
    expect(metric(latencyFloor)).toMatchObject({ metricName: "RequestCount", statistic: "Sum" });
    const composite = compositeAlarms.find((c) => c.name === "qa-platform-alb-requestsAnomalyAboveFloor-warning");
    expect(composite).toMatchObject({
      rule: 'ALARM("qa-platform-alb-requestsAnomaly-warning") AND ALARM("qa-platform-alb-requestsAnomalyFloor-warning")',
      alarmActions: sns,
      okActions: sns,
    });
    expect(compositeAlarms.filter((c) => c.name.includes("Anomaly"))).toHaveLength(2);
    for (const alarm of [band, trafficFloor, latencyFloor]) expect(metricAlarmProblems(alarm)).toEqual([]);
    expect(compositeAlarmProblems(composite as (typeof compositeAlarms)[number])).toEqual([]);
    // Every notifying alarm of the environment is valid together (composites name alarms that exist).
    expect(() => assertAlarmsValid(alarms, compositeAlarms)).not.toThrow();
    // A band alarm without its floor is a planning error, not a silent band that never pages.
    const planned = planEnvironment(resolveEnvironment(plain())).cloudAlarms;
    expect(() => planAnomalyComposites(planned.filter((a) => a.origin !== "anomalyFloor"))).toThrow(/no floor alarm/);
  });

  it("page per service only when errors and latency fire together", () => {
    const lb = { name: "alb", service: "shop", loadBalancerName: "x", anomalyDetection: true, thresholds: {}, arnSuffix: "app/x/1" };
    const alarms = [
      ...renderPresetAlarms(ctx, CLOUDWATCH_CATALOG.loadBalancers, [lb]),
      ...renderAnomalyAlarms(ctx, CLOUDWATCH_CATALOG.loadBalancers, [lb]),
    ];
    const [composite, ...others] = renderCompositeAlarms(ctx, alarms);
    expect(others).toEqual([]);
    expect(composite.name).toBe("qa-shop-composite-errorsWithLatency-critical");
    expect(composite.rule).toBe('(ALARM("qa-shop-alb-errorRate-warning")) AND (ALARM("qa-shop-alb-latency-warning"))');
    expect(composite.alarmActions).toEqual(["arn:aws:sns:eu-west-1:123456789012:critical"]);
    const onlyErrors = alarms.filter((a) => a.meta?.symptom !== "latency");
    expect(renderCompositeAlarms(ctx, onlyErrors)).toEqual([]);
  });
});

describe("CloudWatch limits", () => {
  const [alarm] = render(plain()).alarms;

  it("refuse more than 5 actions per alarm state", () => {
    const six = Array.from({ length: 6 }, (_, i) => `arn:aws:sns:eu-west-1:1:t${i}`);
    expect(metricAlarmProblems({ ...alarm, alarmActions: six })).toEqual(["6 alarm actions; CloudWatch allows at most 5 per state"]);
    expect(() => assertAlarmsValid([{ ...alarm, okActions: six }])).toThrow(/6 OK actions; CloudWatch allows at most 5 per state/);
    expect(metricAlarmProblems({ ...alarm, alarmActions: six.slice(0, 5) })).toEqual([]);
  });

  it("refuse periods CloudWatch does not accept, evaluation windows over a day and duplicate names", () => {
    const bad: MetricAlarmDefinition = {
      ...alarm,
      source: { kind: "metric", metric: { namespace: "N", metricName: "M", dimensions: {}, statistic: "Sum" }, periodSeconds: 45 },
    };
    expect(metricAlarmProblems(bad)).toEqual(["'period' must be 10, 30 or a multiple of 60 seconds, received 45"]);
    const long = {
      ...bad,
      source: { ...bad.source, periodSeconds: 3600 },
      evaluationPeriods: 25,
      datapointsToAlarm: 25,
    } as MetricAlarmDefinition;
    expect(metricAlarmProblems(long)).toEqual(["period 3600 s x 25 evaluation periods exceeds one day"]);
    expect(() => assertAlarmsValid([alarm, alarm])).toThrow(/duplicate name/);
  });

  it("render the bundled environments within the limits", () => {
    for (const env of ["staging", "prod"] as const) {
      const artifacts = render(bundled(env));
      expect(() => assertAlarmsValid(artifacts.alarms, artifacts.compositeAlarms)).not.toThrow();
    }
  });
});
