import { createHash } from "node:crypto";
import { parse } from "yaml";
import { LOCAL_CHARTS } from "../catalog/charts";

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
type Json = any;

/** One Prometheus or Loki alerting rule as deployed. */
export interface DeployedAlert {
  readonly name: string;
  readonly severity: string;
  readonly engine: "prometheus" | "loki";
  readonly expr: string;
  readonly for: string;
  /** The trailing comparison of the expression ("> 90"), when it has one. */
  readonly threshold?: string;
  readonly receivers: readonly string[];
}

/** One cloud alarm as deployed: a CloudWatch alarm, a Cloud Monitoring alert policy or an Azure Monitor alert. */
export interface DeployedAlarm {
  readonly name: string;
  /** The alerting service: CloudWatch, Cloud Monitoring or Azure Monitor. */
  readonly cloud: "aws" | "gcp" | "azure";
  /**
   * CloudWatch: metric, anomaly, insights, composite. Cloud Monitoring: policy (threshold or uptime), promql.
   * Azure Monitor: metric-alert, dynamic-alert (dynamic thresholds), log-alert (log search).
   */
  readonly kind: "metric" | "anomaly" | "insights" | "composite" | "policy" | "promql" | "metric-alert" | "dynamic-alert" | "log-alert";
  /** e.g. "> 80 over 3 of 3 x 60s". */
  readonly condition: string;
  /** Number of metrics the alarm evaluates (what CloudWatch bills for a metric alarm; 0 off CloudWatch). */
  readonly metricCount: number;
  readonly actions: readonly string[];
}

/** What people on call care about in one synthesized stack, read back from its Terraform JSON. */
export interface MonitoringModel {
  readonly alerts: ReadonlyMap<string, DeployedAlert>;
  readonly alarms: ReadonlyMap<string, DeployedAlarm>;
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

function trailingComparison(expr: string): string | undefined {
  return expr
    .match(/([<>]=?|==|!=) (-?[\d.e+]+)\)*$/)
    ?.slice(1, 3)
    .join(" ");
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

function rulesOf(files: Json, engine: "prometheus" | "loki", routes: Map<string, string[]>, into: Map<string, DeployedAlert>): void {
  for (const file of Object.values(files ?? {}) as Json[]) {
    for (const group of file?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        if (!rule.alert) continue;
        const severity = rule.labels?.severity ?? "none";
        const key = `${rule.alert}${rule.labels?.service ? ` (${rule.labels.service})` : ""} [${severity}]`;
        into.set(key, {
          name: rule.alert,
          severity,
          engine,
          expr: rule.expr,
          for: rule.for ?? "0s",
          threshold: trailingComparison(rule.expr),
          receivers: routes.get(severity) ?? [],
        });
      }
    }
  }
}

const OPERATORS: Record<string, string> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: ">=",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
  LessThanLowerOrGreaterThanUpperThreshold: "outside band",
  GreaterThanUpperThreshold: "above band",
  LessThanLowerThreshold: "below band",
};

/** CloudWatch metrics measured in bytes (AWS documents their unit): thresholds on them read as MiB/GiB. */
const BYTE_METRICS = /Bytes$|^(FreeStorageSpace|FreeLocalStorage|FreeableMemory|SwapUsage|BinLogDiskUsage|TransactionLogsDiskUsage)$/;

/** A threshold in the unit people set it in: 10737418240 bytes reads "10 GiB". */
function plainThreshold(value: number, metricName: string | undefined): string {
  if (!metricName || !BYTE_METRICS.test(metricName) || !Number.isFinite(value) || Math.abs(value) < 1024 ** 2) return String(value);
  const [unit, size] = Math.abs(value) >= 1024 ** 3 ? ["GiB", 1024 ** 3] : ["MiB", 1024 ** 2];
  return `${Number((value / size).toFixed(2))} ${unit}`;
}

/** Topic names behind an alarm's actions (a local map of action lists, or literal references). */
function actionNames(actions: unknown): string[] {
  const list = Array.isArray(actions) ? actions : typeof actions === "string" ? [actions] : [];
  return list.map((a: string) => a.match(/aws_sns_topic\.[\w-]*topic-(\w+)_/)?.[1] ?? a);
}

