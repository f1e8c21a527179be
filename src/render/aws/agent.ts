import { AGENT_NAMESPACE } from "../../catalog/cloudwatch/ec2";
import { monitoringGroup } from "../../model/naming";
import type { AwsWatchSpec } from "../../spec/clouds/aws";
import { pushTo } from "../../util/push-to";
import { logRotationDocument } from "./log-rotation";

/** The CloudWatchAgentServerPolicy managed policy lets instances read only SSM parameters named like this. */
export const AGENT_PARAMETER_PREFIX = "AmazonCloudWatch-";

/** An SSM State Manager target: instances whose tag (key `tag:<name>`) has one of the values. Targets are ANDed. */
export interface AssociationTarget {
  readonly key: string;
  readonly values: readonly string[];
}

/** One group of instances wired with the same agent configuration. */
export interface AgentGroupDefinition {
  /** Stable identifier (the spec entry's name). */
  readonly id: string;
  /** SSM parameter holding the configuration; starts with `AmazonCloudWatch-`. */
  readonly parameterName: string;
  /** The agent's JSON configuration. */
  readonly config: AgentConfig;
  /** Instances that get the agent: current ones and any launched later with the same tags. At most 5. */
  readonly targets: readonly AssociationTarget[];
  /** SSM Command document (JSON) that keeps the shipped log files rotated. @default - none: the group ships no files */
  readonly logRotation?: string;
}

/** The subset of the agent's configuration file this stack writes. */
export interface AgentConfig {
  readonly agent: { readonly metrics_collection_interval: number; readonly run_as_user: string };
  readonly metrics: Record<string, unknown>;
  readonly logs?: Record<string, unknown>;
}

/** A log file the agent ships into a log group. */
interface AgentLogFile {
  readonly filePath: string;
  readonly logGroupName: string;
}

/** Name of a group's agent parameter: `AmazonCloudWatch-<env>-<group>`. */
export function agentParameterName(env: string, group: string): string {
  return `${AGENT_PARAMETER_PREFIX}${env}-${group}`;
}

/**
 * The agent configuration: memory, disk, CPU, network, the agent's and the service's processes (procstat) and the
 * log files. `dimension` is added to every metric and is the only dimension of the aggregated copies alarms watch.
 */
export function agentConfig(options: {
  readonly dimension: { readonly name: "MonitoringGroup"; readonly value: string } | { readonly name: "AutoScalingGroupName" };
  readonly processPatterns: readonly string[];
  readonly logFiles: readonly AgentLogFile[];
}): AgentConfig {
  const { dimension } = options;
  // A static dimension (MonitoringGroup) has to be added per plugin; the Auto Scaling group name is a global one.
  const perPlugin = dimension.name === "MonitoringGroup" ? { append_dimensions: { MonitoringGroup: dimension.value } } : {};
  const global: Record<string, string> = { InstanceId: "${aws:InstanceId}", InstanceType: "${aws:InstanceType}" };
  if (dimension.name === "AutoScalingGroupName") global.AutoScalingGroupName = "${aws:AutoScalingGroupName}";
  const config: AgentConfig = {
    agent: { metrics_collection_interval: 60, run_as_user: "cwagent" },
    metrics: {
      namespace: AGENT_NAMESPACE,
      append_dimensions: global,
      aggregation_dimensions: [[dimension.name]],
      metrics_collected: {
        cpu: { measurement: ["usage_active", "usage_iowait"], totalcpu: true, ...perPlugin },
        mem: { measurement: ["used_percent", "available"], ...perPlugin },
        disk: {
          measurement: ["used_percent", "inodes_free"],
          resources: ["*"],
          ignore_file_system_types: ["sysfs", "devtmpfs", "tmpfs", "overlay", "squashfs"],
          ...perPlugin,
        },
        net: { measurement: ["bytes_sent", "bytes_recv", "err_in", "err_out", "drop_in", "drop_out"], resources: ["*"], ...perPlugin },
        procstat: ["amazon-cloudwatch-agent", ...options.processPatterns].map((pattern) => ({
          pattern,
          measurement: ["cpu_usage", "memory_rss", "pid_count"],
          ...perPlugin,
        })),
      },
    },
  };
  if (options.logFiles.length === 0) return config;
  return {
    ...config,
    logs: {
      logs_collected: {
        files: {
          collect_list: options.logFiles.map((f) => ({
            file_path: f.filePath,
            log_group_name: f.logGroupName,
            log_stream_name: "{instance_id}",
            // The stack owns the group's retention and encryption; the agent must not create it with defaults.
            retention_in_days: -1,
          })),
        },
      },
    },
  };
}

