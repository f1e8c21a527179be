import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsLb } from "@cdktf/provider-aws/lib/data-aws-lb";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { AwsAgent, escapeTemplate } from "../../modules/aws-agent";
import { AwsAlarms } from "../../modules/aws-alarms";
import { AwsAuditTrail } from "../../modules/aws-audit-trail";
import { AwsChatbot } from "../../modules/aws-chatbot";
import { AwsDashboard } from "../../modules/aws-dashboard";
import { AwsDevOpsGuru } from "../../modules/aws-devops-guru";
import { AwsLogs } from "../../modules/aws-logs";
import { AwsNotifications } from "../../modules/aws-notifications";
import { AwsScaling } from "../../modules/aws-scaling";
import { PLATFORM_OWNER } from "../../src/model/owner";
import { awsAlarmTargets } from "../../src/plan/aws-alarm-targets";
import { renderAwsMonitoring } from "../../src/render/aws/monitoring";
import { snsSubscriptions } from "../../src/render/aws/subscriptions";
import { oncallServices } from "../../src/render/oncall/ownership";
import { channelSeverities } from "../../src/spec/channels";
import type { AwsCloudSpec } from "../../src/spec/clouds/aws";
import { awsKubernetesCapabilities } from "./aws-kubernetes";
import type { CloudBackend, CloudContext } from "./types";

/**
 * AWS: provider, encrypted SNS topics per severity with the spec's subscriptions, and the CloudWatch side of the
 * environment: preset, anomaly and composite alarms, encrypted log groups with metric filters and saved queries,
 * the CloudWatch agent wired to instances by tag, target tracking for Auto Scaling groups, dashboards, an optional
 * audit trail and Slack through AWS Chatbot. Rendering is in src/render/aws; this file only maps it onto modules.
 */
