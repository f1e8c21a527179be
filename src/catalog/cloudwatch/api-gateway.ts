import type { z } from "zod";
import type { apiGatewayWatchSchema } from "../../spec/clouds/aws-watch";
import type { AlarmIntent } from "../alarm-intents";
import { type AwsDashboardRows, metric } from "../dashboards/aws-panels";
import type { RunbookFacts } from "../runbooks/types";
import { type CloudWatchPreset, type CloudWatchSource, resourceMetric } from "./types";

type ApiGatewayResource = z.output<typeof apiGatewayWatchSchema>;

/** Runbook facts of an API: its id (looked up by name for a REST API, which CloudWatch knows by name) and stage. */
export function apiGatewayRunbookFacts(r: ApiGatewayResource): RunbookFacts {
  const id =
    r.type === "http"
      ? r.apiId
      : `$(aws apigateway get-rest-apis --region <region> --query "items[?name=='${r.apiName}'].id | [0]" --output text)`;
  return { id, stage: r.stage };
}

/**
 * Both API types report in AWS/ApiGateway, under different names and dimensions (API Gateway developer guide:
 * "Amazon API Gateway dimensions and metrics" for REST APIs, "Monitor CloudWatch metrics for HTTP APIs"):
 * REST: 5XXError, 4XXError, Count (its SampleCount is the request count), Latency, by ApiName and Stage;
 * HTTP: 5xx, 4xx, Count, Latency, by ApiId and Stage.
 */
const NS = "AWS/ApiGateway";
const names = (r: ApiGatewayResource) =>
  r.type === "rest"
    ? { serverErrors: "5XXError", clientErrors: "4XXError", requests: { metricName: "Count", statistic: "SampleCount" as const } }
    : { serverErrors: "5xx", clientErrors: "4xx", requests: { metricName: "Count", statistic: "Sum" as const } };
const api = resourceMetric<ApiGatewayResource>(
  NS,
  (r): Record<string, string> => (r.type === "rest" ? { ApiName: r.apiName, Stage: r.stage } : { ApiId: r.apiId, Stage: r.stage }),
);
/** A percentage of the requests: errors (Sum) over requests, per period. */
const ratio = (r: ApiGatewayResource, errors: string, label: string): CloudWatchSource => ({
  kind: "math",
  expression: "100 * m1 / m2",
  label,
  metrics: { m1: api(r, errors, "Sum"), m2: api(r, names(r).requests.metricName, names(r).requests.statistic) },
});

const INTENTS = {
  serverErrors: {
    category: "loadBalancer",
    signal: "serverErrorsPerMinute",
    title: "5xx responses",
    meaning:
      "The API answers many requests with 5xx: its integration (Lambda, HTTP backend) fails or times out, or API Gateway itself errs.",
    impact: "Clients of the API get errors.",
    mitigation: [
      "Roll back the integration's latest release if errors started with it.",
      "Check the integration's own alarms (Lambda errors, target health).",
    ],
  },
  errorRate: {
    category: "loadBalancer",
    signal: "errorRatio",
    title: "5xx rate",
    symptom: "errors",
    meaning: "The share of the API's requests answered with 5xx is above the threshold.",
    impact: "That share of clients' requests fails.",
    mitigation: ["Roll back the integration's latest release if errors started with it."],
  },
  clientErrorRate: {
    category: "loadBalancer",
    signal: "clientErrorRatio",
    title: "4xx rate",
    meaning: "The share of requests the API rejects with 4xx (authorisation, throttling, validation, missing routes) rose.",
    impact: "Clients are refused: a broken client release, expired credentials, a changed contract or a usage plan's throttling.",
    mitigation: [
      "Which status: the access log's status field by route; 429 means throttling (raise the stage or usage plan limits), 401/403 authorisation.",
      "Roll back an API or client change that started it.",
    ],
  },
  latency: {
    category: "loadBalancer",
    signal: "latencyP99",
    title: "p99 latency",
    symptom: "latency",
    meaning: "The slowest 1 % of the API's requests take longer than the threshold (API Gateway overhead plus the integration).",
    impact: "Clients wait; calls close to the 29 s integration timeout start failing with 504.",
    mitigation: ["Compare with IntegrationLatency: the backend when they move together, API Gateway (authorisers, mapping) when not."],
  },
} as const satisfies Record<string, AlarmIntent>;

