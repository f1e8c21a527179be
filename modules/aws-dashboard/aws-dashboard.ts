import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { MAX_WIDGETS_PER_DASHBOARD } from "../../src/catalog/cloudwatch/dashboard-limits";
import type { DashboardDefinition } from "../../src/render/aws/dashboard";

export interface AwsDashboardProps {
  /** Dashboards (see `renderDashboards`; the plan splits them at CloudWatch's limits). */
  readonly dashboards: readonly DashboardDefinition[];
}

/** CloudWatch dashboards; each must hold at most 500 widgets (CloudWatch's limit). */
export class AwsDashboard extends Construct {
  readonly dashboards: readonly CloudwatchDashboard[];

  constructor(scope: Construct, id: string, props: AwsDashboardProps) {
    super(scope, id);
    this.dashboards = props.dashboards.map((d) => {
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(d.name)) throw new Error(`dashboard name "${d.name}": letters, digits, '-' and '_' only`);
      if (d.body.widgets.length > MAX_WIDGETS_PER_DASHBOARD) {
        throw new Error(
          `dashboard "${d.name}" has ${d.body.widgets.length} widgets; CloudWatch allows at most ${MAX_WIDGETS_PER_DASHBOARD} (split it, e.g. with planDashboardPages)`,
        );
      }
      return new CloudwatchDashboard(this, d.name, {
        dashboardName: d.name,
        dashboardBody: Lazy.stringValue({ produce: (context) => resolveMarkers(JSON.stringify(d.body), (v) => context.resolve(v)) }),
      });
    });
  }
}

/**
 * The dashboard body's JSON with the cdktf tokens in its strings (an ALB's ARN suffix, the account of alarm ARNs)
 * resolved, marker by marker. A long JSON string full of token markers costs cdktf quadratic time to resolve (a
 * 3,000-widget body took seconds); resolved references are plain `${…}` text Terraform reads as usual. The markers are
 * replaced in the text, not in a copy of the body: a marker's characters need no escape in JSON, and the resolved
 * text is escaped as JSON.stringify escapes it inside a string, so the text is what stringifying a resolved copy gives.
 */
function resolveMarkers(json: string, resolve: (token: string) => unknown): string {
  if (!json.includes("${TfToken[")) return json;
  // Each marker resolved once (an alarm ARN's account token recurs in thousands of ARNs).
  const resolved = new Map<string, string>();
  return json.replace(/\$\{TfToken\[[\w:.-]+\]\}/g, (marker) => {
    let text = resolved.get(marker);
    if (text === undefined) {
      text = JSON.stringify(String(resolve(marker))).slice(1, -1);
      resolved.set(marker, text);
    }
    return text;
  });
}
