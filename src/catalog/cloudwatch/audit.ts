import type { RunbookContent } from "../runbooks/types";

/** A CIS AWS Foundations Benchmark metric filter on CloudTrail events, with the alarm it feeds (critical tier, > 0). */
export interface AuditFilterPreset {
  /** Part of the metric and alarm names; never rename. */
  readonly id: string;
  readonly title: string;
  /** CIS control it implements. */
  readonly control: string;
  readonly pattern: string;
  /** Matching events per 5 minutes that raise the alarm (>=). */
  readonly threshold: number;
  readonly runbook: RunbookContent;
}

const common = {
  impact: "Possible account compromise or an unreviewed change to who can do what.",
  escalation: "At once, to the owning team below: treat it as a security incident until the change is explained.",
};

/** CIS AWS Foundations Benchmark v1.4 section 4 filters (3.x in older versions). */
export const AUDIT_FILTERS: readonly AuditFilterPreset[] = [
  {
    id: "rootAccountUse",
    title: "root account used",
    control: "CIS 4.3",
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    threshold: 1,
    runbook: {
      meaning: "Someone signed in or made API calls as the account's root user.",
      ...common,
      diagnosis: [
        'Logs Insights on the trail\'s log group: `filter userIdentity.type = "Root" | fields @timestamp, eventName, sourceIPAddress, userAgent | sort @timestamp desc`.',
        "`aws cloudtrail lookup-events --region <region> --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 20`",
      ],
      mitigation: [
        "If not expected: rotate the root password, check root MFA, delete root access keys (`aws iam list-access-keys` as root should return none).",
      ],
    },
  },
  {
    id: "iamPolicyChanges",
    title: "IAM policy changed",
    control: "CIS 4.4",
    pattern:
      "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }",
    threshold: 1,
    runbook: {
      meaning: "An IAM policy was created, changed, attached or detached.",
      ...common,
      diagnosis: [
        '`filter eventSource = "iam.amazonaws.com" and eventName like /Policy/ | fields @timestamp, eventName, userIdentity.arn, requestParameters.policyArn, requestParameters.roleName | sort @timestamp desc`',
      ],
      mitigation: ["Match the change with a reviewed deployment (Terraform plan, pull request); revert it otherwise."],
    },
  },
  {
    id: "consoleSignInFailures",
    title: "console sign-in failures",
    control: "CIS 4.6",
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    threshold: 3,
    runbook: {
      meaning: "Console sign-ins failed authentication.",
      ...common,
      diagnosis: [
        '`filter eventName = "ConsoleLogin" and errorMessage = "Failed authentication" | stats count() by userIdentity.userName, sourceIPAddress`',
      ],
      mitigation: ["Many failures from one address: brute force; check MFA on the targeted users and block the address upstream."],
    },
  },
  {
    id: "trailConfigChanges",
    title: "CloudTrail configuration changed",
    control: "CIS 4.5",
    pattern:
      "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    threshold: 1,
    runbook: {
      meaning: "A trail was created, changed, deleted, or its logging stopped or started: the audit record itself was touched.",
      impact: "Stopping or redirecting a trail is how an intruder hides what follows; events may be missing from now on.",
      escalation: common.escalation,
      diagnosis: [
        '`filter eventSource = "cloudtrail.amazonaws.com" and eventName in ["StopLogging", "DeleteTrail", "UpdateTrail", "CreateTrail", "StartLogging"] | fields @timestamp, eventName, userIdentity.arn, sourceIPAddress, requestParameters.name`',
        "`aws cloudtrail get-trail-status --region <region> --name <trail>`: `IsLogging` must be true; `aws cloudtrail describe-trails --region <region>` for where it now delivers.",
      ],
      mitigation: [
        "Not a reviewed change: `aws cloudtrail start-logging --region <region> --name <trail>`, re-apply the stack (it restores the trail's settings), and treat the principal as compromised.",
      ],
    },
  },
  {
    id: "keyDisabledOrDeleted",
    title: "KMS key disabled or scheduled for deletion",
    control: "CIS 4.7",
    pattern: "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
    threshold: 1,
    runbook: {
      meaning: "A customer-managed KMS key was disabled or scheduled for deletion.",
      impact:
        "Everything encrypted with the key becomes unreadable (disabled now; deleted for good after the waiting period): logs, alert topics, buckets.",
      escalation: common.escalation,
      diagnosis: [
        '`filter eventSource = "kms.amazonaws.com" and eventName in ["DisableKey", "ScheduleKeyDeletion"] | fields @timestamp, eventName, userIdentity.arn, requestParameters.keyId, requestParameters.pendingWindowInDays`',
        "`aws kms describe-key --region <region> --key-id <key id>`: `KeyState` and `DeletionDate`; `aws kms list-aliases --region <region> --key-id <key id>` for what it protects.",
      ],
      mitigation: [
        "Not a reviewed change: `aws kms cancel-key-deletion --region <region> --key-id <key id>` then `aws kms enable-key --region <region> --key-id <key id>` (a pending deletion can be cancelled until its date).",
      ],
    },
  },
  {
    id: "unauthorizedApiCalls",
    title: "unauthorized API calls",
    control: "CIS 4.1",
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    threshold: 5,
    runbook: {
      meaning: "API calls were denied for lack of permissions.",
      ...common,
      diagnosis: [
        "`filter errorCode like /Unauthorized|AccessDenied/ | stats count() by userIdentity.arn, eventSource, eventName | sort count() desc`",
      ],
      mitigation: ["A deploy with a missing permission: fix the role. Unknown principals probing: investigate as a compromise."],
    },
  },
];