const ACCESS_LOG =
  "Access log of the stage (if set): `aws apigateway get-stage --region <region> --rest-api-id <id> --stage-name <stage> --query accessLogSettings` (REST) or `aws apigatewayv2 get-stage --region <region> --api-id <id> --stage-name <stage> --query AccessLogSettings` (HTTP).";

/** API Gateway REST and HTTP APIs: 5xx count and rate, 4xx rate, p99 latency. */
export const API_GATEWAY_PRESETS: readonly CloudWatchPreset<ApiGatewayResource>[] = [
  {
    id: "serverErrors",
    intent: INTENTS.serverErrors,
    source: (r) => ({ kind: "metric", metric: api(r, names(r).serverErrors, "Sum") }),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      ACCESS_LOG,
      "Logs Insights on the access log: `filter status >= 500 | stats count() by routeKey, integrationErrorMessage | sort count() desc` (field names as the log format sets them).",
    ],
  },
  {
    id: "errorRate",
    intent: INTENTS.errorRate,
    source: (r) => ratio(r, names(r).serverErrors, "5xx % of requests"),
    periodSeconds: 60,
    // No requests: no rate.
    treatMissingData: "notBreaching",
    diagnosis: [ACCESS_LOG, "Integration latency against its timeout: IntegrationLatency p99 over the same window (504s)."],
  },
  {
    id: "clientErrorRate",
    intent: INTENTS.clientErrorRate,
    source: (r) => ratio(r, names(r).clientErrors, "4xx % of requests"),
    periodSeconds: 60,
    treatMissingData: "notBreaching",
    diagnosis: [
      ACCESS_LOG,
      "Throttling limits: `aws apigateway get-usage-plans --region <region>` (REST) or the stage's DefaultRouteSettings (HTTP).",
    ],
  },
  {
    id: "latency",
    intent: INTENTS.latency,
    source: (r) => ({ kind: "metric", metric: api(r, "Latency", "p99") }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "IntegrationLatency p99 next to Latency p99: `aws cloudwatch get-metric-data --region <region>` with both for the API and stage.",
    ],
  },
];

/** Grafana rows: requests, errors and p99 latency; REST and HTTP APIs apart (their dimensions differ). */
export const API_GATEWAY_DASHBOARD: AwsDashboardRows<ApiGatewayResource> = (p, apis) => {
  for (const type of ["rest", "http"] as const) {
    const list = apis.filter((a) => a.type === type);
    if (list.length === 0) continue;
    const variable = `apigw_${type}`;
    p.section(
      variable,
      type === "rest" ? "REST APIs" : "HTTP APIs",
      list.map((a) => [a.name, a.type === "rest" ? a.apiName : a.apiId]),
      `API ${type} \${${variable}}`,
    );
    // One stage per resource is the common case; the panels show every stage of the API.
    const dims = { [type === "rest" ? "ApiName" : "ApiId"]: `$${variable}`, Stage: "*" };
    const [server, client] = type === "rest" ? ["5XXError", "4XXError"] : ["5xx", "4xx"];
    p.chart("Requests", [metric(p.region, NS, "Count", dims, type === "rest" ? "SampleCount" : "Sum")]);
    p.chart("5xx / 4xx", [metric(p.region, NS, server, dims, "Sum"), metric(p.region, NS, client, dims, "Sum")]);
    p.chart(
      "p99 latency / integration latency",
      [metric(p.region, NS, "Latency", dims, "p99"), metric(p.region, NS, "IntegrationLatency", dims, "p99")],
      "ms",
    );
  }
};
