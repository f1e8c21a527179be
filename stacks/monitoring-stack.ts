import { Aspects, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentSpec } from "../src/spec";
import type { CloudSpec } from "../src/spec/clouds";
import { ProviderPinning } from "../src/terraform/provider-pinning";
import { CLOUD_BACKENDS, type CloudBackend } from "./clouds";
import { SecretValues } from "./secret-values";

export interface MonitoringStackProps {
  /** A validated environment (see `resolveEnvironment`), defaults applied. */
  readonly spec: EnvironmentSpec;
}

/** The stack id of an environment: what `cdktf deploy` takes. */
export function stackName(environment: string): string {
  return `monitoring-${environment}`;
}

/**
 * The complete monitoring stack of one environment: maps the spec onto modules. One instance per environment,
 * named `monitoring-<env>`.
 */
export class MonitoringStack extends TerraformStack {
  readonly spec: EnvironmentSpec;

  constructor(scope: Construct, props: MonitoringStackProps) {
    const name = stackName(props.spec.name);
    super(scope, name);
    this.spec = props.spec;
    configureBackend(this, name, props.spec);
    const secrets = new SecretValues(this, "secrets");

    if (props.spec.cloud) {
      const backend = CLOUD_BACKENDS[props.spec.cloud.provider] as CloudBackend<CloudSpec>;
      backend.attach(this, { spec: props.spec, cloud: props.spec.cloud, secrets });
    }

    Aspects.of(this).add(new ProviderPinning());
  }
}

function configureBackend(stack: TerraformStack, name: string, spec: EnvironmentSpec): void {
  const backend = spec.backend;
  switch (backend.type) {
    case "local":
      // Relative to the stack's working directory (cdktf.out/stacks/<name>), so the state lands in the project
      // root on every machine; cdktf's default is an absolute path of whoever ran synth.
      new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });
      return;
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${spec.name}/terraform.tfstate`,
        region: backend.region ?? spec.cloud?.region,
        dynamodbTable: backend.dynamodbTable,
        encrypt: true,
      });
      return;
  }
}
