/**
 * CloudWatch dashboards as the stack builds them: the service's limits and the sizes of the widgets. The plan decides
 * from them which dashboard shows each alarm (src/plan/aws-dashboards.ts); the renderer lays the widgets out on those
 * dashboards (src/render/aws/dashboard.ts). Limits: the CloudWatch service quotas and the dashboard body structure
 * (Amazon CloudWatch User Guide, "CloudWatch service quotas"; API Reference, "Dashboard Body Structure and Syntax").
 */

/** CloudWatch's limit of widgets per dashboard. */
export const MAX_WIDGETS_PER_DASHBOARD = 500;
/** Alarms one alarm-status widget lists (CloudWatch's limit per widget). */
export const MAX_ALARMS_PER_WIDGET = 100;
/** CloudWatch quotas: at most 2,500 metrics per dashboard, across all widgets. */
export const MAX_METRICS_PER_DASHBOARD = 2_500;
/**
 * Budget for a dashboard body's JSON. The API reference publishes no size for DashboardBody, so dashboards split well
 * before anything CloudWatch could reject (a full 500-widget page of this renderer is 250-360 kB).
 */
export const MAX_DASHBOARD_BODY_CHARACTERS = 500_000;

/** Columns of the dashboard grid. */
export const DASHBOARD_COLUMNS = 24;
/** A graph of one preset on one resource, its tiers as annotations: three to a row. */
export const GRAPH_WIDGET = { width: 8, height: 6 } as const;
/** An alarm-status widget (up to MAX_ALARMS_PER_WIDGET alarms): a row of its own. */
export const ALARM_STATUS_WIDGET = { width: DASHBOARD_COLUMNS, height: 6 } as const;

/**
 * Body characters a graph takes besides its title, region and metric rows: type, position, size, view, period and
 * the tiers' annotations (the renderer's take at most 225; test/plan/aws-dashboards.test.ts checks the bound).
 */
export const GRAPH_FRAME_CHARACTERS = 300;
/** Body characters a metric row takes besides its source's text: statistic, id, period, visibility. */
export const METRIC_ROW_CHARACTERS = 60;
/** Body characters an alarm-status widget takes besides its alarms' ARNs. */
export const ALARM_STATUS_FRAME_CHARACTERS = 200;
/**
 * Body characters of an alarm's ARN besides its name and region (`arn:<partition>:cloudwatch:<region>:<account>:alarm:`),
 * with room for the Terraform references that stand for the partition and the account in the synthesized body.
 */
export const ALARM_ARN_CHARACTERS = 120;
