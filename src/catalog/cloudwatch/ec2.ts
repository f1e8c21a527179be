import type { z } from "zod";
import type { ec2WatchSchema } from "../../spec/clouds/aws-watch";
import { ALARM_INTENTS } from "../alarm-intents";
import { COMMON_PRESETS } from "../common-presets";
import { type AwsDashboardRows, insights } from "../dashboards/aws-panels";
import type { RunbookFacts } from "../runbooks/types";
import { type CloudWatchPreset, insightsTagFilter } from "./types";

/**
 * EC2 instances selected by tags. `monitoringGroup` is the value of the `MonitoringGroup` dimension the CloudWatch
 * agent adds to its metrics on these instances (`<env>-<name>`, see the agent configuration).
 */
export type Ec2Resource = z.output<typeof ec2WatchSchema> & { readonly monitoringGroup: string };

/**
 * Runbook facts of tagged instances: their monitoring group and the filters that list them (`<instance-id>` stays: which
 * of them is the one to look at is read from the alarm or that list).
 */
export function ec2RunbookFacts(r: Ec2Resource): RunbookFacts {
  const filters = Object.entries(r.tags)
    .map(([key, value]) => `'Name=tag:${key},Values=${value}'`)
    .join(" ");
  return { group: r.monitoringGroup, "tag-filters": filters };
}

/** CloudWatch agent namespace (memory, disk, processes: the hypervisor cannot see inside the guest). */
export const AGENT_NAMESPACE = "CWAgent";

/**
 * EC2 metrics are queried with Metrics Insights by tag, so instances launched later with the same tags are covered
 * without touching the alarm (needs "resource tags on telemetry" turned on in the account's CloudWatch settings).
 */
export const EC2_PRESETS: readonly CloudWatchPreset<Ec2Resource>[] = [
  {
    ...COMMON_PRESETS.vmCpu,
    source: (r) => ({
      kind: "insights",
      label: "highest CPU % of the tagged instances",
      query: `SELECT MAX(CPUUtilization) FROM "AWS/EC2" WHERE ${insightsTagFilter(r.tags)}`,
    }),
    periodSeconds: 60,
    // No instance running yields no data: INSUFFICIENT_DATA, neither a page nor a false OK.
    treatMissingData: "missing",
    diagnosis: [
      "Which instance: `aws cloudwatch get-metric-data --region <region>` with the alarm's query, or the console's Metrics Insights tab grouped by InstanceId.",
      "The tagged instances: `aws ec2 describe-instances --region <region> --filters <tag-filters> --query 'Reservations[].Instances[].[InstanceId,State.Name,LaunchTime]' --output text`.",
      "On the instance (Session Manager: `aws ssm start-session --region <region> --target <instance-id>`): `top -o %CPU`, `pidstat 5 3`.",
      "Process CPU from the agent (procstat): `SELECT MAX(procstat_cpu_usage) FROM CWAgent GROUP BY exe ORDER BY MAX() DESC LIMIT 10`.",
    ],
  },
  {
    id: "statusCheck",
    intent: ALARM_INTENTS.vmStatusCheck,
    source: (r) => ({
      kind: "insights",
      label: "status checks failed on the tagged instances",
      query: `SELECT MAX(StatusCheckFailed) FROM "AWS/EC2" WHERE ${insightsTagFilter(r.tags)}`,
    }),
    periodSeconds: 60,
    // Stopped or terminated instances stop reporting; that is not a failed check.
    treatMissingData: "notBreaching",
    diagnosis: [
      "`aws ec2 describe-instances --region <region> --filters <tag-filters> 'Name=instance-state-name,Values=running' --query 'Reservations[].Instances[].InstanceId' --output text | xargs aws ec2 describe-instance-status --region <region> --include-all-instances --query 'InstanceStatuses[].[InstanceId,SystemStatus.Status,InstanceStatus.Status]' --output text --instance-ids`",
      "`aws ec2 describe-instance-status --region <region> --filters Name=system-status.status,Values=impaired`: a system check failure is AWS hardware; an instance check failure is the guest (kernel, network config, full disk).",
      "Console output: `aws ec2 get-console-output --region <region> --instance-id <instance-id> --latest --output text`.",
    ],
    mitigation: [
      "`aws ec2 stop-instances --region <region> --instance-ids <instance-id>` then `start-instances` (not reboot) to move off failed hardware.",
    ],
  },
  {
    ...COMMON_PRESETS.vmMemory,
    source: (r) => ({
      kind: "metric",
      metric: {
        namespace: "CWAgent",
        metricName: "mem_used_percent",
        dimensions: { MonitoringGroup: r.monitoringGroup },
        statistic: "Maximum",
      },
    }),
    periodSeconds: 60,
    // Agent silence shows as INSUFFICIENT_DATA (the agent dashboard widget shows which instance stopped reporting).
    treatMissingData: "missing",
    diagnosis: [
      "Per instance: `SELECT MAX(mem_used_percent) FROM SCHEMA(CWAgent, InstanceId, MonitoringGroup) WHERE MonitoringGroup = '<group>' GROUP BY InstanceId`.",
      "On the instance: `free -m`, `ps aux --sort=-rss | head`, `journalctl -k | grep -i oom`.",
      "Per process (procstat): `SELECT MAX(procstat_memory_rss) FROM CWAgent GROUP BY exe ORDER BY MAX() DESC LIMIT 10`.",
    ],
  },
  {
    ...COMMON_PRESETS.vmDisk,
    source: (r) => ({
      kind: "metric",
      metric: {
        namespace: "CWAgent",
        metricName: "disk_used_percent",
        dimensions: { MonitoringGroup: r.monitoringGroup },
        statistic: "Maximum",
      },
    }),
    periodSeconds: 300,
    treatMissingData: "missing",
    diagnosis: [
      "Which disk: `SELECT MAX(disk_used_percent) FROM SCHEMA(CWAgent, InstanceId, MonitoringGroup, path, device, fstype) WHERE MonitoringGroup = '<group>' GROUP BY InstanceId, path`.",
      "On the instance: `df -h`, `sudo du -xh / --max-depth=2 | sort -h | tail -20`, `journalctl --disk-usage`.",
    ],
    mitigation: [
      "`aws ec2 modify-volume --region <region> --volume-id <vol> --size <GiB>` then `sudo growpart` and `resize2fs`/`xfs_growfs`.",
    ],
  },
];

/** Grafana rows: CPU, status checks and network of the tagged instances. */
export const EC2_DASHBOARD: AwsDashboardRows<z.output<typeof ec2WatchSchema>> = (p, groups) => {
  p.section(
    "ec2",
    "EC2 groups",
    groups.map((g) => [g.name, insightsTagFilter(g.tags)]),
    "EC2 ${ec2:text}",
  );
  const select = (stat: string, name: string) =>
    `SELECT ${stat}(${name}) FROM SCHEMA("AWS/EC2", InstanceId) WHERE $ec2 GROUP BY InstanceId`;
  p.chart("CPU", [insights(p.region, select("MAX", "CPUUtilization"), "${LABEL}")], "percent");
  p.chart("Status check failed", [insights(p.region, select("MAX", "StatusCheckFailed"), "${LABEL}")]);
  p.chart("Network out", [insights(p.region, select("SUM", "NetworkOut"), "${LABEL}")], "bytes");
};
