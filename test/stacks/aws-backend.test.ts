import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";

let stacks: Record<string, TerraformJson>;

beforeAll(() => {
  stacks = synthEnvironments(["staging", "prod"].map((name) => resolveEnvironment(BUNDLED_ENVIRONMENTS[name])));
});

/** Every alarm of a stack (all for_each entries) by name. */
function alarms(stack: TerraformJson, type = "aws_cloudwatch_metric_alarm"): Record<string, TerraformJson> {
  return Object.assign({}, ...resourcesOf(stack, type).map((r) => r.for_each));
}

describe.each(["staging", "prod"])("the %s AWS backend", (env) => {
  it("alarms on at least one resource of every AWS service, with alarm and OK actions", () => {
    const all = alarms(stacks[env]);
    const namespaces = new Set(
      Object.values(all).flatMap((a) => [
        a.namespace,
        ...(a.metric_query ?? []).map((q: TerraformJson) => q.metric?.namespace ?? q.expression),
      ]),
    );
    for (const ns of ["AWS/RDS", "AWS/ApplicationELB", "AWS/Lambda", "AWS/SQS", "AWS/AutoScaling", "CWAgent", `Monitoring/${env}`]) {
      expect(namespaces, ns).toContain(ns);
    }
    expect([...namespaces].some((n) => String(n).startsWith('SELECT MAX(CPUUtilization) FROM "AWS/EC2"'))).toBe(true);
    // Each alarm resource looks its actions up in its own local map of action lists.
    const composites = alarms(stacks[env], "aws_cloudwatch_composite_alarm");
    for (const resource of resourcesOf(stacks[env], "aws_cloudwatch_metric_alarm")) {
      const localName = String(resource.alarm_actions).match(/^\$\{local\.(.+)\[each\.value\.alarm_actions\]\}$/)?.[1] ?? "";
      const lists = (stacks[env].locals as Record<string, Record<string, string[]>>)[localName];
      for (const [name, alarm] of Object.entries(resource.for_each as Record<string, TerraformJson>)) {
        const severity = name.split("-").at(-1);
        // An anomaly band and its traffic floor notify only together, through their composite (`AboveFloor`).
        if (/Anomaly(Floor)?-warning$/.test(name)) {
          expect(lists[alarm.alarm_actions], name).toEqual([]);
          const composite = name.replace(/(Floor)?-warning$/, "AboveFloor-warning");
          expect(String(composites[composite]?.alarm_rule), name).toContain(`ALARM("${name}")`);
          continue;
        }
        // The severity's topic; prod's on-call adds the owning service's paging topic to critical alarms.
        const paging = env === "prod" && severity === "critical" ? [expect.stringContaining("topic-route-oncall-")] : [];
        expect(lists[alarm.alarm_actions], name).toEqual([expect.stringContaining(`topic-${severity}`), ...paging]);
        expect(lists[alarm.ok_actions], name).toEqual(lists[alarm.alarm_actions]);
      }
    }
    expect(Object.keys(all).length).toBeGreaterThan(40);
  });

  it("has anomaly and composite alarms, encrypted log groups, filters, queries, agent wiring, scaling and a dashboard", () => {
    const stack = stacks[env];
    const names = Object.keys(alarms(stack));
    expect(names).toContain(`${env}-checkout-public-alb-requestsAnomaly-warning`);
    expect(names).toContain(`${env}-checkout-public-alb-requestsAnomalyFloor-warning`);
    expect(Object.keys(alarms(stack, "aws_cloudwatch_composite_alarm"))).toContain(
      `${env}-checkout-public-alb-requestsAnomalyAboveFloor-warning`,
    );
    expect(Object.keys(alarms(stack, "aws_cloudwatch_composite_alarm"))).toContain(`${env}-checkout-composite-errorsWithLatency-critical`);
    for (const group of resourcesOf(stack, "aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith("/shop/"))) {
      expect(group.kms_key_id).toBeTruthy();
      expect([14, 90, 365]).toContain(group.retention_in_days);
    }
    expect(resourcesOf(stack, "aws_cloudwatch_log_metric_filter")).toHaveLength(env === "prod" ? 2 : 1);
    expect(Object.keys(resourcesOf(stack, "aws_cloudwatch_query_definition")[0].for_each)).toContain(`${env}/checkout/Recent errors`);
    expect(resourcesOf(stack, "aws_ssm_parameter").map((p) => p.name)).toContain(`AmazonCloudWatch-${env}-app-asg`);
    expect(resourcesOf(stack, "aws_ssm_association").map((a) => a.name)).toEqual(
      expect.arrayContaining(["AWS-ConfigureAWSPackage", "AmazonCloudWatch-ManageAgent"]),
    );
    expect(resourcesOf(stack, "aws_iam_instance_profile")).toHaveLength(1);
    expect(resourcesOf(stack, "aws_autoscaling_policy")[0].target_tracking_configuration.target_value).toBe(60);
    expect(resourcesOf(stack, "aws_cloudwatch_dashboard").map((d) => d.dashboard_name)).toEqual([`${env}-monitoring`]);
    expect(stack.output[`asg-app-asg-user-data`].value).toContain(`ssm:AmazonCloudWatch-${env}-app-asg`);
  });
});

describe("prod only", () => {
  it("has the audit trail and its CIS alarms", () => {
    expect(resourcesOf(stacks.prod, "aws_cloudtrail")).toHaveLength(1);
    expect(Object.keys(alarms(stacks.prod))).toContain("prod-platform-audit-trail-rootAccountUse-critical");
    expect(resourcesOf(stacks.staging, "aws_cloudtrail")).toHaveLength(0);
  });

  it("alarms when the trail is stopped or changed and when a KMS key is disabled or scheduled for deletion (CIS 4.5, 4.7)", () => {
    // One for_each resource per set of filters, keyed by filter name.
    const filters = Object.assign({}, ...resourcesOf(stacks.prod, "aws_cloudwatch_log_metric_filter").map((r) => r.for_each));
    const trail = filters["prod-audit-trailConfigChanges"];
    for (const event of ["StopLogging", "DeleteTrail", "UpdateTrail", "CreateTrail", "StartLogging"])
      expect(trail?.pattern).toContain(`($.eventName = ${event})`);
    const key = filters["prod-audit-keyDisabledOrDeleted"];
    expect(key?.pattern).toMatch(/\$\.eventSource = kms\.amazonaws\.com.*DisableKey.*ScheduleKeyDeletion/);
    for (const id of ["trailConfigChanges", "keyDisabledOrDeleted"]) {
      const alarm = alarms(stacks.prod)[`prod-platform-audit-trail-${id}-critical`];
      expect(alarm).toMatchObject({
        threshold: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        treat_missing_data: "notBreaching",
      });
    }
  });

  it("keeps the trail's files as long as its log group, write-once under S3 Object Lock in prod", () => {
    const [bucket] = resourcesOf(stacks.prod, "aws_s3_bucket").filter((b) => String(b.bucket_prefix).startsWith("prod-audit"));
    expect(bucket.object_lock_enabled).toBe(true);
    const [lock] = resourcesOf(stacks.prod, "aws_s3_bucket_object_lock_configuration");
    expect(lock.rule.default_retention).toEqual({ mode: "GOVERNANCE", days: 365 });
    expect(lock.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\./)]);
    const lifecycle = resourcesOf(stacks.prod, "aws_s3_bucket_lifecycle_configuration").find((l) =>
      String(l.bucket).includes("audit-trail_bucket"),
    );
    expect(lifecycle?.rule[0]).toMatchObject({ expiration: [{ days: 365 }], noncurrent_version_expiration: [{ noncurrent_days: 30 }] });
  });

  it("posts to Slack through AWS Chatbot on the channel's severities", () => {
    const [chatbot] = resourcesOf(stacks.prod, "aws_chatbot_slack_channel_configuration");
    expect(chatbot).toMatchObject({ configuration_name: "prod-prod-alerts", slack_channel_id: "C0123ABCDEF" });
    expect(chatbot.sns_topic_arns).toEqual([expect.stringContaining("topic-critical"), expect.stringContaining("topic-warning")]);
    expect(resourcesOf(stacks.staging, "aws_chatbot_slack_channel_configuration")).toHaveLength(0);
  });
});

describe("Alertmanager's SMS role on prod (IRSA)", () => {
  it("may publish SMS to phone numbers only: no topic or platform endpoint of any account", () => {
    const documents = Object.values(stacks.prod.data.aws_iam_policy_document as Record<string, TerraformJson>);
    const publishing = documents.filter((d) => d.statement.some((st: TerraformJson) => st.sid === "PublishSmsToPhoneNumbers"));
    expect(publishing).toHaveLength(1);
    const statements: TerraformJson[] = publishing[0].statement;
    const allows = statements.filter((st) => st.effect !== "Deny" && st.actions.includes("sns:Publish"));
    const denies = statements.filter((st) => st.effect === "Deny" && st.actions.includes("sns:Publish"));
    // Direct-to-phone publishes have no ARN ("*" is the only resource they match); every topic and endpoint is an SNS ARN.
    expect(allows.map((st) => st.resources)).toEqual([["*"]]);
    expect(denies.map((st) => st.resources)).toEqual([
      [expect.stringMatching(/^arn:\$\{data\.aws_partition\..+\.partition\}:sns:\*:\*:\*$/)],
    ]);
    expect(statements.flatMap((st) => st.actions)).toEqual(["sns:Publish", "sns:Publish"]);
  });
});
