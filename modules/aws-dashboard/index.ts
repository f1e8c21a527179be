export {
  type DashboardDefinition,
  type DashboardWidget,
  MAX_WIDGETS_PER_DASHBOARD,
  renderDashboards,
} from "../../src/render/aws/dashboard";
export { AwsDashboard, type AwsDashboardProps } from "./aws-dashboard";
