import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { Construct } from "constructs";

export interface AwsOpenSearchDomainProps {
  /** 3–28 characters, lower-case letters, digits and '-'. */
  readonly domainName: string;
  /** Subnets of the VPC (one per availability zone, up to 3). */
  readonly subnetIds: readonly string[];
  /** Security groups that admit HTTPS from the clients. */
  readonly securityGroupIds: readonly string[];
  /** @default "r7g.large.search" */
  readonly instanceType?: string;
  /** @default - one data node per subnet */
  readonly instanceCount?: number;
  /** gp3 volume per node, GiB. @default 100 */
  readonly volumeSizeGb?: number;
  /** @default "OpenSearch_2.19" */
  readonly engineVersion?: string;
}

/**
 * An Amazon OpenSearch Service domain inside a VPC: encrypted at rest and between nodes, HTTPS only (TLS 1.2+), spread
 * over the subnets' availability zones. Reachable only through the VPC and its security groups, which is where access
 * is controlled (the domain policy admits HTTP calls from inside the VPC without request signing, so that clients
 * without SigV4 support, such as Jaeger, can write).
 *
 * Why not a policy naming IAM roles: a role principal only matches SigV4-signed requests. Jaeger 2.19 (chart 4.11.1)
 * signs with its sigv4auth extension but hashes an empty body, so bulk writes and template creation get 403
 * (jaegertracing/jaeger#8760, fixed after 2.19 by #8768), and the chart's index cleaner, which applies retention, cannot
 * sign at all. An open policy on a VPC-only domain is the model AWS documents for such clients: the security groups
 * decide who reaches the endpoint. Revisit when the pinned Jaeger signs correctly.
 */
export class AwsOpenSearchDomain extends Construct {
  readonly domain: OpensearchDomain;
  /** https:// URL of the domain's VPC endpoint. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: AwsOpenSearchDomainProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{2,27}$/.test(props.domainName)) {
      throw new Error(
        `'domainName' must be 3-28 lower-case letters, digits or '-', starting with a letter, received "${props.domainName}"`,
      );
    }
    const zones = props.subnetIds.length;
    const count = props.instanceCount ?? zones;
    if (count % zones !== 0) throw new Error(`'instanceCount' (${count}) must be a multiple of the number of subnets (${zones})`);
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const partition = new DataAwsPartition(this, "partition").partition;
    const region = new DataAwsRegion(this, "region").region;
    const domainArn = `arn:${partition}:es:${region}:${account}:domain/${props.domainName}`;
    const access = new DataAwsIamPolicyDocument(this, "access", {
      statement: [
        {
          sid: "HttpFromInsideTheVpc",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["es:ESHttp*"],
          resources: [`${domainArn}/*`],
        },
      ],
    });
    this.domain = new OpensearchDomain(this, "domain", {
      domainName: props.domainName,
      engineVersion: props.engineVersion ?? "OpenSearch_2.19",
      clusterConfig: {
        instanceType: props.instanceType ?? "r7g.large.search",
        instanceCount: count,
        zoneAwarenessEnabled: zones > 1,
        zoneAwarenessConfig: zones > 1 ? { availabilityZoneCount: zones } : undefined,
      },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: props.volumeSizeGb ?? 100 },
      encryptAtRest: { enabled: true },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
      vpcOptions: { subnetIds: [...props.subnetIds], securityGroupIds: [...props.securityGroupIds] },
      accessPolicies: access.json,
    });
    this.url = `https://${this.domain.endpoint}`;
  }
}
