import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Lazy, TerraformStack, TerraformVariable, Testing } from "cdktf";
import type { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { AwsAgent } from "../../modules/aws-agent";
import { AwsAlarms, type MetricAlarmDefinition } from "../../modules/aws-alarms";
import { AwsAuditTrail, renderAuditTrail } from "../../modules/aws-audit-trail";
import { AwsChatbot } from "../../modules/aws-chatbot";
import { AwsDashboard } from "../../modules/aws-dashboard";
import { AwsLogs } from "../../modules/aws-logs";
import { AwsScaling } from "../../modules/aws-scaling";
import { agentConfig } from "../../src/render/aws/agent";
import type { TerraformJson } from "../support/synth";

function synth(build: (stack: Construct) => void): TerraformJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

const all = (json: TerraformJson, kind: "resource" | "data", type: string): TerraformJson[] => Object.values(json[kind]?.[type] ?? {});
const one = (json: TerraformJson, type: string): TerraformJson => {
  const list = all(json, "resource", type);
  expect(list, type).toHaveLength(1);
  return list[0];
};
const statements = (json: TerraformJson) => all(json, "data", "aws_iam_policy_document").flatMap((d) => d.statement as TerraformJson[]);

const alarm = (name: string, over: Partial<MetricAlarmDefinition> = {}): MetricAlarmDefinition => ({
  name,
  description: `d ${name}`,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 80,
  evaluationPeriods: 5,
  datapointsToAlarm: 5,
  treatMissingData: "missing",
  source: {
    kind: "metric",
    metric: { namespace: "AWS/EC2", metricName: "CPUUtilization", dimensions: { InstanceId: "i-1" }, statistic: "Average" },
    periodSeconds: 60,
  },
  alarmActions: ["arn:aws:sns:eu-west-1:1:critical"],
  okActions: ["arn:aws:sns:eu-west-1:1:critical"],
  ...over,
});

describe("AwsAlarms", () => {
  it("creates every alarm through one for_each keyed by alarm name, with alarm and OK actions", () => {
    const json = synth((s) => {
      new AwsAlarms(s, "alarms", {
        alarms: [
          alarm("a-cpu-critical"),
          alarm("a-p99-warning", {
            source: {
              kind: "metric",
              metric: { namespace: "AWS/Lambda", metricName: "Duration", dimensions: {}, statistic: "p99" },
              periodSeconds: 60,
            },
            alarmActions: ["arn:warning"],
            okActions: ["arn:warning"],
          }),
          alarm("a-rate-warning", {
            source: {
              kind: "queries",
              queries: [
                {
                  id: "m1",
                  metric: { namespace: "N", metricName: "M", dimensions: { D: "v" }, statistic: "Sum", periodSeconds: 60 },
                  returnData: false,
                },
                { id: "e1", expression: "m1 * 2", label: "x", returnData: true },
              ],
            },
          }),
        ],
        compositeAlarms: [
          {
            name: "a-composite-critical",
            description: "c",
            rule: 'ALARM("a-cpu-critical") AND ALARM("a-rate-warning")',
            alarmNames: ["a-cpu-critical", "a-rate-warning"],
            alarmActions: ["arn:c"],
            okActions: ["arn:c"],
          },
        ],
      });
    });
    const resource = one(json, "aws_cloudwatch_metric_alarm");
    expect(Object.keys(resource.for_each).sort()).toEqual(["a-cpu-critical", "a-p99-warning", "a-rate-warning"]);
    expect(resource.alarm_name).toBe("${each.key}");
    expect(resource.for_each["a-cpu-critical"]).toMatchObject({
      namespace: "AWS/EC2",
      metric_name: "CPUUtilization",
      statistic: "Average",
      period: 60,
      threshold: 80,
      comparison_operator: "GreaterThanThreshold",
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      treat_missing_data: "missing",
      dimensions: { InstanceId: "i-1" },
    });
    expect(resource.for_each["a-p99-warning"]).toMatchObject({ extended_statistic: "p99" });
    expect(resource.for_each["a-p99-warning"].statistic).toBeUndefined();
    expect(resource.for_each["a-rate-warning"].metric_query).toEqual([
      { id: "m1", return_data: false, metric: { namespace: "N", metric_name: "M", dimensions: { D: "v" }, period: 60, stat: "Sum" } },
      { id: "e1", return_data: true, expression: "m1 * 2", label: "x" },
    ]);
    // Actions: each distinct list once in a local, alarms refer to it by key.
    const [actionsLocal] = Object.entries(json.locals as Record<string, Record<string, string[]>>);
    const [localName, lists] = actionsLocal;
    expect(resource.alarm_actions).toBe(`\${local.${localName}[each.value.alarm_actions]}`);
    expect(resource.ok_actions).toBe(`\${local.${localName}[each.value.ok_actions]}`);
    const entry = resource.for_each["a-p99-warning"];
    expect(lists[entry.alarm_actions]).toEqual(["arn:warning"]);
    expect(lists[entry.ok_actions]).toEqual(["arn:warning"]);
    expect(Object.keys(lists)).toHaveLength(2);
    expect(resource.dynamic.metric_query.for_each).toBe("${try(each.value.metric_query, [])}");
    const composite = one(json, "aws_cloudwatch_composite_alarm");
    expect(composite.for_each["a-composite-critical"]).toMatchObject({
      alarm_rule: 'ALARM("a-cpu-critical") AND ALARM("a-rate-warning")',
      alarm_actions: ["arn:c"],
    });
    expect(composite.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_metric_alarm\./)]);
  });

  it("refuses more than 5 actions per state and composites over unknown alarms", () => {
    const six = Array.from({ length: 6 }, (_, i) => `arn:${i}`);
    expect(() => synth((s) => new AwsAlarms(s, "a", { alarms: [alarm("x", { alarmActions: six })] }))).toThrow(/at most 5 per state/);
    expect(() =>
      synth(
        (s) =>
          new AwsAlarms(s, "a", {
            alarms: [],
            compositeAlarms: [{ name: "c", description: "", rule: 'ALARM("y")', alarmNames: ["y"], alarmActions: [], okActions: [] }],
          }),
      ),
    ).toThrow(/not defined here: y/);
  });
});

