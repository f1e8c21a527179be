import type { z } from "zod";
import type { ecsServiceWatchSchema } from "../../spec/clouds/aws-watch";
import type { AlarmIntent } from "../alarm-intents";
import { type AwsDashboardRows, expression } from "../dashboards/aws-panels";
import type { RunbookFacts } from "../runbooks/types";
import type { AwsKindPrerequisite } from "./registry";
import { type CloudWatchPreset, resourceMetric } from "./types";

type EcsResource = z.output<typeof ecsServiceWatchSchema>;

/** Runbook facts of a service: its cluster and name; the task definition and stopped tasks are looked up. */
export function ecsRunbookFacts(r: EcsResource): RunbookFacts {
  const service = `--cluster ${r.clusterName}`;
  return {
    cluster: r.clusterName,
    service: r.serviceName,
    // describe-task-definition takes the ARN describe-services returns.
    family: `$(aws ecs describe-services --region <region> ${service} --services ${r.serviceName} --query 'services[0].taskDefinition' --output text)`,
    arns: `$(aws ecs list-tasks --region <region> ${service} --service-name ${r.serviceName} --desired-status STOPPED --query 'taskArns[:5]' --output text)`,
  };
}

/**
 * Service utilisation is in AWS/ECS (free, every launch type); task counts are in ECS/ContainerInsights (only with
 * Container Insights on the cluster). Both by ClusterName and ServiceName: the Amazon ECS developer guide, "Amazon ECS
 * CloudWatch metrics", "Amazon ECS service utilization metrics" and the Container Insights metrics for Amazon ECS.
 */
const serviceDimensions = (r: EcsResource) => ({ ClusterName: r.clusterName, ServiceName: r.serviceName });
const service = resourceMetric<EcsResource>("AWS/ECS", serviceDimensions);
const insights = resourceMetric<EcsResource>("ECS/ContainerInsights", serviceDimensions);

const INTENTS = {
  cpu: {
    category: "instanceGroup",
    signal: "cpuUtilization",
    title: "CPU utilisation",
    meaning: "The service's tasks use most of the CPU their task definition reserves (average over its tasks).",
    impact: "Requests slow down; with a hard CPU limit the tasks are throttled.",
    mitigation: [
      "Scale out (desired count, or the service's auto-scaling maximum).",
      "Raise the task definition's CPU; roll back a release that made a hot path slower.",
    ],
  },
  memory: {
    category: "instanceGroup",
    signal: "memoryUtilization",
    title: "memory utilisation",
    meaning: "The service's tasks use most of the memory their task definition reserves (average over its tasks).",
    impact: "A container reaching its hard memory limit is killed (OutOfMemoryError) and its task replaced; requests in flight fail.",
    mitigation: ["Raise the task definition's memory; look for a leak in the latest release.", "Scale out to spread the load."],
  },
  tasks: {
    category: "instanceGroup",
    signal: "capacityShortfall",
    title: "running tasks below desired",
    meaning: "Fewer tasks run than the service wants: tasks fail to start, fail health checks or stop.",
    impact: "Less capacity than planned; with no task running the service is down.",
    mitigation: [
      "Read the service events and the stopped tasks' reasons; fix the image, secrets or health check they name.",
      "Roll back to the last task definition revision that ran.",
    ],
    escalation: "Page the owning team at once when no task runs.",
  },
} as const satisfies Record<string, AlarmIntent>;

