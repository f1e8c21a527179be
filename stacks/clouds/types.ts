import type { Construct } from "constructs";
import type { PagerdutyOncall } from "../../modules/pagerduty-oncall";
import type { EnvironmentSpec } from "../../src/spec";
import type { CloudSpec } from "../../src/spec/clouds";
import type { SecretValues } from "../secret-values";
import type { KubernetesCloudCapabilities, KubernetesCloudContext } from "./kubernetes-capabilities";

export interface CloudContext<C extends CloudSpec> {
  readonly spec: EnvironmentSpec;
  readonly cloud: C;
  readonly secrets: SecretValues;
  /** PagerDuty services of the environment's on-call, when it has one. @default - no on-call */
  readonly oncall?: PagerdutyOncall;
}

/**
 * What each cloud contributes to an environment's stack. One implementation per cloud under stacks/clouds/;
 * MonitoringStack picks it by `spec.cloud.provider` and nothing else branches on the cloud.
 */
export interface CloudBackend<C extends CloudSpec> {
  readonly provider: C["provider"];
  /** The cloud's alarms reach PagerDuty through its Amazon CloudWatch integration (SNS). @default false */
  readonly pagerdutyCloudIntegration?: boolean;
  attach(scope: Construct, context: CloudContext<C>): void;
  /** What the cloud offers the in-cluster stack (identity, object storage, managed services); see kubernetes-capabilities.ts. */
  kubernetes?(scope: Construct, context: KubernetesCloudContext<C>): KubernetesCloudCapabilities;
}