/**
 * The files of the log groups of a service (or every log group's files for instances of no service), in the order of
 * the spec. The groups are indexed by owner once: a scan of every log group for each instance entry was quadratic in
 * the watched resources.
 */
function logFilesBy(logGroups: AwsWatchSpec["logGroups"]): (service: string | undefined) => AgentLogFile[] {
  const shared: number[] = [];
  const owned = new Map<string, number[]>();
  logGroups.forEach((g, i) => {
    if (g.service === undefined) shared.push(i);
    else pushTo(owned, g.service, i);
  });
  const filesOf = (i: number) => logGroups[i].files.map((filePath) => ({ filePath, logGroupName: logGroups[i].logGroupName }));
  return (service) => {
    if (service === undefined) return logGroups.flatMap((_, i) => filesOf(i));
    // The service's groups and those of no service, merged back into spec order.
    const own = owned.get(service) ?? [];
    const merged: number[] = [];
    let a = 0;
    let b = 0;
    while (a < shared.length || b < own.length)
      merged.push(b >= own.length || (a < shared.length && shared[a] < own[b]) ? shared[a++] : own[b++]);
    return merged.flatMap(filesOf);
  };
}

/**
 * Agent groups of an environment: one per EC2 tag selection (targets: its tags) and one per Auto Scaling group
 * (target: the `aws:autoscaling:groupName` tag AWS puts on every instance of the group).
 */
export function renderAgentGroups(
  env: string,
  watch: Pick<AwsWatchSpec, "ec2" | "autoScalingGroups" | "logGroups">,
): AgentGroupDefinition[] {
  // The files a group ships are also the files it rotates.
  const rotation = (group: string, files: readonly AgentLogFile[]) =>
    files.length > 0 ? { logRotation: logRotationDocument(env, group, [...new Set(files.map((f) => f.filePath))]) } : {};
  const logFilesOf = logFilesBy(watch.logGroups);
  const ec2 = watch.ec2.map((entry) => {
    const logFiles = logFilesOf(entry.service);
    return {
      id: entry.name,
      parameterName: agentParameterName(env, entry.name),
      config: agentConfig({
        dimension: { name: "MonitoringGroup", value: monitoringGroup(env, entry.name) },
        processPatterns: entry.service ? [entry.service] : [],
        logFiles,
      }),
      targets: Object.entries(entry.tags).map(([key, value]) => ({ key: `tag:${key}`, values: [value] })),
      ...rotation(entry.name, logFiles),
    };
  });
  const asg = watch.autoScalingGroups.map((group) => {
    const logFiles = logFilesOf(group.service);
    return {
      id: group.name,
      parameterName: agentParameterName(env, group.name),
      config: agentConfig({
        dimension: { name: "AutoScalingGroupName" },
        processPatterns: group.service ? [group.service] : [],
        logFiles,
      }),
      targets: [{ key: "tag:aws:autoscaling:groupName", values: [group.groupName] }],
      ...rotation(group.name, logFiles),
    };
  });
  return [...ec2, ...asg];
}

/**
 * Launch-template user data for an Auto Scaling group: installs the agent and starts it from the group's
 * parameter at boot, so instances report from their first minute (State Manager would also get there, minutes later).
 */
export function agentUserData(parameterName: string): string {
  return [
    "#!/bin/bash",
    "# CloudWatch agent, configured from SSM (generated by cdktf-monitoring-stack)",
    "set -euo pipefail",
    "if [ ! -x /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl ]; then",
    "  if command -v dnf >/dev/null; then dnf install -y amazon-cloudwatch-agent",
    "  elif command -v yum >/dev/null; then yum install -y amazon-cloudwatch-agent",
    '  else arch="$(dpkg --print-architecture)"',
    '    curl -fsSL -o /tmp/amazon-cloudwatch-agent.deb "https://amazoncloudwatch-agent.s3.amazonaws.com/ubuntu/$arch/latest/amazon-cloudwatch-agent.deb"',
    "    dpkg -i -E /tmp/amazon-cloudwatch-agent.deb",
    "  fi",
    "fi",
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:${parameterName}`,
    "",
  ].join("\n");
}