export const awsBackend: CloudBackend<AwsCloudSpec> = {
  provider: "aws",
  // In-cluster stack: EKS access, IRSA, S3 for Loki, managed Prometheus, OpenSearch for traces (aws-kubernetes.ts).
  kubernetes: awsKubernetesCapabilities,
  // Critical alarms page the owning team through PagerDuty's Amazon CloudWatch integration (one topic per service).
  pagerdutyCloudIntegration: true,
  attach(scope: Construct, { spec, cloud, secrets, oncall }: CloudContext<AwsCloudSpec>): void {
    new AwsProvider(scope, "aws", {
      region: cloud.region,
      allowedAccountIds: cloud.accountId ? [cloud.accountId] : undefined,
      defaultTags: [{ tags: { ...cloud.tags, "monitoring:environment": spec.name, "managed-by": "cdktf-monitoring-stack" } }],
    });
    const prefix = `${spec.name}-monitoring`;
    const pagedServices = oncall ? oncallServices(spec).map((s) => s.name) : [];
    const notifications = new AwsNotifications(scope, "notifications", {
      namePrefix: prefix,
      subscriptions: snsSubscriptions(spec.channels, (ref, purpose) => secrets.expression(ref, purpose)),
      // DevOps Guru publishes its insights to the (encrypted) warning topic.
      ...(cloud.devopsGuru ? { publishers: ["cloudwatch.amazonaws.com", "devops-guru.amazonaws.com"] } : {}),
      routeTopics: pagedServices.map((service) => ({
        name: `oncall-${service}`,
        subscriptions: [
          {
            id: "pagerduty",
            protocol: "https",
            endpoint: `https://events.pagerduty.com/integration/${oncall?.cloudWatchIntegrationKey(service)}/enqueue`,
            endpointAutoConfirms: true,
          },
        ],
      })),
    });
    for (const [severity, topic] of Object.entries(notifications.topics)) {
      new TerraformOutput(scope, `alert-topic-${severity}-arn`, {
        value: topic.arn,
        description: `SNS topic for ${severity} alerts in ${spec.name}`,
      });
    }

    if (cloud.devopsGuru) {
      const guru = cloud.devopsGuru;
      new AwsDevOpsGuru(scope, "devops-guru", {
        coverage: guru.stackNames ? { stackNames: guru.stackNames } : { tagKey: guru.tagKey, tagValues: guru.tagValues ?? [spec.name] },
        topicArn: notifications.topicArn("warning"),
      });
    }

    const watch = cloud.watch;
    const hasWatched = Object.values(watch).some((list) => list.length > 0) || cloud.auditTrail !== undefined;
    if (!hasWatched) return;

    const arnSuffixes = new Map<string, string>();
    for (const lb of watch.loadBalancers) {
      if (!arnSuffixes.has(lb.loadBalancerName)) {
        arnSuffixes.set(lb.loadBalancerName, new DataAwsLb(scope, `alb-${lb.name}`, { name: lb.loadBalancerName }).arnSuffix);
      }
    }
    const account = new DataAwsCallerIdentity(scope, "alarm-account").accountId;
    const partition = new DataAwsPartition(scope, "alarm-partition").partition;
    // One token per topic: every `topic.arn` read creates a token (with a captured stack trace), which thousands
    // of alarms would pay for twice each.
    const actions = new Map(Object.entries(notifications.topics).map(([severity, topic]) => [severity, [topic.arn]]));
    const pages = new Map([...notifications.routeTopics].map(([name, topic]) => [name, topic.arn]));
    const pageFor = (service: string) => pages.get(`oncall-${service}`) ?? pages.get(`oncall-${PLATFORM_OWNER}`);
    const artifacts = renderAwsMonitoring(spec, cloud, {
      actions: (severity, service) => {
        const targets = awsAlarmTargets(severity, service, oncall !== undefined);
        const topics = actions.get(targets.topic) ?? [notifications.topicArn(targets.topic)];
        const page = targets.page ? pageFor(targets.page) : undefined;
        return page ? [...topics, page] : topics;
      },
      albArnSuffix: (name) => arnSuffixes.get(name) ?? name,
      alarmArn: (name) => `arn:${partition}:cloudwatch:${cloud.region}:${account}:alarm:${name}`,
    });

    new AwsAlarms(scope, "alarms", { alarms: artifacts.alarms, compositeAlarms: artifacts.compositeAlarms });
    if (artifacts.logGroups.length > 0) {
      new AwsLogs(scope, "logs", {
        namePrefix: prefix,
        logGroups: artifacts.logGroups,
        metricFilters: artifacts.metricFilters,
        queries: artifacts.queries,
      });
    }
    if (artifacts.agentGroups.length > 0) {
      const agent = new AwsAgent(scope, "agent", { namePrefix: prefix, groups: artifacts.agentGroups });
      new TerraformOutput(scope, "instance-profile-name", {
        value: agent.instanceProfile.name,
        description: "Instance profile for monitored instances (CloudWatch agent and SSM)",
      });
    }
    for (const [group, userData] of Object.entries(artifacts.userData)) {
      new TerraformOutput(scope, `asg-${group}-user-data`, {
        // Escaped: the script is literal text for launch templates, not a Terraform template.
        value: escapeTemplate(userData),
        description: `Launch-template user data that starts the CloudWatch agent on instances of ${group}`,
      });
    }
    if (artifacts.scaling.length > 0) new AwsScaling(scope, "scaling", { namePrefix: prefix, policies: artifacts.scaling });
    if (artifacts.dashboards.length > 0) new AwsDashboard(scope, "dashboards", { dashboards: artifacts.dashboards });
    if (artifacts.audit) {
      new AwsAuditTrail(scope, "audit-trail", {
        name: artifacts.audit.name,
        retentionDays: artifacts.audit.retentionDays,
        multiRegion: artifacts.audit.multiRegion,
        objectLock: artifacts.audit.objectLock,
        metricFilters: artifacts.audit.metricFilters,
        alarms: artifacts.audit.alarms,
      });
    }
    for (const channel of spec.channels) {
      if (channel.type !== "slack" || !channel.chatbot) continue;
      new AwsChatbot(scope, `chatbot-${channel.name}`, {
        name: `${spec.name}-${channel.name}`,
        slackWorkspaceId: channel.chatbot.workspaceId,
        slackChannelId: channel.chatbot.channelId,
        snsTopicArns: channelSeverities(channel).map((severity) => notifications.topicArn(severity)),
      });
    }
  },
};
