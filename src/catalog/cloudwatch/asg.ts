import type { z } from "zod";
import type { autoScalingGroupWatchSchema } from "../../spec/clouds/aws-watch";
import { ALARM_INTENTS } from "../alarm-intents";
import type { CloudWatchPreset } from "./types";

type AsgResource = z.output<typeof autoScalingGroupWatchSchema>;

const group = (r: AsgResource) => ({ AutoScalingGroupName: r.groupName });

/**
 * Auto Scaling groups. The capacity preset needs group metrics collection on the group
 * (`aws autoscaling enable-metrics-collection --granularity 1Minute`); memory and disk come from the CloudWatch agent
 * the stack installs on the group's instances (aggregated by AutoScalingGroupName).
 */
export const ASG_PRESETS: readonly CloudWatchPreset<AsgResource>[] = [
  {
    id: "cpu",
    intent: ALARM_INTENTS.groupCpu,
    source: (r) => ({
      kind: "metric",
      metric: { namespace: "AWS/EC2", metricName: "CPUUtilization", dimensions: group(r), statistic: "Average" },
    }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "Is scaling stuck at the maximum? `aws autoscaling describe-auto-scaling-groups --region <region> --auto-scaling-group-names <group> --query 'AutoScalingGroups[0].[DesiredCapacity,MaxSize]'`",
      "Recent scaling: `aws autoscaling describe-scaling-activities --region <region> --auto-scaling-group-name <group> --max-items 10`.",
      'Busiest instances: `SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) GROUP BY InstanceId ORDER BY MAX() DESC LIMIT 10`.',
    ],
    mitigation: ["`aws autoscaling update-auto-scaling-group --region <region> --auto-scaling-group-name <group> --max-size <n>`"],
  },
  {
    id: "capacity",
    intent: ALARM_INTENTS.groupCapacity,
    source: (r) => ({
      kind: "math",
      label: "desired minus in-service instances",
      expression: "m1 - m2",
      metrics: {
        m1: { namespace: "AWS/AutoScaling", metricName: "GroupDesiredCapacity", dimensions: group(r), statistic: "Average" },
        m2: { namespace: "AWS/AutoScaling", metricName: "GroupInServiceInstances", dimensions: group(r), statistic: "Average" },
      },
    }),
    periodSeconds: 60,
    // Without group metrics collection there is no data: INSUFFICIENT_DATA points at the missing setting.
    treatMissingData: "missing",
    diagnosis: [
      "`aws autoscaling describe-scaling-activities --region <region> --auto-scaling-group-name <group> --max-items 5 --query 'Activities[].[StatusCode,StatusMessage]'`",
      "Common causes: InsufficientInstanceCapacity in a zone, vCPU quota (`aws service-quotas get-service-quota --region <region> --service-code ec2 --quota-code L-1216C47A`), a deleted AMI or launch template version, subnets out of IPs.",
    ],
  },
  {
    id: "memory",
    intent: ALARM_INTENTS.groupMemory,
    source: (r) => ({
      kind: "metric",
      metric: { namespace: "CWAgent", metricName: "mem_used_percent", dimensions: group(r), statistic: "Maximum" },
    }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "`SELECT MAX(mem_used_percent) FROM SCHEMA(CWAgent, AutoScalingGroupName, InstanceId) WHERE AutoScalingGroupName = '<group>' GROUP BY InstanceId`",
    ],
  },
  {
    id: "disk",
    intent: ALARM_INTENTS.groupDisk,
    source: (r) => ({
      kind: "metric",
      metric: { namespace: "CWAgent", metricName: "disk_used_percent", dimensions: group(r), statistic: "Maximum" },
    }),
    periodSeconds: 300,
    treatMissingData: "missing",
    diagnosis: [
      "`SELECT MAX(disk_used_percent) FROM SCHEMA(CWAgent, AutoScalingGroupName, InstanceId, path, device, fstype) WHERE AutoScalingGroupName = '<group>' GROUP BY InstanceId, path`",
    ],
  },
];