describe("AwsLogs", () => {
  const json = synth((s) => {
    new AwsLogs(s, "logs", {
      namePrefix: "qa",
      logGroups: [{ name: "/qa/app", retentionDays: 30 }],
      metricFilters: [
        {
          name: "qa-app-5xx",
          logGroupName: "/qa/app",
          pattern: "{ $.status >= 500 }",
          metricName: "app-5xx",
          metricNamespace: "Monitoring/qa",
          metricValue: "1",
          unit: "Count",
        },
      ],
      queries: [{ name: "qa/app/Recent errors", logGroupNames: ["/qa/app"], query: "fields @timestamp" }],
    });
  });

  it("encrypts log groups with a rotating key only CloudWatch Logs of this region and account may use", () => {
    const group = one(json, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: "/qa/app", retention_in_days: 30 });
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
    expect(one(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true });
    const logs = statements(json).find((st) => st.sid === "CloudWatchLogsEncrypts");
    expect(logs?.principals[0].identifiers).toEqual([
      expect.stringMatching(/^logs\.\$\{data\.aws_region\.[\w-]+\.region\}\.amazonaws\.com$/),
    ]);
    expect(logs?.condition).toEqual([
      {
        test: "ArnLike",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: [
          expect.stringMatching(
            /^arn:\$\{data\.aws_partition\..+\}:logs:\$\{data\.aws_region\..+\}:\$\{data\.aws_caller_identity\..+\}:log-group:\*$/,
          ),
        ],
      },
    ]);
  });

  it("creates metric filters and saved queries referring to the created group", () => {
    const filters = one(json, "aws_cloudwatch_log_metric_filter");
    expect(filters.for_each["qa-app-5xx"]).toMatchObject({ pattern: "{ $.status >= 500 }", metric_name: "app-5xx", metric_value: "1" });
    expect(filters.for_each["qa-app-5xx"].log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.name\}$/);
    const queries = one(json, "aws_cloudwatch_query_definition");
    expect(queries.for_each["qa/app/Recent errors"].query_string).toBe("fields @timestamp");
  });

  it("refuses a retention CloudWatch does not accept", () => {
    expect(() => synth((s) => new AwsLogs(s, "l", { namePrefix: "x", logGroups: [{ name: "/x", retentionDays: 10 as 14 }] }))).toThrow(
      /retention must be one of 1, 3, 5/,
    );
  });
});

