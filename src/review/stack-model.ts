import { createHash } from "node:crypto";
import { parse } from "yaml";
import { LOCAL_CHARTS } from "../catalog/charts";

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
type Json = any;

/**
 * What a synthesized stack deploys beyond its alerts and alarms, read from its Terraform JSON: the facts only the
 * deployed configuration holds (channels, routing, retention, dashboards, chart versions, resource counts). Alerts and
 * alarms come from the plan summary beside it (`plan-summary.ts`), never from rendered text.
 */
export interface MonitoringModel {
  /** Notification channels: Alertmanager receivers, SNS subscriptions, Google notification channels, Azure action groups. */
  readonly channels: ReadonlySet<string>;
  /** Alertmanager receivers per severity, in routing order. */
  readonly routing: ReadonlyMap<string, string>;
  /** Retention of each signal ("metrics", "logs", "traces", "log group /x/y"). */
  readonly retention: ReadonlyMap<string, string>;
  /** Dashboards by name, with a content hash. */
  readonly dashboards: ReadonlyMap<string, string>;
  /** Helm releases: chart -> version. */
  readonly charts: ReadonlyMap<string, string>;
  /** Terraform resource instances per type (for_each entries counted). */
  readonly resourceCounts: ReadonlyMap<string, number>;
  /** Custom metrics the stack creates: metric filters, and agent metrics per instance group. */
  readonly customMetrics: { readonly metricFilters: number; readonly agentMetricsPerGroup: readonly number[] };
  /** Log groups and their retention in days, for the cost estimate. */
  readonly logGroups: ReadonlyMap<string, number>;
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);
const values = (stack: Json, type: string): Json[] => Object.values(stack.resource?.[type] ?? {});

/** Helm values as Helm merges the release's documents. */
function helmValues(release: Json): Json {
  const merge = (base: unknown, over: unknown): unknown => {
    if (!isMap(base) || !isMap(over)) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  };
  return ((release.values ?? []) as string[]).map((text) => parse(text.replaceAll("$${", "${"))).reduce((acc, doc) => merge(acc, doc), {});
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Receivers per severity from an Alertmanager configuration's route tree. */
function receiversBySeverity(config: Json): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const route of config?.route?.routes ?? []) {
    const severity = (route.matchers ?? []).map((m: string) => m.match(/^severity="(\w+)"$/)?.[1]).find(Boolean);
    if (!severity) continue;
    const receivers = (route.routes ?? []).map((r: Json) => r.receiver as string);
    map.set(severity, receivers.length > 0 ? receivers : [route.receiver]);
  }
  return map;
}

/** The name of the project's chart a release installs (its `chart` is an asset path), if any. */
function localChartName(release: Json): string | undefined {
  if (!String(release.chart ?? "").startsWith("assets/")) return undefined;
  const name = String(release.name ?? "");
  return Object.values(LOCAL_CHARTS).find((c) => name === c.release || name.startsWith(`${c.release}-`))?.chart;
}

/** Channels and retention of the Google and Azure backends. */
function cloudChannelsAndRetention(stack: Json, channels: Set<string>, retention: Map<string, string>): void {
  for (const c of values(stack, "google_monitoring_notification_channel")) channels.add(`google ${c.type} ${c.display_name}`);
  for (const g of values(stack, "azurerm_monitor_action_group")) {
    const kinds = Object.keys(g)
      .filter((k) => k.endsWith("_receiver") && (Array.isArray(g[k]) ? g[k].length > 0 : g[k]))
      .map((k) => k.replace("_receiver", ""));
    channels.add(`azure action group ${g.name} (${kinds.join(", ") || "no receiver"})`);
  }
  for (const b of values(stack, "google_logging_project_bucket_config"))
    retention.set(`Cloud Logging bucket ${b.bucket_id}`, `${b.retention_days ?? "?"} days`);
  for (const w of values(stack, "azurerm_log_analytics_workspace"))
    retention.set(`Log Analytics workspace ${w.name}`, `${w.retention_in_days ?? "?"} days`);
}