function metricAlarms(stack: Json, into: Map<string, DeployedAlarm>): void {
  for (const alarm of values(stack, "aws_cloudwatch_metric_alarm")) {
    const entries: Array<[string, Json]> =
      alarm.for_each && typeof alarm.for_each === "object" ? Object.entries(alarm.for_each) : [[alarm.alarm_name, alarm]];
    const localMatch = typeof alarm.alarm_actions === "string" ? alarm.alarm_actions.match(/^\$\{local\.([\w-]+)\[/) : null;
    const actionTable: Json = localMatch ? stack.locals?.[localMatch[1]] : undefined;
    for (const [name, entry] of entries) {
      const queries: Json[] = entry.metric_query ?? [];
      const anomaly = queries.some((q) => /ANOMALY_DETECTION_BAND/.test(q.expression ?? ""));
      const insights = queries.some((q) => /^SELECT /i.test(q.expression ?? ""));
      const metricCount = queries.length > 0 ? queries.filter((q) => q.metric).length + (insights ? 1 : 0) : 1;
      const op = OPERATORS[entry.comparison_operator] ?? entry.comparison_operator;
      const period = entry.period ?? queries.find((q) => q.metric)?.metric?.period ?? queries.find((q) => q.period)?.period;
      const metricName = entry.metric_name ?? queries.find((q) => q.return_data !== false && q.metric)?.metric?.metric_name;
      const condition = `${op}${entry.threshold !== undefined ? ` ${plainThreshold(Number(entry.threshold), metricName)}` : ""} in ${entry.datapoints_to_alarm ?? entry.evaluation_periods} of ${entry.evaluation_periods} x ${period ?? "?"}s`;
      const actions =
        actionTable && entry.alarm_actions !== undefined ? actionNames(actionTable[entry.alarm_actions]) : actionNames(entry.alarm_actions);
      into.set(name, {
        name,
        cloud: "aws",
        kind: anomaly ? "anomaly" : insights ? "insights" : "metric",
        condition,
        metricCount: anomaly ? 3 : Math.max(1, metricCount),
        actions,
      });
    }
  }
  for (const alarm of values(stack, "aws_cloudwatch_composite_alarm")) {
    const entries: Array<[string, Json]> =
      alarm.for_each && typeof alarm.for_each === "object" ? Object.entries(alarm.for_each) : [[alarm.alarm_name, alarm]];
    for (const [name, entry] of entries) {
      into.set(name, {
        name,
        cloud: "aws",
        kind: "composite",
        condition: String(entry.alarm_rule ?? alarm.alarm_rule),
        metricCount: 0,
        actions: actionNames(entry.alarm_actions ?? alarm.alarm_actions),
      });
    }
  }
}

/** A release of the stack's PrometheusRule objects (`prometheus-rules-<n>`, a chart folder of the project). */
const isRuleRelease = (release: Json): boolean => String(release.name ?? "").startsWith(`${LOCAL_CHARTS.prometheusRules.release}-`);

/** The name of the project's chart a release installs (its `chart` is an asset path), if any. */
function localChartName(release: Json): string | undefined {
  if (!String(release.chart ?? "").startsWith("assets/")) return undefined;
  const name = String(release.name ?? "");
  return Object.values(LOCAL_CHARTS).find((c) => name === c.release || name.startsWith(`${c.release}-`))?.chart;
}

/** Names of the resources a list of Terraform references points at (`${type.id.attr}`), by one of their fields. */
function referencedNames(stack: Json, refs: unknown, field: (resource: Json) => unknown): string[] {
  const list = Array.isArray(refs) ? refs : refs === undefined ? [] : [refs];
  return list.map((ref) => {
    const m = String(ref).match(/^\$\{([\w-]+)\.([\w-]+)\.\w+\}$/);
    const resource = m ? stack.resource?.[m[1]]?.[m[2]] : undefined;
    return resource ? String(field(resource) ?? m?.[2]) : String(ref);
  });
}

const GOOGLE_COMPARISONS: Record<string, string> = { COMPARISON_GT: ">", COMPARISON_GE: ">=", COMPARISON_LT: "<", COMPARISON_LE: "<=" };

/** Cloud Monitoring alert policies: the condition as deployed (threshold or PromQL) and the channels notified. */
function googlePolicies(stack: Json, into: Map<string, DeployedAlarm>): void {
  for (const policy of values(stack, "google_monitoring_alert_policy")) {
    const conditions: Json[] = policy.conditions ?? [];
    const promql = conditions.some((c) => c.condition_prometheus_query_language);
    const condition = conditions
      .map((c) => {
        const t = c.condition_threshold;
        if (t) return `${GOOGLE_COMPARISONS[t.comparison] ?? t.comparison} ${t.threshold_value ?? 0} for ${t.duration}`;
        const q = c.condition_prometheus_query_language;
        // The comparison people tune, and a hash that changes with the rest of the query.
        if (q)
          return `PromQL #${hash(q.query).slice(0, 8)} ${trailingComparison(q.query) ?? ""} for ${q.duration ?? "0s"}`.replace("  ", " ");
        const a = c.condition_absent;
        if (a) return `absent for ${a.duration}`;
        return c.display_name ?? "?";
      })
      .join(` ${policy.combiner ?? "OR"} `);
    into.set(policy.display_name, {
      name: policy.display_name,
      cloud: "gcp",
      kind: promql ? "promql" : "policy",
      condition: `${condition}${policy.severity ? ` (${String(policy.severity).toLowerCase()})` : ""}`,
      metricCount: 0,
      actions: referencedNames(stack, policy.notification_channels, (c) => c.display_name),
    });
  }
}

const AZURE_OPERATORS: Record<string, string> = {
  GreaterThan: ">",
  GreaterThanOrEqual: ">=",
  LessThan: "<",
  LessThanOrEqual: "<=",
  Equal: "=",
  GreaterOrLessThan: "outside band",
  LessOrGreaterThan: "outside band",
};

/** Azure Monitor metric alerts (static and dynamic thresholds) and log search alerts, with their action groups. */
function azureAlerts(stack: Json, into: Map<string, DeployedAlarm>): void {
  const groups = (refs: unknown) => referencedNames(stack, refs, (g) => g.name);
  for (const alert of values(stack, "azurerm_monitor_metric_alert")) {
    const criteria: Json[] = alert.criteria ?? [];
    const dynamic: Json = Array.isArray(alert.dynamic_criteria) ? alert.dynamic_criteria[0] : alert.dynamic_criteria;
    const condition = dynamic
      ? `${dynamic.metric_name} ${AZURE_OPERATORS[dynamic.operator] ?? dynamic.operator} dynamic (${dynamic.alert_sensitivity} sensitivity) in ${dynamic.evaluation_failure_count ?? "?"} of ${dynamic.evaluation_total_count ?? "?"}`
      : criteria
          .map(
            (c) =>
              `${c.metric_name} ${c.aggregation} ${AZURE_OPERATORS[c.operator] ?? c.operator} ${plainThreshold(Number(c.threshold), c.metric_name)}`,
          )
          .join(" and ");
    into.set(alert.name, {
      name: alert.name,
      cloud: "azure",
      kind: dynamic ? "dynamic-alert" : "metric-alert",
      condition: `${condition} over ${alert.window_size ?? "?"} every ${alert.frequency ?? "?"} (sev ${alert.severity ?? "?"})`,
      metricCount: 0,
      actions: groups((alert.action ?? []).map((a: Json) => a.action_group_id)),
    });
  }
  for (const alert of values(stack, "azurerm_monitor_scheduled_query_rules_alert_v2")) {
    const condition = ((alert.criteria ?? []) as Json[])
      .map((c) => {
        const periods = c.failing_periods
          ? ` in ${c.failing_periods.minimum_failing_periods_to_trigger_alert} of ${c.failing_periods.number_of_evaluation_periods}`
          : "";
        return `query #${hash(String(c.query)).slice(0, 8)} ${AZURE_OPERATORS[c.operator] ?? c.operator} ${c.threshold}${periods}`;
      })
      .join(" and ");
    into.set(alert.name, {
      name: alert.name,
      cloud: "azure",
      kind: "log-alert",
      condition: `${condition} x ${alert.window_duration ?? "?"} every ${alert.evaluation_frequency ?? "?"} (sev ${alert.severity ?? "?"})`,
      metricCount: 0,
      actions: groups(alert.action?.action_groups),
    });
  }
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
  const alerts = new Map<string, DeployedAlert>();
  const alarms = new Map<string, DeployedAlarm>();
  const channels = new Set<string>();
  const retention = new Map<string, string>();
  const dashboards = new Map<string, string>();
  const charts = new Map<string, string>();
  const logGroups = new Map<string, number>();
  const routing = new Map<string, string>();

  const ruleReleases = values(stack, "helm_release").filter((r) => isRuleRelease(r));
  for (const release of values(stack, "helm_release")) {
    charts.set(localChartName(release) ?? release.chart, release.version);
    const v = helmValues(release);
    if (release.chart === "kube-prometheus-stack") {
      const config = v.alertmanager?.config;
      const routes = receiversBySeverity(config);
      for (const [severity, receivers] of routes) routing.set(severity, receivers.join(", "));
      // Prometheus rules are PrometheusRule objects of releases of their own (several as they grow).
      for (const rules of ruleReleases) rulesOf(helmValues(rules).rules, "prometheus", routes, alerts);
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
      // Loki's ruler rules live in a ConfigMap, routed by the same Alertmanager.
      for (const map of values(stack, "kubernetes_config_map_v1")) {
        if (/^loki-rules(-\d+)?$/.test(map.metadata?.name ?? ""))
          rulesOf(Object.fromEntries(Object.entries(map.data ?? {}).map(([k, t]) => [k, parse(String(t))])), "loki", routes, alerts);
      }
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
  metricAlarms(stack, alarms);
  googlePolicies(stack, alarms);
  azureAlerts(stack, alarms);
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
    alerts,
    alarms,
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
