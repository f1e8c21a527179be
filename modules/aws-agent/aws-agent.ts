import { createHash } from "node:crypto";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SsmAssociation } from "@cdktf/provider-aws/lib/ssm-association";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";
import { AGENT_PARAMETER_PREFIX, type AgentGroupDefinition } from "../../src/render/aws/agent";

export interface AwsAgentProps {
  /** Prefix of the role and instance profile names, e.g. "prod-monitoring". */
  readonly namePrefix: string;
  /** Instance groups and their agent configuration (see `renderAgentGroups`). */
  readonly groups: readonly AgentGroupDefinition[];
  /** How often State Manager re-runs the install association, which also updates the agent. @default "rate(14 days)" */
  readonly installSchedule?: string;
  /**
   * How often State Manager re-runs the configure association. Associations on the same instance run in no set order
   * (at creation and whenever an instance registers), so "configure" can run before "install" has finished and fail;
   * the schedule retries it, and re-applies the configuration if it drifted (the agent restarts, a gap of seconds).
   * @default "rate(30 minutes)" - the shortest rate State Manager allows
   */
  readonly configureSchedule?: string;
}

/** Managed policies every monitored instance's role gets: the agent's writes and Session/State Manager. */
export const AGENT_MANAGED_POLICIES = ["CloudWatchAgentServerPolicy", "AmazonSSMManagedInstanceCore"] as const;

/** SSM Standard parameters hold 4 KB; larger configurations need the Advanced tier. */
const STANDARD_PARAMETER_BYTES = 4096;

/** Terraform reads `${` and `%{` in any string as template syntax; the agent's `${aws:InstanceId}` must stay literal. */
export function escapeTemplate(text: string): string {
  // A replacer function: in a replacement string "$$" would collapse to "$".
  return text.replaceAll("${", () => "$${").replaceAll("%{", () => "%%{");
}

/**
 * Wires instances to CloudWatch with no manual step: an IAM role and instance profile with the agent's and SSM's
 * managed policies, the agent configuration of each group in an SSM parameter (`AmazonCloudWatch-…`, the only
 * names CloudWatchAgentServerPolicy may read), and State Manager associations that install the agent and apply the
 * configuration on every instance matching the group's tags, including instances launched later.
 */
export class AwsAgent extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  /** Configuration parameters by group id. */
  readonly parameters: Readonly<Record<string, SsmParameter>>;

  constructor(scope: Construct, id: string, props: AwsAgentProps) {
    super(scope, id);
    const partition = new DataAwsPartition(this, "partition").partition;
    const assume = new DataAwsIamPolicyDocument(this, "assume", {
      statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }],
    });
    this.role = new IamRole(this, "role", {
      name: `${props.namePrefix}-instance`,
      description: "Monitored EC2 instances: CloudWatch agent and SSM",
      assumeRolePolicy: assume.json,
    });
    for (const policy of AGENT_MANAGED_POLICIES) {
      new IamRolePolicyAttachment(this, `policy-${policy}`, {
        role: this.role.name,
        policyArn: `arn:${partition}:iam::aws:policy/${policy}`,
      });
    }
    this.instanceProfile = new IamInstanceProfile(this, "profile", { name: `${props.namePrefix}-instance`, role: this.role.name });

    const parameters: Record<string, SsmParameter> = {};
    for (const group of props.groups) {
      if (parameters[group.id]) throw new Error(`duplicate agent group "${group.id}"`);
      if (!group.parameterName.startsWith(AGENT_PARAMETER_PREFIX)) {
        throw new Error(
          `agent group "${group.id}": parameter name must start with "${AGENT_PARAMETER_PREFIX}" (CloudWatchAgentServerPolicy only reads those), received "${group.parameterName}"`,
        );
      }
      if (group.targets.length === 0 || group.targets.length > 5) {
        throw new Error(`agent group "${group.id}": State Manager needs 1 to 5 targets, received ${group.targets.length}`);
      }
      const json = JSON.stringify(group.config);
      const parameter = new SsmParameter(this, `config-${group.id}`, {
        name: group.parameterName,
        description: `CloudWatch agent configuration of ${group.id}`,
        type: "String",
        tier: Buffer.byteLength(json) > STANDARD_PARAMETER_BYTES ? "Advanced" : "Standard",
        value: escapeTemplate(json),
      });
      parameters[group.id] = parameter;
      const targets = group.targets.map((t) => ({ key: t.key, values: [...t.values] }));
      const install = new SsmAssociation(this, `install-${group.id}`, {
        associationName: `${props.namePrefix}-${group.id}-install-cwagent`,
        name: "AWS-ConfigureAWSPackage",
        parameters: { action: "Install", name: "AmazonCloudWatchAgent" },
        targets,
        scheduleExpression: props.installSchedule ?? "rate(14 days)",
      });
      // The name carries a hash of the configuration: a changed configuration updates the association, which makes
      // State Manager apply it again right away instead of at the next instance registration.
      const hash = createHash("sha256").update(json).digest("hex").slice(0, 8);
      new SsmAssociation(this, `configure-${group.id}`, {
        associationName: `${props.namePrefix}-${group.id}-configure-cwagent-${hash}`,
        name: "AmazonCloudWatch-ManageAgent",
        parameters: {
          action: "configure",
          mode: "ec2",
          optionalConfigurationSource: "ssm",
          optionalConfigurationLocation: group.parameterName,
          optionalRestart: "yes",
        },
        targets,
        scheduleExpression: props.configureSchedule ?? "rate(30 minutes)",
        // Created after the install association, so that on apply the install starts first; the schedule covers the rest.
        dependsOn: [parameter, install],
      });
      if (group.logRotation) {
        // Log rotation of the shipped files: a Command document applied to the same instances, daily and at launch.
        const document = new SsmDocument(this, `logrotate-${group.id}`, {
          name: `${props.namePrefix}-${group.id}-logrotate`,
          documentType: "Command",
          documentFormat: "JSON",
          content: group.logRotation,
        });
        new SsmAssociation(this, `logrotate-${group.id}-association`, {
          associationName: `${props.namePrefix}-${group.id}-logrotate`,
          name: document.name,
          targets,
          scheduleExpression: "rate(1 day)",
        });
      }
    }
    this.parameters = parameters;
  }
}
