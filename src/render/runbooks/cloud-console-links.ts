import { CLOUD_ALARM_WORDING } from "../../catalog/cloud-runbooks";
import type { EnvironmentSpec } from "../../spec/environment";
import type { CloudDocSection, DocumentedAlarm } from "../docs/cloud-sections";

/** The CloudWatch console of a region. */
export function cloudWatchConsole(region: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}`;
}

/**
 * The Dashboards lines of a cloud runbook page, like the Grafana links of the Prometheus pages: where a person sees the
 * page's alarms with their metrics. AWS: the CloudWatch dashboards the stack creates that show one of the page's alarms
 * (every dashboard of the environment when none does), else the alarms themselves. Google Cloud and Azure: the stacks
 * create no dashboard there, so the alerting policies and Metrics Explorer of the project, and the Azure Monitor alerts
 * of the resource groups of the page's resources and of the one the alert rules live in.
 */
export function cloudRunbookConsoleLinks(spec: EnvironmentSpec, section: CloudDocSection, alarms: readonly DocumentedAlarm[]): string[] {
  const cloud = spec.cloud;
  if (cloud?.provider === "aws") {
    const console = cloudWatchConsole(cloud.region);
    const names = new Set(alarms.map((a) => a.name));
    const all = section.dashboards ?? [];
    const showing = all.filter((d) => d.alarms.some((a) => names.has(a)));
    const boards = showing.length ? showing : all;
    if (boards.length)
      return boards.map((d) => `[CloudWatch dashboard ${d.name}](${console}#dashboards/dashboard/${encodeURIComponent(d.name)})`);
    return alarms.length
      ? alarms.map((a) => `[CloudWatch alarm ${a.name}](${console}#alarmsV2:alarm/${encodeURIComponent(a.name)})`)
      : [`[CloudWatch alarms](${console}#alarmsV2:)`];
  }
  if (cloud?.provider === "gcp") {
    const project = encodeURIComponent(cloud.project);
    return [
      `[Cloud Monitoring alerting policies of project ${cloud.project}](https://console.cloud.google.com/monitoring/alerting/policies?project=${project})`,
      `[Metrics Explorer of project ${cloud.project}](https://console.cloud.google.com/monitoring/metrics-explorer?project=${project})`,
    ];
  }
  if (cloud?.provider === "azure") {
    const watched = Object.values(cloud.watch as unknown as Readonly<Record<string, unknown>>).flatMap((list) =>
      Array.isArray(list) ? (list as ReadonlyArray<{ readonly name?: string; readonly resourceGroup?: string }>) : [],
    );
    const resources = new Set(alarms.map((a) => a.resource ?? a.name));
    const groups = [
      ...new Set(
        watched.filter((r) => r.name !== undefined && resources.has(r.name) && r.resourceGroup).map((r) => r.resourceGroup as string),
      ),
    ];
    const blade = (group: string) =>
      `https://portal.azure.com/#resource/subscriptions/${cloud.subscriptionId}/resourceGroups/${group}/alerts`;
    return [
      ...groups.filter((g) => g !== cloud.resourceGroup).map((g) => `[Azure Monitor alerts of resource group ${g}](${blade(g)})`),
      `[Azure Monitor alerts of resource group ${cloud.resourceGroup}](${blade(cloud.resourceGroup)}) (the stack's alert rules and action groups)`,
    ];
  }
  return [];
}

/**
 * The command that shows a page's alarm (the first one it lists), with the environment's region, project,
 * subscription and the resource group holding the alert rules filled in.
 */
export function cloudAlarmCommand(spec: EnvironmentSpec, alarms: readonly DocumentedAlarm[], slug: string): string {
  const cloud = spec.cloud;
  if (!cloud) return "";
  const wording = CLOUD_ALARM_WORDING[cloud.provider];
  const [first] = alarms;
  const template = first?.logSearch ? (wording.logSearchCli ?? wording.cli) : wording.cli;
  const values: Readonly<Record<string, string>> = {
    name: first?.name ?? slug,
    ...(cloud.provider === "aws" ? { region: cloud.region } : {}),
    ...(cloud.provider === "gcp" ? { project: cloud.project } : {}),
    ...(cloud.provider === "azure" ? { subscription: cloud.subscriptionId, "alert rules group": cloud.resourceGroup } : {}),
  };
  return template.replace(/<([a-z ]+)>/g, (whole, key: string) => values[key] ?? whole);
}
