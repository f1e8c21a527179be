import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { AwsManagedPrometheus } from "../../modules/aws-managed-prometheus";
import { AwsObjectStorageBucket } from "../../modules/aws-object-storage";
import { AwsOpenSearchDomain } from "../../modules/aws-opensearch";
import { EksCluster, IRSA_ANNOTATION, WorkloadIdentityRole } from "../../modules/aws-workload-identity";
import type { TerraformJson } from "../support/synth";

function synthAlone(build: (stack: Construct) => void): TerraformJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "alone");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  build(stack);
  return JSON.parse(Testing.synth(stack));
}
const one = (json: TerraformJson, kind: "resource" | "data", type: string): TerraformJson =>
  Object.values(json[kind][type])[0] as TerraformJson;

describe("AWS modules of the in-cluster stack, each alone", () => {
  it("AwsObjectStorageBucket: encrypted, versioned, private, TLS-only, expiring at the retention", () => {
    const json = synthAlone((s) => new AwsObjectStorageBucket(s, "logs", { bucketPrefix: "prod-loki-", expirationDays: 90 }));
    expect(one(json, "resource", "aws_s3_bucket")).toMatchObject({ bucket_prefix: "prod-loki-", force_destroy: false });
    expect(one(json, "resource", "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(one(json, "resource", "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(one(json, "resource", "aws_s3_bucket_server_side_encryption_configuration").rule[0]).toMatchObject({
      apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" },
    });
    const rule = one(json, "resource", "aws_s3_bucket_lifecycle_configuration").rule[0];
    expect(rule).toMatchObject({ status: "Enabled", expiration: [{ days: 90 }] });
    const deny = one(json, "data", "aws_iam_policy_document").statement[0];
    expect(deny).toMatchObject({
      effect: "Deny",
      actions: ["s3:*"],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
    expect(() => new AwsObjectStorageBucket(Testing.app(), "x", { bucketPrefix: "p", expirationDays: 0 })).toThrow(/expirationDays/);
  });

  it("WorkloadIdentityRole: trusted only by the named service account of the cluster's OIDC provider", () => {
    let annotations: Readonly<Record<string, string>> = {};
    const json = synthAlone((s) => {
      const eks = new EksCluster(s, "eks", { clusterName: "shop" });
      const role = new WorkloadIdentityRole(s, "loki", {
        roleName: "prod-loki",
        oidcProviderArn: eks.oidcProviderArn,
        oidcIssuerHost: eks.oidcIssuerHost,
        serviceAccounts: [{ namespace: "monitoring", name: "loki" }],
        statements: [{ actions: ["s3:GetObject"], resources: ["*"] }],
      });
      annotations = role.serviceAccountAnnotations;
    });
    expect(one(json, "data", "aws_eks_cluster").name).toBe("shop");
    expect(one(json, "data", "aws_iam_openid_connect_provider").url).toContain("identity[0].oidc[0].issuer");
    const trust = Object.values(json.data.aws_iam_policy_document as Record<string, TerraformJson>).find((d) =>
      d.statement[0].actions.includes("sts:AssumeRoleWithWebIdentity"),
    ) as TerraformJson;
    const [sub, aud] = trust.statement[0].condition;
    expect(trust.statement[0].principals).toEqual([
      { type: "Federated", identifiers: [expect.stringContaining("aws_iam_openid_connect_provider")] },
    ]);
    expect(sub).toMatchObject({ test: "StringEquals", values: ["system:serviceaccount:monitoring:loki"] });
    expect(sub.variable).toMatch(/^\$\{replace\(.*"https:\/\/", ""\)\}:sub$/);
    expect(aud).toMatchObject({ test: "StringEquals", values: ["sts.amazonaws.com"] });
    expect(Object.keys(annotations)).toEqual([IRSA_ANNOTATION]);
  });

  it("AwsOpenSearchDomain: encrypted at rest and between nodes, HTTPS only, in the VPC, across zones", () => {
    const json = synthAlone(
      (s) =>
        new AwsOpenSearchDomain(s, "traces", {
          domainName: "prod-traces",
          subnetIds: ["subnet-1", "subnet-2"],
          securityGroupIds: ["sg-1"],
        }),
    );
    const domain = one(json, "resource", "aws_opensearch_domain");
    expect(domain).toMatchObject({
      encrypt_at_rest: { enabled: true },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" },
      vpc_options: { subnet_ids: ["subnet-1", "subnet-2"], security_group_ids: ["sg-1"] },
      cluster_config: { instance_count: 2, zone_awareness_enabled: true, zone_awareness_config: { availability_zone_count: 2 } },
    });
    // The open policy (Jaeger 2.19 cannot sign; see the module) grants data-plane HTTP on this domain's paths only: never
    // es:* (domain configuration, deletion) and never another domain; the VPC and its security groups bound who gets there.
    const access = one(json, "data", "aws_iam_policy_document");
    expect(access.statement).toHaveLength(1);
    expect(access.statement[0].actions).toEqual(["es:ESHttp*"]);
    expect(access.statement[0].resources).toEqual([expect.stringMatching(/:domain\/prod-traces\/\*$/)]);
    expect(domain.access_policies).toMatch(/^\$\{data\.aws_iam_policy_document\..+\.json\}$/);
    expect(
      () => new AwsOpenSearchDomain(Testing.app(), "x", { domainName: "Bad_Name", subnetIds: ["s"], securityGroupIds: ["g"] }),
    ).toThrow(/domainName/);
  });

  it("AwsManagedPrometheus: a workspace and a remote-write permission on it only", () => {
    let statements: unknown[] = [];
    const json = synthAlone((s) => {
      const amp = new AwsManagedPrometheus(s, "amp", { alias: "prod-monitoring" });
      statements = amp.remoteWriteStatements();
      expect(amp.remoteWriteUrl).toMatch(/api\/v1\/remote_write$/);
    });
    expect(one(json, "resource", "aws_prometheus_workspace").alias).toBe("prod-monitoring");
    expect(statements).toEqual([{ sid: "RemoteWrite", actions: ["aps:RemoteWrite"], resources: [expect.stringContaining("TfToken")] }]);
  });
});
