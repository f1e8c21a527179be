import { helmReleaseNameProblem } from "./helm-names";

/**
 * The name rules of what the stack creates, per Terraform resource type and argument: what the provider (or, where the
 * provider leaves it to the API, the cloud's API) accepts. Validation checks every name the stack generates from spec
 * names against these, so a long environment or service name fails in `validate`, naming its field, not at apply.
 * Sources: hashicorp/aws 5.x validation funcs (sns topic CustomizeDiff, iam validRolePolicyName, logs
 * validLogGroupName, kms validNameForResource, s3 validBucketName), hashicorp/google and azurerm validation funcs,
 * and the clouds' API references where the provider does not validate.
 */
export interface NameRule {
  /** What the name names, for messages ("SNS topic"). */
  readonly what: string;
  /** Who rejects it ("SNS", "Helm"). */
  readonly owner: string;
  readonly min?: number;
  readonly max: number;
  /** Allowed shape, beyond the length. */
  readonly pattern?: RegExp;
  /** The pattern in words, for messages. */
  readonly shape?: string;
  /** A further rule (reserved prefixes, bucket rules): why the name is refused, or undefined. */
  readonly check?: (name: string) => string | undefined;
}

const rule = (what: string, owner: string, max: number, pattern?: RegExp, shape?: string, min = 1): NameRule => ({
  what,
  owner,
  max,
  min,
  pattern,
  shape,
});

const IAM_NAME = /^[\w+=,.@-]+$/;
const IAM_SHAPE = "letters, digits and _+=,.@-";

