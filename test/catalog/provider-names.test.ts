import { describe, expect, it } from "vitest";
import { NAME_RULES, nameRuleProblem } from "../../src/catalog/provider-names";

const problem = (type: string, argument: string, name: string) => nameRuleProblem(NAME_RULES[type][argument], name);

describe("provider name rules", () => {
  it("SNS topics: letters, digits, _ and -, up to 256; a FIFO topic ends in .fifo", () => {
    expect(problem("aws_sns_topic", "name", "prod-monitoring-critical")).toBeUndefined();
    expect(problem("aws_sns_topic", "name", `${"a".repeat(251)}.fifo`)).toBeUndefined();
    expect(problem("aws_sns_topic", "name", "prod.monitoring")).toMatch(/SNS allows only/);
    expect(problem("aws_sns_topic", "name", "a".repeat(257))).toMatch(/at most 256/);
  });

  it("log groups: / . # allowed, the aws/ prefix reserved, /aws/ allowed", () => {
    expect(problem("aws_cloudwatch_log_group", "name", "/shop/prod/checkout#1")).toBeUndefined();
    expect(problem("aws_cloudwatch_log_group", "name", "/aws/cloudtrail/prod-audit")).toBeUndefined();
    expect(problem("aws_cloudwatch_log_group", "name", "aws/checkout")).toMatch(/reserved/);
    expect(problem("aws_cloudwatch_log_group", "name", "shop prod")).toMatch(/allows only/);
  });

  it("IAM: roles up to 64, role policies up to 128 characters of letters, digits and _+=,.@-", () => {
    expect(problem("aws_iam_role", "name", "a".repeat(64))).toBeUndefined();
    expect(problem("aws_iam_role", "name", "a".repeat(65))).toMatch(/IAM allows at most 64/);
    expect(problem("aws_iam_role_policy", "name", "a".repeat(128))).toBeUndefined();
    expect(problem("aws_iam_role", "name", "a/b")).toMatch(/allows only/);
  });

  it("KMS aliases start with alias/, and alias/aws/ is AWS's own", () => {
    expect(problem("aws_kms_alias", "name", "alias/prod-monitoring-logs")).toBeUndefined();
    expect(problem("aws_kms_alias", "name", "prod-monitoring-logs")).toMatch(/alias\//);
    expect(problem("aws_kms_alias", "name", "alias/aws/logs")).toMatch(/reserved/);
  });

  it("S3 bucket prefixes leave room for Terraform's 26-character suffix and follow the bucket rules", () => {
    expect(problem("aws_s3_bucket", "bucket_prefix", "prod-monitoring-loki-")).toBeUndefined();
    expect(problem("aws_s3_bucket", "bucket_prefix", "a".repeat(38))).toMatch(/at most 37/);
    expect(problem("aws_s3_bucket", "bucket_prefix", "Prod-")).toMatch(/lower-case/);
  });

  it("OpenSearch domains, Google service accounts and OS policy assignments start with a letter", () => {
    expect(problem("aws_opensearch_domain", "domain_name", "1prod-traces")).toBeDefined();
    expect(problem("google_service_account", "account_id", "gcp-grafana")).toBeUndefined();
    expect(problem("google_service_account", "account_id", "gcp")).toMatch(/at least 6/);
    expect(problem("google_os_config_os_policy_assignment", "name", "gcp-monitoring-ops-agent-europe-west1-b")).toBeUndefined();
  });

  it("Azure: action group short names up to 12, workspaces 4-63 without leading or trailing hyphens", () => {
    expect(problem("azurerm_monitor_action_group", "short_name", "prod-crit")).toBeUndefined();
    expect(problem("azurerm_monitor_action_group", "short_name", "production-cr")).toMatch(/at most 12/);
    expect(problem("azurerm_log_analytics_workspace", "name", "azure-monitoring")).toBeUndefined();
    expect(problem("azurerm_log_analytics_workspace", "name", "-azure")).toBeDefined();
  });

  it("Helm releases: 53-character DNS names", () => {
    expect(problem("helm_release", "name", "kube-prometheus-stack")).toBeUndefined();
    expect(problem("helm_release", "name", "a".repeat(54))).toMatch(/at most 53/);
  });
});
