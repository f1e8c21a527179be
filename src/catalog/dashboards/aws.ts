import type { AwsCloudSpec } from "../../spec/clouds/aws";
import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../cloudwatch/registry";
import { type AwsPanels, resourceVariable } from "./aws-panels";
import { baseDashboard } from "./common";
import { row, timeSeriesPanel } from "./panels";
import type { DashboardContext, DashboardDefinition } from "./types";

/** AWS: CloudWatch panels of every watched resource, one row per resource (repeated by Grafana, so the model stays small). */
export const awsDashboard: DashboardDefinition = {
  slug: "aws",
  title: "AWS",
  description: `CloudWatch metrics of the watched AWS resources (cloud.watch): ${Object.values(AWS_WATCH_KINDS)
    .flatMap((k) => (k.dashboard ? [k.label] : []))
    .join(", ")}, the same signals the CloudWatch alarms watch. Pick resources in the variables; each gets its row.`,
  needs: ["cloudwatch"],
  appliesTo: (spec) => spec.cloud?.provider === "aws",
  build(context) {
    return awsPanels(context, context.spec.cloud as AwsCloudSpec);
  },
};

/** The Grafana AWS dashboard's rows: each watch kind of the registry with resources adds its own. */
export function awsPanels(context: DashboardContext, cloud: AwsCloudSpec, registry: WatchKindRegistry = AWS_WATCH_KINDS) {
  const builder = baseDashboard(context, awsDashboard, ["cloudwatch"]);
  const panels: AwsPanels = {
    region: cloud.region,
    section(variable, label, entries, title) {
      builder.withVariable(resourceVariable(variable, label, entries)).withRow(row(title).repeat(variable));
    },
    chart(title, queries, unit = "short", width = 8) {
      builder.withPanel(timeSeriesPanel(title, queries, { kind: "cloudwatch", unit, width }));
    },
  };
  const watch = cloud.watch as unknown as Readonly<Record<string, readonly never[]>>;
  for (const [key, kind] of Object.entries(registry)) {
    const resources = watch[key] ?? [];
    if (resources.length > 0) kind.dashboard?.(panels, resources);
  }
  return builder;
}
