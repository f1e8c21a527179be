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
        "`aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 20`",
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