/** Reads a synthesized stack (cdk.tf.json) back into the facts a monitoring review is about. */
export function monitoringModel(stack: Json): MonitoringModel {
  const channels = new Set<string>();
  const retention = new Map<string, string>();
  const dashboards = new Map<string, string>();
  const charts = new Map<string, string>();
  const logGroups = new Map<string, number>();
  const routing = new Map<string, string>();

  for (const release of values(stack, "helm_release")) {
    charts.set(localChartName(release) ?? release.chart, release.version);
    const v = helmValues(release);
    if (release.chart === "kube-prometheus-stack") {
      const config = v.alertmanager?.config;
      const routes = receiversBySeverity(config);
      for (const [severity, receivers] of routes) routing.set(severity, receivers.join(", "));
      for (const receiver of config?.receivers ?? []) {
        const kinds = Object.keys(receiver)
          .filter((k) => k.endsWith("_configs"))
          .map((k) => k.replace("_configs", ""));
        channels.add(`alertmanager ${receiver.name}${kinds.length ? ` (${kinds.join(", ")})` : " (null)"}`);
      }
      const spec = v.prometheus?.prometheusSpec ?? {};
      retention.set("metrics", `${spec.retention ?? "?"}${spec.retentionSize ? ` / ${spec.retentionSize}` : ""}`);
      for (const [name, dashboard] of Object.entries(v.grafana?.dashboards ?? {}))
        dashboards.set(`grafana ${name}`, hash(JSON.stringify(dashboard)));
    }
    if (release.chart === "loki") retention.set("logs (Loki)", v.loki?.limits_config?.retention_period ?? "?");
    if (release.chart === "jaeger") {
      const text = JSON.stringify(v);
      const ttl = text.match(/"ttl":\{"spans":"([^"]+)"/)?.[1];
      const days = v.esIndexCleaner?.enabled ? `${v.esIndexCleaner.numberOfDays}d` : undefined;
      retention.set("traces (Jaeger)", ttl ?? days ?? "in memory");
    }
  }
  for (const map of values(stack, "kubernetes_config_map_v1")) {
    if (map.metadata?.labels?.grafana_dashboard)
      for (const [file, body] of Object.entries(map.data ?? {})) dashboards.set(`grafana ${file}`, hash(String(body)));
  }
  for (const dashboard of values(stack, "grafana_dashboard")) {
    const uid = String(dashboard.config_json).match(/"uid":\s*"([^"]+)"/)?.[1] ?? "dashboard";
    dashboards.set(`grafana (external) ${uid}`, hash(String(dashboard.config_json)));
  }
  for (const dashboard of values(stack, "aws_cloudwatch_dashboard"))
    dashboards.set(`cloudwatch ${dashboard.dashboard_name}`, hash(String(dashboard.dashboard_body)));
  for (const group of values(stack, "aws_cloudwatch_log_group")) {
    logGroups.set(group.name, Number(group.retention_in_days ?? 0));
    retention.set(`log group ${group.name}`, `${group.retention_in_days ?? "never expires"} days`);
  }
  for (const [id, sub] of Object.entries(stack.resource?.aws_sns_topic_subscription ?? {}) as Array<[string, Json]>) {
    const severity = String(sub.topic_arn).match(/topic-(\w+)_/)?.[1] ?? "?";
    // Endpoints given by reference are named by the subscription's id (the channel), never by their value.
    const endpoint = String(sub.endpoint).includes("${") ? (id.match(/subscription-\w+?-(.+)_[0-9A-F]{8}$/)?.[1] ?? id) : sub.endpoint;
    channels.add(`sns ${severity} ${sub.protocol} ${endpoint}`);
  }
  cloudChannelsAndRetention(stack, channels, retention);

  const resourceCounts = new Map<string, number>();
  for (const [type, byId] of Object.entries(stack.resource ?? {}) as Array<[string, Record<string, Json>]>) {
    const count = Object.values(byId).reduce(
      (n, r) => n + (r.for_each && typeof r.for_each === "object" ? Object.keys(r.for_each).length : 1),
      0,
    );
    resourceCounts.set(type, count);
  }
  const agentMetricsPerGroup = values(stack, "aws_ssm_parameter")
    .filter((p) => String(p.name).startsWith("AmazonCloudWatch-"))
    .map((p) => agentMetricCount(String(p.value)));
  const metricFilters = [...values(stack, "aws_cloudwatch_log_metric_filter")].reduce(
    (n, f) => n + (f.for_each && typeof f.for_each === "object" ? Object.keys(f.for_each).length : 1),
    0,
  );
  return {
    channels,
    routing,
    retention,
    dashboards,
    charts,
    resourceCounts,
    customMetrics: { metricFilters, agentMetricsPerGroup },
    logGroups,
  };
}

/** Metrics one instance publishes under a CloudWatch agent configuration (each measurement is one custom metric). */
function agentMetricCount(configText: string): number {
  try {
    const config = JSON.parse(configText.replaceAll("$${", "${"));
    return Object.values(config.metrics?.metrics_collected ?? {}).reduce<number>(
      (n, section) => n + ((section as Json).measurement?.length ?? 0),
      0,
    );
  } catch {
    return 0;
  }
}
