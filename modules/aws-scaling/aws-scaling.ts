import { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { Construct } from "constructs";

export interface CpuTargetTrackingPolicy {
  /** Stable identifier (the spec entry's name). */
  readonly id: string;
  readonly autoScalingGroupName: string;
  /** Average CPU % the group is kept at: it scales out above, in below. */
  readonly targetCpuPercent: number;
  /** Only scale out (for groups something else scales in). @default false */
  readonly disableScaleIn?: boolean;
  /** Seconds a new instance needs before its metrics count. @default - the group's default instance warmup */
  readonly warmupSeconds?: number;
}

export interface AwsScalingProps {
  /** Prefix of policy names. */
  readonly namePrefix: string;
  readonly policies: readonly CpuTargetTrackingPolicy[];
}

/** Target-tracking scaling policies on average CPU for existing Auto Scaling groups. */
export class AwsScaling extends Construct {
  readonly policies: Readonly<Record<string, AutoscalingPolicy>>;

  constructor(scope: Construct, id: string, props: AwsScalingProps) {
    super(scope, id);
    const policies: Record<string, AutoscalingPolicy> = {};
    for (const p of props.policies) {
      if (!(p.targetCpuPercent > 0 && p.targetCpuPercent < 100)) {
        throw new Error(`scaling policy "${p.id}": targetCpuPercent must be between 0 and 100 (exclusive), received ${p.targetCpuPercent}`);
      }
      if (policies[p.id]) throw new Error(`duplicate scaling policy "${p.id}"`);
      policies[p.id] = new AutoscalingPolicy(this, p.id, {
        name: `${props.namePrefix}-${p.id}-cpu-target`,
        autoscalingGroupName: p.autoScalingGroupName,
        policyType: "TargetTrackingScaling",
        estimatedInstanceWarmup: p.warmupSeconds,
        targetTrackingConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
          targetValue: p.targetCpuPercent,
          disableScaleIn: p.disableScaleIn ?? false,
        },
      });
    }
    this.policies = policies;
  }
}
