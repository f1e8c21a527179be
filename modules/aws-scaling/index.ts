export { AwsScaling, type AwsScalingProps, type CpuTargetTrackingPolicy } from "./aws-scaling";