describe("AwsAgent", () => {
  const config = agentConfig({ dimension: { name: "MonitoringGroup", value: "qa-web" }, processPatterns: [], logFiles: [] });
  const json = synth((s) => {
    new AwsAgent(s, "agent", {
      namePrefix: "qa-monitoring",
      groups: [{ id: "web", parameterName: "AmazonCloudWatch-qa-web", config, targets: [{ key: "tag:Role", values: ["web"] }] }],
    });
  });

  it("gives instances a role with the agent's and SSM's managed policies and an instance profile", () => {
    const arns = all(json, "resource", "aws_iam_role_policy_attachment").map((a) => String(a.policy_arn).split(":iam::aws:policy/")[1]);
    expect(arns.sort()).toEqual(["AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy"]);
    expect(one(json, "aws_iam_instance_profile").name).toBe("qa-monitoring-instance");
    expect(statements(json)[0].principals[0].identifiers).toEqual(["ec2.amazonaws.com"]);
  });

  it("stores the configuration under AmazonCloudWatch- with the agent's variables kept literal", () => {
    const parameter = one(json, "aws_ssm_parameter");
    expect(parameter.name).toBe("AmazonCloudWatch-qa-web");
    expect(parameter.value).toContain('"InstanceId":"$${aws:InstanceId}"');
    expect(JSON.parse(parameter.value.replaceAll("$${", () => "${"))).toEqual(config);
  });

  it("installs and configures the agent with State Manager on instances matching the tags", () => {
    const associations = all(json, "resource", "aws_ssm_association");
    const install = associations.find((a) => a.name === "AWS-ConfigureAWSPackage");
    const configure = associations.find((a) => a.name === "AmazonCloudWatch-ManageAgent");
    expect(install).toMatchObject({
      name: "AWS-ConfigureAWSPackage",
      parameters: { action: "Install", name: "AmazonCloudWatchAgent" },
      targets: [{ key: "tag:Role", values: ["web"] }],
    });
    expect(configure).toMatchObject({
      name: "AmazonCloudWatch-ManageAgent",
      parameters: {
        action: "configure",
        mode: "ec2",
        optionalConfigurationSource: "ssm",
        optionalConfigurationLocation: "AmazonCloudWatch-qa-web",
        optionalRestart: "yes",
      },
      targets: [{ key: "tag:Role", values: ["web"] }],
    });
  });

  it("retries the configuration until the agent is installed: configure runs on a schedule, created after install", () => {
    const resources = json.resource.aws_ssm_association as Record<string, TerraformJson>;
    const installId = Object.entries(resources).find(([, a]) => a.name === "AWS-ConfigureAWSPackage")?.[0];
    const configure = Object.values(resources).find((a) => a.name === "AmazonCloudWatch-ManageAgent");
    // State Manager runs an association without a schedule once (per instance registration): a failed first
    // configure, before the package is installed, would never be repeated.
    expect(configure?.schedule_expression).toBe("rate(30 minutes)");
    expect(configure?.depends_on).toContain(`aws_ssm_association.${installId}`);
    expect(resources[installId ?? ""].schedule_expression).toBe("rate(14 days)");
  });

  it("refuses a parameter name the managed policy cannot read", () => {
    expect(() =>
      synth(
        (s) =>
          new AwsAgent(s, "a", {
            namePrefix: "x",
            groups: [{ id: "g", parameterName: "/cw/config", config, targets: [{ key: "tag:A", values: ["b"] }] }],
          }),
      ),
    ).toThrow(/must start with "AmazonCloudWatch-"/);
  });
});

