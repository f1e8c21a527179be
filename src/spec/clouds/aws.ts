import { z } from "zod";
import { AWS_WATCH_KINDS } from "../../catalog/cloudwatch/registry";
import { watchSchemaOf } from "../../catalog/watch-kinds";
import type { EnvironmentSpec } from "../environment";
import { durationWithin, tagMapSchema } from "../primitives";

/** `cloud.watch`: one list per kind of the registry of AWS watch kinds (src/catalog/cloudwatch/registry.ts). */
export const awsWatchSchema = watchSchemaOf(AWS_WATCH_KINDS);

export const awsCloudSchema = z.strictObject({
  provider: z.literal("aws"),
  region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'expected an AWS region such as "eu-west-1"'),
  /** Accept a region missing from src/catalog/regions.ts (one opened after this release). @default false */
  newRegion: z.boolean().default(false),
  /** Guards against deploying to the wrong account (provider `allowed_account_ids`). @default - any account */
  accountId: z
    .string()
    .regex(/^\d{12}$/, "expected a 12-digit AWS account id")
    .optional(),
  /** Tags put on every AWS resource the stack creates. @default {} */
  tags: tagMapSchema.default({}),
  /** Resources to watch with CloudWatch alarms. @default {} */
  watch: awsWatchSchema.prefault({}),
  /**
   * CloudTrail into an encrypted log group (and S3 bucket), with CIS-benchmark alarms on root use, IAM policy
   * changes, trail changes, KMS keys disabled or scheduled for deletion, console sign-in failures and unauthorized
   * API calls. Set `{}` to turn it on. @default - no audit trail
   */
  auditTrail: z
    .strictObject({
      /** How long the trail's log group keeps events (rounded up to a value CloudWatch allows). @default "365d" */
      retention: durationWithin("1d", "3653d", "CloudWatch Logs keeps 1 day to 10 years").prefault("365d"),
      /** Record every region, not only `region`. @default true */
      multiRegion: z.boolean().default(true),
      /**
       * S3 Object Lock on the trail bucket: every log file is write-once for `retention` (`COMPLIANCE`: not even the
       * root user can delete it; `GOVERNANCE`: principals with `s3:BypassGovernanceRetention` can). Chosen when the
       * bucket is created: changing it later plans a new bucket. @default - no object lock (versioning and the
       * bucket policy protect the files)
       */
      objectLock: z.enum(["GOVERNANCE", "COMPLIANCE"]).optional(),
    })
    .optional(),
  /**
   * Amazon DevOps Guru on the environment's resources, its insights sent to the warning topic. Resources are chosen by
   * a tag (DevOps Guru's "application boundary") or by CloudFormation stacks. The coverage is one setting per account
   * and Region: turn it on in one environment of an account. Set `{}` to turn it on. @default - off
   */
  devopsGuru: z
    .strictObject({
      /** Tag key of the resources to analyse; DevOps Guru requires the prefix "Devops-guru-" (any case). @default "DevOps-Guru-monitoring" */
      tagKey: z
        .string()
        .regex(/^devops-guru-[\w.:/=+@-]{1,115}$/i, 'expected a tag key starting with "Devops-guru-" (any case), as DevOps Guru requires')
        .default("DevOps-Guru-monitoring"),
      /** Values of that tag to analyse. @default - the environment's name */
      tagValues: z.array(z.string().min(1).max(256)).min(1).optional(),
      /** Analyse the resources of these CloudFormation stacks instead of tagged ones. @default - by tag */
      stackNames: z
        .array(z.string().regex(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/, "expected a CloudFormation stack name"))
        .min(1)
        .optional(),
    })
    .optional(),
  /** CloudWatch dashboards of the watched resources (split every 500 widgets). @default true */
  dashboard: z.boolean().default(true),
});

export type AwsCloudSpec = z.output<typeof awsCloudSchema>;
export type AwsWatchSpec = z.output<typeof awsWatchSchema>;

/**
 * AWS-specific cross checks: watched resources name existing services, and channels delivered through SNS carry
 * credentials Terraform can read (an SNS subscription needs the endpoint at apply time; a Kubernetes Secret is
 * only readable inside the cluster).
 */
export function checkAwsEnvironment(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const cloud = env.cloud;
  if (cloud?.provider !== "aws") return;
  const serviceNames = new Set(env.services.map((s) => s.name));
  for (const [kind, resources] of Object.entries(cloud.watch)) {
    resources.forEach((resource: { service?: string }, i: number) => {
      if (resource.service && !serviceNames.has(resource.service)) {
        ctx.addIssue({
          code: "custom",
          path: ["cloud", "watch", kind, i, "service"],
          message: `expected the name of a service in 'services' (${[...serviceNames].join(", ") || "none defined"}), received "${resource.service}"`,
        });
      }
    });
  }
  env.channels.forEach((channel, i) => {
    const ref = channel.type === "pagerduty" ? channel.routingKey : channel.type === "webhook" ? channel.url : undefined;
    if (ref && "kubernetesSecret" in ref) {
      ctx.addIssue({
        code: "custom",
        path: ["channels", i, channel.type === "pagerduty" ? "routingKey" : "url"],
        message:
          "this channel also receives CloudWatch alarms through an SNS subscription, which needs the secret in Terraform; use { terraformVariable }, { ssmParameter } or { secretsManager } instead of { kubernetesSecret }",
      });
    }
  });
}
