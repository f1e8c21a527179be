import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Lazy, Token } from "cdktf";
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
        dashboardBody: Lazy.stringValue({ produce: (context) => JSON.stringify(resolveStrings(d.body, (v) => context.resolve(v))) }),
      });
    });
  }
}

/**
 * Resolves the cdktf tokens inside a dashboard body (an ALB's ARN suffix, the account of alarm ARNs) string by
 * string, before serializing. A long JSON string full of token markers costs cdktf quadratic time to resolve (a
 * 3,000-widget body took seconds); resolved references are plain `${…}` text Terraform reads as usual.
 */
function resolveStrings(value: unknown, resolve: (token: string) => unknown, cache = new Map<string, string>()): unknown {
  if (typeof value === "string") {
    if (!Token.isUnresolved(value)) return value;
    // Resolve each token marker once (an alarm ARN's account token recurs in thousands of ARNs).
    return value.replace(/\$\{TfToken\[[\w:.-]+\]\}/g, (marker) => {
      if (!cache.has(marker)) cache.set(marker, String(resolve(marker)));
      return cache.get(marker) as string;
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveStrings(v, resolve, cache));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveStrings(v, resolve, cache)]));
  }
  return value;
}