describe("AwsAuditTrail", () => {
  const { filters, alarms } = renderAuditTrail({
    env: "qa",
    logGroupName: "/aws/cloudtrail/qa-audit",
    metricNamespace: "Monitoring/qa/Audit",
    actions: () => ["arn:t"],
  });
  const json = synth((s) => new AwsAuditTrail(s, "audit", { name: "qa-audit", metricFilters: filters, alarms }));

  it("sends CloudTrail to an encrypted log group and a private, encrypted bucket", () => {
    expect(one(json, "aws_cloudtrail")).toMatchObject({ name: "qa-audit", is_multi_region_trail: true, enable_log_file_validation: true });
    expect(one(json, "aws_cloudtrail").cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\..+\.arn\}:\*$/);
    expect(one(json, "aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/cloudtrail/qa-audit", retention_in_days: 365 });
    expect(one(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(
      one(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default.sse_algorithm,
    ).toBe("aws:kms");
    const sids = statements(json).map((st) => st.sid);
    expect(sids).toEqual(
      expect.arrayContaining([
        "CloudTrailChecksAcl",
        "CloudTrailWrites",
        "DenyInsecureTransport",
        "CloudWatchLogsEncrypts",
        "CloudTrailEncryptsLogFiles",
      ]),
    );
  });

  it("lets CloudTrail decrypt with the trail's key, which the bucket's S3 Bucket Key requires (CloudTrail KMS key policy docs)", () => {
    const rule = one(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0];
    expect(rule.bucket_key_enabled).toBe(true);
    expect(rule.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    const keyPolicy = all(json, "data", "aws_iam_policy_document").find((d) =>
      (d.statement as TerraformJson[]).some((st) => st.sid === "CloudTrailEncryptsLogFiles"),
    );
    const forCloudTrail = (action: string) =>
      ((keyPolicy?.statement ?? []) as TerraformJson[]).filter(
        (st) => st.principals?.[0].identifiers.includes("cloudtrail.amazonaws.com") && st.actions.includes(action),
      );
    const [decrypt] = forCloudTrail("kms:Decrypt");
    expect(decrypt, "kms:Decrypt for cloudtrail.amazonaws.com").toBeDefined();
    // Only for this trail: aws:SourceArn is the trail's ARN.
    expect(decrypt.condition).toEqual([
      expect.objectContaining({ test: "StringEquals", variable: "aws:SourceArn", values: [expect.stringMatching(/:trail\/qa-audit$/)] }),
    ]);
    expect(forCloudTrail("kms:GenerateDataKey*")).toHaveLength(1);
    expect(forCloudTrail("kms:DescribeKey")).toHaveLength(1);
  });

  it("creates the trail after the bucket policy and the log role's policy, which CreateTrail checks", () => {
    const bucketPolicy = Object.keys(json.resource.aws_s3_bucket_policy)[0];
    const rolePolicy = Object.keys(json.resource.aws_iam_role_policy)[0];
    expect(one(json, "aws_cloudtrail").depends_on).toEqual(
      expect.arrayContaining([`aws_s3_bucket_policy.${bucketPolicy}`, `aws_iam_role_policy.${rolePolicy}`]),
    );
  });

  it("alarms on the CIS filters", () => {
    expect(Object.keys(one(json, "aws_cloudwatch_log_metric_filter").for_each).sort()).toEqual(filters.map((f) => f.name).sort());
    expect(Object.keys(one(json, "aws_cloudwatch_metric_alarm").for_each).sort()).toEqual(alarms.map((a) => a.name).sort());
  });
});

describe("AwsChatbot", () => {
  it("subscribes a Slack channel to the topics with a read-only CloudWatch role", () => {
    const json = synth(
      (s) =>
        new AwsChatbot(s, "chat", {
          name: "qa-alerts",
          slackWorkspaceId: "T0123ABCD",
          slackChannelId: "C0123ABCDEF",
          snsTopicArns: ["arn:a", "arn:b"],
        }),
    );
    expect(one(json, "aws_chatbot_slack_channel_configuration")).toMatchObject({
      configuration_name: "qa-alerts",
      slack_team_id: "T0123ABCD",
      slack_channel_id: "C0123ABCDEF",
      sns_topic_arns: ["arn:a", "arn:b"],
      guardrail_policy_arns: [expect.stringMatching(/:iam::aws:policy\/CloudWatchReadOnlyAccess$/)],
    });
    const actions = statements(json).flatMap((st) => st.actions as string[]);
    expect(actions.filter((a) => a !== "sts:AssumeRole")).toEqual(["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"]);
    expect(all(json, "resource", "aws_iam_role_policy_attachment")).toEqual([]);
  });
});

describe("AwsScaling and AwsDashboard", () => {
  it("creates target-tracking CPU policies", () => {
    const json = synth(
      (s) =>
        new AwsScaling(s, "scaling", { namePrefix: "qa", policies: [{ id: "app", autoScalingGroupName: "qa-app", targetCpuPercent: 60 }] }),
    );
    expect(one(json, "aws_autoscaling_policy")).toMatchObject({
      autoscaling_group_name: "qa-app",
      policy_type: "TargetTrackingScaling",
      target_tracking_configuration: {
        predefined_metric_specification: { predefined_metric_type: "ASGAverageCPUUtilization" },
        target_value: 60,
        disable_scale_in: false,
      },
    });
  });

  it("refuses a dashboard over 500 widgets", () => {
    const widget = { type: "text" as const, x: 0, y: 0, width: 1, height: 1, properties: { markdown: "x" } };
    expect(() =>
      synth((s) => new AwsDashboard(s, "d", { dashboards: [{ name: "big", body: { widgets: Array(501).fill(widget) } }] })),
    ).toThrow(/501 widgets; CloudWatch allows at most 500/);
    const json = synth((s) => new AwsDashboard(s, "d", { dashboards: [{ name: "ok", body: { widgets: [widget] } }] }));
    expect(JSON.parse(one(json, "aws_cloudwatch_dashboard").dashboard_body)).toEqual({ widgets: [widget] });
  });

  it("resolves the tokens inside a dashboard body's strings, escaped as JSON, once per token", () => {
    let produced = 0;
    const quoted = Lazy.stringValue({
      produce: () => {
        produced++;
        return 'say "hi" \\ bye';
      },
    });
    const json = synth((s) => {
      const account = new TerraformVariable(s, "account", { type: "string" }).stringValue;
      const widget = (i: number) => ({
        type: "alarm" as const,
        x: 0,
        y: i,
        width: 1,
        height: 1,
        properties: { alarms: [`arn:aws:cloudwatch:eu-west-1:${account}:alarm:a-${i}`], title: `${quoted} (${i})` },
      });
      new AwsDashboard(s, "d", { dashboards: [{ name: "ok", body: { widgets: [widget(0), widget(1)] } }] });
    });
    const body = JSON.parse(one(json, "aws_cloudwatch_dashboard").dashboard_body);
    expect(body.widgets.map((w: { properties: unknown }) => w.properties)).toEqual(
      [0, 1].map((i) => ({
        alarms: [`arn:aws:cloudwatch:eu-west-1:\${var.account}:alarm:a-${i}`],
        title: `say "hi" \\ bye (${i})`,
      })),
    );
    expect(produced).toBe(1);
  });
});
