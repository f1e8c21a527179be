export { MAX_WIDGETS_PER_DASHBOARD } from "../../src/catalog/cloudwatch/dashboard-limits";
export { type DashboardGraph, type PlannedDashboard, planDashboardPages } from "../../src/plan/aws-dashboards";
export { type DashboardDefinition, type DashboardWidget, renderDashboards } from "../../src/render/aws/dashboard";
export { AwsDashboard, type AwsDashboardProps } from "./aws-dashboard";