/** ECS services: CPU and memory utilisation against the task definition, and running tasks below desired. */
export const ECS_PRESETS: readonly CloudWatchPreset<EcsResource>[] = [
  {
    id: "cpu",
    intent: INTENTS.cpu,
    source: (r) => ({ kind: "metric", metric: service(r, "CPUUtilization", "Average") }),
    periodSeconds: 60,
    // ECS publishes nothing while the service has no running task: the tasks alarm says so.
    treatMissingData: "missing",
    diagnosis: [
      "Per task (Container Insights): `SELECT AVG(CpuUtilized) FROM SCHEMA(\"ECS/ContainerInsights\", ClusterName, TaskDefinitionFamily) WHERE ClusterName = '<cluster>' GROUP BY TaskDefinitionFamily`.",
      "Task definition limits: `aws ecs describe-task-definition --region <region> --task-definition <family> --query 'taskDefinition.[cpu,memory,containerDefinitions[].[name,cpu,memory]]'`.",
    ],
  },
  {
    id: "memory",
    intent: INTENTS.memory,
    source: (r) => ({ kind: "metric", metric: service(r, "MemoryUtilization", "Average") }),
    periodSeconds: 60,
    treatMissingData: "missing",
    diagnosis: [
      "Tasks stopped for memory: `aws ecs list-tasks --region <region> --cluster <cluster> --service-name <service> --desired-status STOPPED`, then `aws ecs describe-tasks --region <region> --cluster <cluster> --tasks <arns> --query 'tasks[].[stoppedReason,containers[].reason]'` (OutOfMemoryError).",
    ],
  },
  {
    id: "tasks",
    intent: INTENTS.tasks,
    appliesTo: (r) => r.containerInsights,
    source: (r) => ({
      kind: "math",
      expression: "m1 - m2",
      label: "desired minus running tasks",
      metrics: {
        m1: insights(r, "DesiredTaskCount", "Average"),
        m2: insights(r, "RunningTaskCount", "Average"),
      },
    }),
    periodSeconds: 60,
    // Container Insights reports the counts every minute; no data means it is off or the service is gone.
    treatMissingData: "breaching",
    diagnosis: [
      "Service events: `aws ecs describe-services --region <region> --cluster <cluster> --services <service> --query 'services[0].[desiredCount,runningCount,pendingCount,events[:5]]'`.",
      "Why tasks stopped: `aws ecs describe-tasks --region <region> --cluster <cluster> --tasks $(aws ecs list-tasks --region <region> --cluster <cluster> --service-name <service> --desired-status STOPPED --query 'taskArns[:5]' --output text) --query 'tasks[].[stoppedReason,containers[].[name,exitCode,reason]]'`.",
      "Deployments (circuit breaker, rollbacks): `aws ecs describe-services --region <region> --cluster <cluster> --services <service> --query 'services[0].deployments'`.",
    ],
  },
];

/** Container Insights must be on for the task-count alarm; CPU and memory need nothing. */
export function ecsPrerequisites(r: EcsResource, region: string): readonly AwsKindPrerequisite[] {
  if (!r.containerInsights) return [];
  return [
    {
      name: `ecs-container-insights:${r.clusterName}`,
      why: `cloud.watch.ecsServices[${r.name}]: the running-vs-desired tasks alarm reads Container Insights, which must be on for cluster ${r.clusterName} (aws ecs update-cluster-settings --region ${region} --cluster ${r.clusterName} --settings name=containerInsights,value=enabled)`,
      check: `aws ecs describe-clusters --clusters '${r.clusterName}' --include SETTINGS --region ${region} --query "clusters[0].settings[?name=='containerInsights'].value" --output text | grep -Eqx 'enabled|enhanced'`,
    },
  ];
}

/** Grafana rows: utilisation and task counts, found by service name (the cluster is the other dimension). */
export const ECS_DASHBOARD: AwsDashboardRows<EcsResource> = (p, services) => {
  p.section(
    "ecs",
    "ECS services",
    services.map((s) => [s.name, s.serviceName]),
    "ECS ${ecs}",
  );
  const bySearch = (namespace: string, metricName: string, stat: string) =>
    expression(
      p.region,
      `SEARCH('{${namespace},ClusterName,ServiceName} MetricName="${metricName}" ServiceName="$ecs"', '${stat}', 60)`,
      `${metricName} \${PROP('Dim.ClusterName')}`,
    );
  p.chart(
    "CPU / memory utilisation",
    [bySearch("AWS/ECS", "CPUUtilization", "Average"), bySearch("AWS/ECS", "MemoryUtilization", "Average")],
    "percent",
    12,
  );
  p.chart(
    "Running / desired tasks (Container Insights)",
    [bySearch("ECS/ContainerInsights", "RunningTaskCount", "Average"), bySearch("ECS/ContainerInsights", "DesiredTaskCount", "Average")],
    "short",
    12,
  );
};
