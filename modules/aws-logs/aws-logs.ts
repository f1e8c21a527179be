import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS, type LogGroupDefinition, type MetricFilterDefinition, type QueryDefinition } from "../../src/render/aws/logs";

/** Where the key lives and who owns it, as Terraform expressions (data sources). */
export interface AccountContext {
  readonly account: string;
  readonly partition: string;
  readonly region: string;
}

export function accountContext(scope: Construct): AccountContext {
  return {
    account: new DataAwsCallerIdentity(scope, "account").accountId,
    partition: new DataAwsPartition(scope, "partition").partition,
    region: new DataAwsRegion(scope, "region").region,
  };
}

/**
 * Key policy statements that let CloudWatch Logs of this region use a key, only for log groups of this account
 * (the encryption-context condition AWS documents for log group encryption).
 */
export function logsKeyStatements(ctx: AccountContext, logGroupPattern = "*"): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: "AccountAdministers",
      principals: [{ type: "AWS", identifiers: [`arn:${ctx.partition}:iam::${ctx.account}:root`] }],
      actions: ["kms:*"],
      resources: ["*"],
    },
    {
      sid: "CloudWatchLogsEncrypts",
      principals: [{ type: "Service", identifiers: [`logs.${ctx.region}.amazonaws.com`] }],
      actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      resources: ["*"],
      condition: [
        {
          test: "ArnLike",
          variable: "kms:EncryptionContext:aws:logs:arn",
          values: [`arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:${logGroupPattern}`],
        },
      ],
    },
  ];
}

export interface LogMetricFiltersProps {
  readonly filters: readonly MetricFilterDefinition[];
  /** Log group name -> Terraform expression of the name (a reference orders creation after the group). @default - names as given */
  readonly logGroupRef?: (name: string) => string;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/** Metric filters as one `for_each` resource keyed by filter name. */
export class LogMetricFilters extends Construct {
  readonly resource?: CloudwatchLogMetricFilter;

  constructor(scope: Construct, id: string, props: LogMetricFiltersProps) {
    super(scope, id);
    if (props.filters.length === 0) return;
    const names = new Set<string>();
    for (const f of props.filters) {
      if (names.has(f.name)) throw new Error(`duplicate metric filter name "${f.name}"`);
      names.add(f.name);
    }
    const ref = props.logGroupRef ?? ((n: string) => n);
    const resource = new CloudwatchLogMetricFilter(this, "filter", {
      name: "${each.key}",
      logGroupName: "${each.value.log_group_name}",
      pattern: "${each.value.pattern}",
      metricTransformation: {
        name: "${each.value.metric_name}",
        namespace: "${each.value.metric_namespace}",
        value: "${each.value.metric_value}",
      },
      dependsOn: props.dependsOn,
    });
    resource.addOverride(
      "for_each",
      Object.fromEntries(
        props.filters.map((f) => [
          f.name,
          {
            log_group_name: ref(f.logGroupName),
            pattern: f.pattern,
            metric_name: f.metricName,
            metric_namespace: f.metricNamespace,
            metric_value: f.metricValue,
            unit: f.unit ?? "None",
          },
        ]),
      ),
    );
    resource.addOverride("metric_transformation.unit", "${each.value.unit}");
    this.resource = resource;
  }
}

export interface AwsLogsProps {
  /** Prefix of the key alias ("alias/<prefix>-logs"). */
  readonly namePrefix: string;
  readonly logGroups: readonly LogGroupDefinition[];
  /** Metric filters on the groups (or on other groups of the account). @default [] */
  readonly metricFilters?: readonly MetricFilterDefinition[];
  /** Saved Logs Insights queries. @default [] */
  readonly queries?: readonly QueryDefinition[];
  /** Existing KMS key to encrypt the groups with (its policy must allow CloudWatch Logs). @default - a new customer-managed key, rotation on */
  readonly kmsKeyArn?: string;
  /** Waiting period before a created key is deleted. @default 30 - days, the maximum */
  readonly keyDeletionWindowDays?: number;
}

/**
 * KMS-encrypted CloudWatch log groups with retention, metric filters (log-based metrics) and saved Logs Insights
 * queries. Retention must be a value CloudWatch accepts (`logRetentionDays` rounds a duration up to one).
 */
export class AwsLogs extends Construct {
  readonly key?: KmsKey;
  /** Log groups by name. */
  readonly logGroups: Readonly<Record<string, CloudwatchLogGroup>>;

  constructor(scope: Construct, id: string, props: AwsLogsProps) {
    super(scope, id);
    for (const g of props.logGroups) {
      if (!(LOG_RETENTION_DAYS as readonly number[]).includes(g.retentionDays)) {
        throw new Error(
          `log group "${g.name}": retention must be one of ${LOG_RETENTION_DAYS.join(", ")} days, received ${g.retentionDays}`,
        );
      }
    }
    let keyArn = props.kmsKeyArn;
    if (!keyArn && props.logGroups.length > 0) {
      const ctx = accountContext(this);
      const policy = new DataAwsIamPolicyDocument(this, "key-policy", { statement: logsKeyStatements(ctx) });
      this.key = new KmsKey(this, "key", {
        description: `Encrypts the ${props.namePrefix} log groups`,
        enableKeyRotation: true,
        deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
        policy: policy.json,
      });
      new KmsAlias(this, "key-alias", { name: `alias/${props.namePrefix}-logs`, targetKeyId: this.key.keyId });
      keyArn = this.key.arn;
    }
    const groups: Record<string, CloudwatchLogGroup> = {};
    for (const g of props.logGroups) {
      if (groups[g.name]) throw new Error(`duplicate log group "${g.name}"`);
      // The construct id is the group's name: stable as long as the group is.
      groups[g.name] = new CloudwatchLogGroup(this, `group-${g.name}`, {
        name: g.name,
        retentionInDays: g.retentionDays,
        kmsKeyId: keyArn,
      });
    }
    this.logGroups = groups;
    const ref = (name: string) => groups[name]?.name ?? name;

    new LogMetricFilters(this, "metric-filters", { filters: props.metricFilters ?? [], logGroupRef: ref });

    const queries = props.queries ?? [];
    if (queries.length > 0) {
      const resource = new CloudwatchQueryDefinition(this, "queries", { name: "${each.key}", queryString: "${each.value.query_string}" });
      resource.addOverride(
        "for_each",
        Object.fromEntries(queries.map((q) => [q.name, { query_string: q.query, log_group_names: q.logGroupNames.map(ref) }])),
      );
      resource.addOverride("log_group_names", "${each.value.log_group_names}");
    }
  }
}