/** Name rules by resource type, then argument (`metadata.name` reads a nested block). */
export const NAME_RULES: Readonly<Record<string, Readonly<Record<string, NameRule>>>> = {
  aws_sns_topic: {
    name: {
      ...rule(
        "SNS topic",
        "SNS",
        256,
        /^[0-9A-Za-z_-]{1,256}$|^[0-9A-Za-z_-]{1,251}\.fifo$/,
        "letters, digits, '_' and '-' (FIFO topics end in .fifo)",
      ),
    },
  },
  aws_cloudwatch_log_group: {
    name: {
      ...rule("CloudWatch log group", "CloudWatch Logs", 512, /^[0-9A-Za-z_./#-]+$/, "letters, digits and _./#-"),
      check: logGroupReserved,
    },
  },
  aws_cloudwatch_metric_alarm: { alarm_name: rule("CloudWatch alarm", "CloudWatch", 255) },
  aws_cloudwatch_composite_alarm: { alarm_name: rule("CloudWatch composite alarm", "CloudWatch", 255) },
  aws_cloudwatch_dashboard: {
    dashboard_name: rule("CloudWatch dashboard", "CloudWatch", 255, /^[A-Za-z0-9_-]+$/, "letters, digits, '_' and '-'"),
  },
  aws_cloudwatch_log_metric_filter: { name: rule("log metric filter", "CloudWatch Logs", 512, /^[^:*]+$/, "no ':' or '*'") },
  aws_cloudwatch_query_definition: { name: rule("Logs Insights query definition", "CloudWatch Logs", 255) },
  aws_iam_role: { name: rule("IAM role", "IAM", 64, IAM_NAME, IAM_SHAPE) },
  aws_iam_role_policy: { name: rule("IAM role policy", "IAM", 128, IAM_NAME, IAM_SHAPE) },
  aws_iam_policy: { name: rule("IAM policy", "IAM", 128, IAM_NAME, IAM_SHAPE) },
  aws_iam_instance_profile: { name: rule("IAM instance profile", "IAM", 128, IAM_NAME, IAM_SHAPE) },
  aws_kms_alias: {
    name: {
      ...rule("KMS alias", "KMS", 256, /^alias\/[0-9A-Za-z_/-]+$/, "'alias/' then letters, digits and _/-"),
      check: (name) => (name.startsWith("alias/aws/") ? "the prefix alias/aws/ is reserved for AWS managed keys" : undefined),
    },
  },
  aws_ssm_association: {
    association_name: rule("SSM association", "SSM", 128, /^[a-zA-Z0-9_.-]{3,128}$/, "3 or more letters, digits and _.-", 3),
  },
  aws_ssm_parameter: { name: rule("SSM parameter", "SSM", 1011, /^[a-zA-Z0-9_.\-/]+$/, "letters, digits and _.-/") },
  aws_ssm_document: { name: rule("SSM document", "SSM", 128, /^[a-zA-Z0-9_.-]{3,128}$/, "3 or more letters, digits and _.-", 3) },
  aws_cloudwatch_event_rule: { name: rule("EventBridge rule", "EventBridge", 64, /^[.\-_A-Za-z0-9]+$/, "letters, digits and ._-") },
  aws_autoscaling_policy: { name: rule("scaling policy", "Auto Scaling", 255) },
  aws_cloudtrail: {
    name: rule(
      "CloudTrail trail",
      "CloudTrail",
      128,
      /^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/,
      "letters, digits and ._-, starting and ending with a letter or digit",
      3,
    ),
  },
  aws_chatbot_slack_channel_configuration: {
    configuration_name: rule("Chatbot configuration", "AWS Chatbot", 128, /^[A-Za-z0-9_-]+$/, "letters, digits, '_' and '-'"),
  },
  aws_opensearch_domain: {
    domain_name: rule(
      "OpenSearch domain",
      "OpenSearch",
      28,
      /^[a-z][0-9a-z-]{2,27}$/,
      "a lower-case letter, then lower-case letters, digits and '-'",
      3,
    ),
  },
  aws_prometheus_workspace: { alias: rule("Managed Prometheus workspace alias", "Amazon Managed Prometheus", 100) },
  aws_s3_bucket: {
    bucket: { ...rule("S3 bucket", "S3", 63, undefined, undefined, 3), check: s3BucketNameProblem },
    // Terraform appends 26 characters (a timestamp and counter) to a prefix.
    bucket_prefix: { ...rule("S3 bucket prefix", "S3", 37), check: (prefix) => s3BucketNameProblem(`${prefix}20261130095400000000000001`) },
  },
  google_storage_bucket: {
    name: { ...rule("Cloud Storage bucket", "Cloud Storage", 222, undefined, undefined, 3), check: gcsBucketNameProblem },
  },
  google_service_account: {
    account_id: rule(
      "service account id",
      "IAM",
      30,
      /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/,
      "6-30 lower-case letters, digits and '-', starting with a letter",
      6,
    ),
  },
  google_logging_metric: {
    name: rule("log-based metric", "Cloud Logging", 100, /^[A-Za-z0-9_\-.,+!*',()%/\\]+$/, "letters, digits and _-.,+!*'()%/\\"),
  },
  google_monitoring_alert_policy: { display_name: rule("alert policy display name", "Cloud Monitoring", 512) },
  google_monitoring_notification_channel: { display_name: rule("notification channel display name", "Cloud Monitoring", 512) },
  google_os_config_os_policy_assignment: {
    name: rule(
      "OS policy assignment",
      "OS Config",
      63,
      /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/,
      "lower-case letters, digits and '-', starting with a letter",
    ),
  },
  azurerm_monitor_action_group: {
    name: rule("action group", "Azure Monitor", 260, /^[^%&\\?/]+$/, "no % & \\ ? /"),
    short_name: rule("action group short name", "Azure Monitor", 12),
  },
  azurerm_monitor_metric_alert: {
    name: rule("metric alert", "Azure Monitor", 260, /^[^*#&+:<>?@%{}\\/]+$/, "no * # & + : < > ? @ % { } \\ /"),
  },
  azurerm_monitor_scheduled_query_rules_alert_v2: {
    name: rule("log search alert", "Azure Monitor", 260, /^[^*#&+:<>?@%{}\\/]+$/, "no * # & + : < > ? @ % { } \\ /"),
  },
  azurerm_log_analytics_workspace: {
    name: rule(
      "Log Analytics workspace",
      "Azure",
      63,
      /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/,
      "4-63 letters, digits and '-', starting and ending with a letter or digit",
      4,
    ),
  },
  azurerm_monitor_data_collection_rule: {
    name: rule(
      "data collection rule",
      "Azure Monitor",
      64,
      /^[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]$|^[A-Za-z0-9]$/,
      "letters, digits and _.-, not ending in '.' or '-'",
    ),
  },
  azurerm_user_assigned_identity: {
    name: rule(
      "managed identity",
      "Azure",
      128,
      /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/,
      "3-128 letters, digits, '_' and '-', starting with a letter or digit",
      3,
    ),
  },
  azurerm_federated_identity_credential: {
    name: rule(
      "federated credential",
      "Azure",
      120,
      /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/,
      "3-120 letters, digits, '_' and '-', starting with a letter or digit",
      3,
    ),
  },
  azurerm_logic_app_workflow: { name: rule("Logic App workflow", "Azure", 80, /^[-\w._()]+$/, "letters, digits and -_.()") },
  azurerm_resource_group_policy_assignment: {
    name: rule(
      "policy assignment",
      "Azure Policy",
      64,
      /^[^<>*%&:\\?.+/]*[^<>*%&:\\?.+/ ]$/,
      "no < > * % & : \\ ? . + /, not ending in a space",
    ),
  },
  azurerm_storage_account: {
    name: { ...rule("storage account", "Azure Storage", 24, undefined, undefined, 3), check: azureStorageAccountNameProblem },
  },
  azurerm_storage_container: {
    name: { ...rule("storage container", "Azure Storage", 63, undefined, undefined, 3), check: azureContainerNameProblem },
  },
  helm_release: { name: { ...rule("Helm release", "Helm", 53), check: helmReleaseNameProblem } },
  kubernetes_config_map_v1: {
    "metadata.name": rule(
      "ConfigMap",
      "Kubernetes",
      253,
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      "a lower-case DNS subdomain",
    ),
  },
};

/** Why the rule refuses the name, or undefined. */
export function nameRuleProblem(rule: NameRule, name: string): string | undefined {
  if (name.length > rule.max) return `${rule.owner} allows at most ${rule.max} characters`;
  if (name.length < (rule.min ?? 1)) return `${rule.owner} needs at least ${rule.min ?? 1} characters`;
  if (rule.pattern && !rule.pattern.test(name)) return `${rule.owner} allows only ${rule.shape}`;
  return rule.check?.(name);
}

/**
 * CloudWatch Logs refuses to create log groups whose names start with `aws/` (CreateLogGroup: "can't start with the
 * string aws/"); `/aws/...` groups, as Lambda and CloudTrail use, are allowed.
 */
export function logGroupReserved(name: string): string | undefined {
  return name.startsWith("aws/") ? 'names starting with "aws/" are reserved for log groups AWS services create' : undefined;
}

/** S3 general purpose bucket naming rules (the S3 user guide's "Bucket naming rules"). */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "an S3 bucket name has 3 to 63 characters";
  if (!/^[a-z0-9.-]+$/.test(name)) return "an S3 bucket name has only lower-case letters, digits, '.' and '-'";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "an S3 bucket name starts and ends with a letter or digit";
  if (name.includes("..")) return "an S3 bucket name has no two adjacent periods";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "an S3 bucket name is not formatted as an IP address";
  for (const prefix of ["xn--", "sthree-", "amzn-s3-demo-"]) if (name.startsWith(prefix)) return `the prefix "${prefix}" is reserved by S3`;
  for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) {
    if (name.endsWith(suffix)) return `the suffix "${suffix}" is reserved by S3`;
  }
  return undefined;
}

/** Cloud Storage bucket naming rules (cloud.google.com/storage/docs/buckets#naming). */
export function gcsBucketNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name)) {
    return "a Cloud Storage bucket name has lower-case letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  }
  const parts = name.split(".");
  if (name.length < 3) return "a Cloud Storage bucket name has at least 3 characters";
  if (parts.length === 1 && name.length > 63) return "a Cloud Storage bucket name without dots has at most 63 characters";
  if (name.length > 222) return "a Cloud Storage bucket name has at most 222 characters";
  if (parts.some((part) => part.length === 0 || part.length > 63))
    return "each dot-separated part of a Cloud Storage bucket name has 1 to 63 characters";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "a Cloud Storage bucket name is not an IP address";
  if (name.startsWith("goog")) return 'a Cloud Storage bucket name cannot start with "goog"';
  if (/google|g00gle/.test(name)) return 'a Cloud Storage bucket name cannot contain "google"';
  return undefined;
}

/** Azure storage account names: 3-24 lower-case letters and digits, globally unique. */
export function azureStorageAccountNameProblem(name: string): string | undefined {
  return /^[a-z0-9]{3,24}$/.test(name) ? undefined : "a storage account name has 3 to 24 lower-case letters and digits";
}

/** Azure blob container names: 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit. */
export function azureContainerNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "a container name has 3 to 63 characters";
  if (!/^[a-z0-9](-?[a-z0-9])*$/.test(name)) {
    return "a container name has lower-case letters, digits and single hyphens, starting and ending with a letter or digit";
  }
  return undefined;
}
