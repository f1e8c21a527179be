import type { z } from "zod";
import type { loadBalancerWatchSchema } from "../../spec/clouds/aws-watch";
import { ANOMALY_INTENTS } from "../alarm-intents";
import { COMMON_PRESETS } from "../common-presets";
import { type AwsDashboardRows, search } from "../dashboards/aws-panels";
import type { RunbookFacts } from "../runbooks/types";
import { type CloudWatchAnomalyPreset, type CloudWatchPreset, convert, insightsString, resourceMetric } from "./types";

/** An application load balancer; `arnSuffix` (app/<name>/<id>, the CloudWatch dimension) comes from a data source. */
export type AlbResource = z.output<typeof loadBalancerWatchSchema> & { readonly arnSuffix: string };

/**
 * An ARN suffix as long as the load balancer's (`app/<name>/<16 hex digits>`), for what only needs its size (the
 * plan's dashboard sizes) before Terraform looks the real one up.
 */
export const albArnSuffixOfLength = (loadBalancerName: string) => `app/${loadBalancerName}/${"0".repeat(16)}`;

/** Runbook facts of a load balancer: its ARN, looked up by name (the spec knows the name; the ARN exists after apply). */
export function albRunbookFacts(r: AlbResource): RunbookFacts {
  return {
    "alb-arn": `$(aws elbv2 describe-load-balancers --region <region> --names ${r.loadBalancerName} --query 'LoadBalancers[0].LoadBalancerArn' --output text)`,
    "alb-name": r.loadBalancerName,
  };
}

const ns = "AWS/ApplicationELB";
const alb = resourceMetric<AlbResource>(ns, (r) => ({ LoadBalancer: r.arnSuffix }));

const logsHint =
  "If access logs are on (Athena): `SELECT request_url, elb_status_code, target_status_code, count(*) FROM alb_logs WHERE elb_status_code >= 500 GROUP BY 1,2,3 ORDER BY 4 DESC LIMIT 20`.";

/** Application load balancers: 5xx count and rate (metric math), p99 response time, unhealthy targets. */
export const ALB_PRESETS: readonly CloudWatchPreset<AlbResource>[] = [
  {
    ...COMMON_PRESETS.loadBalancerServerErrors,
    source: (r) => ({
      kind: "math",
      label: "5xx per minute (load balancer + targets)",
      // The ALB publishes no datapoint for a minute without 5xx: FILL makes it a zero.
      expression: "FILL(m1, 0) + FILL(m2, 0)",
      metrics: { m1: alb(r, "HTTPCode_ELB_5XX_Count", "Sum"), m2: alb(r, "HTTPCode_Target_5XX_Count", "Sum") },
    }),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      "Split: HTTPCode_ELB_5XX_Count (the ALB itself: 502 bad gateway, 503 no healthy target, 504 timeout) vs HTTPCode_Target_5XX_Count (the application).",
      logsHint,
      "Application logs: saved query 'recent errors' of the service's log group.",
    ],
  },
  {
    ...COMMON_PRESETS.loadBalancerErrorRatio,
    source: (r) => ({
      kind: "math",
      label: "5xx % of requests",
      expression: "IF(m3 > 0, 100 * (FILL(m1, 0) + FILL(m2, 0)) / m3, 0)",
      metrics: {
        m1: alb(r, "HTTPCode_ELB_5XX_Count", "Sum"),
        m2: alb(r, "HTTPCode_Target_5XX_Count", "Sum"),
        m3: alb(r, "RequestCount", "Sum"),
      },
    }),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      'Which target group: `SELECT SUM(HTTPCode_Target_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) GROUP BY LoadBalancer, TargetGroup ORDER BY SUM() DESC LIMIT 10` (rows of app/<alb-name>/…).',
      logsHint,
      "Logs Insights on the service's logs: `fields @timestamp, status, path, message | filter status >= 500 | stats count() by path | sort count() desc`.",
    ],
  },
  {
    ...COMMON_PRESETS.loadBalancerLatency,
    source: (r) => ({ kind: "metric", metric: alb(r, "TargetResponseTime", "p99") }),
    periodSeconds: 60,
    convert: convert.millisecondsToSeconds,
    metricUnit: "s",
    treatMissingData: "missing",
    diagnosis: [
      'Per target group: `SELECT MAX(TargetResponseTime) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) GROUP BY LoadBalancer, TargetGroup ORDER BY MAX() DESC LIMIT 10` (rows of app/<alb-name>/…).',
      "Slowest requests: saved query 'slowest requests' of the service's log group.",
      "Targets saturated? CPU of the instances or tasks behind the target group; database latency alarms.",
    ],
  },
  {
    ...COMMON_PRESETS.loadBalancerUnhealthyTargets,
    // UnHealthyHostCount exists per target group only; the query takes the worst one, including target groups added later.
    source: (r) => ({
      kind: "insights",
      label: "unhealthy targets (worst target group)",
      query: `SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) WHERE LoadBalancer = ${insightsString(r.arnSuffix)}`,
    }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "Unhealthy targets of every target group of the ALB (the reason code says why): `for tg in $(aws elbv2 describe-target-groups --region <region> --load-balancer-arn <alb-arn> --query 'TargetGroups[].TargetGroupArn' --output text); do aws elbv2 describe-target-health --region <region> --target-group-arn \"$tg\" --query \"TargetHealthDescriptions[?TargetHealth.State!='healthy']\"; done`",
    ],
  },
];

export const ALB_ANOMALIES: readonly CloudWatchAnomalyPreset<AlbResource>[] = [
  {
    id: "requestsAnomaly",
    intent: ANOMALY_INTENTS.trafficAnomaly,
    metric: (r) => alb(r, "RequestCount", "Sum"),
    band: "both",
    periodSeconds: 300,
    requests: (r) => alb(r, "RequestCount", "Sum"),
    diagnosis: ["RequestCount this week vs last week: add `RequestCount` with a 1-week time shift on the dashboard."],
  },
  {
    id: "latencyAnomaly",
    intent: ANOMALY_INTENTS.latencyAnomaly,
    metric: (r) => alb(r, "TargetResponseTime", "p99"),
    band: "upper",
    periodSeconds: 300,
    requests: (r) => alb(r, "RequestCount", "Sum"),
    diagnosis: ["Compare with RequestCount: latency rising with traffic is saturation; alone, a slow dependency."],
  },
];

/** Grafana rows: requests, 5xx and p99 response time, found by name (the ARN suffix is known to Terraform only). */
export const ALB_DASHBOARD: AwsDashboardRows<z.output<typeof loadBalancerWatchSchema>> = (p, balancers) => {
  p.section(
    "alb",
    "Load balancers",
    balancers.map((lb) => [lb.name, lb.loadBalancerName]),
    "Load balancer ${alb}",
  );
  const elb = (name: string, stat: string) => search(p.region, ns, "LoadBalancer", name, "$alb", stat);
  p.chart("Requests", [elb("RequestCount", "Sum")]);
  p.chart("5xx", [elb("HTTPCode_ELB_5XX_Count", "Sum"), elb("HTTPCode_Target_5XX_Count", "Sum")]);
  p.chart("p99 response time", [elb("TargetResponseTime", "p99")], "s");
};
