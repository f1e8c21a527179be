import { join, relative, resolve } from "node:path";
import { App, Aspects, AzurermBackend, GcsBackend, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import type { Construct } from "constructs";
import type { PagerdutyOncall } from "../modules/pagerduty-oncall";
import { type Artifacts, renderArtifacts, toYaml } from "../src/render/artifacts";
import { PLAN_SUMMARY_FILE } from "../src/review/plan-summary";
import { writePlanSummaryFile } from "../src/review/summarize-plan";
import type { EnvironmentSpec } from "../src/spec";
import type { CloudSpec } from "../src/spec/clouds";
import { ProviderPinning } from "../src/terraform/provider-pinning";
import { collectGarbageAfterPhase } from "../src/util/collect-garbage";
import { CLOUD_BACKENDS, type CloudBackend } from "./clouds";
import { attachGrafana } from "./grafana";
import { type KubernetesAlertingArtifacts, KubernetesStack } from "./kubernetes-stack";
import { attachOncall } from "./oncall";
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
  /** The configuration {@link resolveForSynth} resolved, which synth then writes. */
  private resolved?: { [key: string]: unknown };

  constructor(scope: Construct, props: MonitoringStackProps) {
    const name = stackName(props.spec.name);
    super(scope, name);
    // A large synth's garbage is collected between its phases (when its program turned that on: collectBetweenPhases):
    // validation's here, building's and resolving's below.
    collectGarbageAfterPhase();
    this.spec = props.spec;
    configureBackend(this, name, props.spec);
    const secrets = new SecretValues(this, "secrets", {
      awsRegion: props.spec.cloud?.provider === "aws" ? props.spec.cloud.region : undefined,
    });
    // On-call in PagerDuty first: cloud alarms and Alertmanager route to its services.
    const oncall = attachOncall(
      this,
      props.spec,
      secrets,
      props.spec.cloud ? CLOUD_BACKENDS[props.spec.cloud.provider].pagerdutyCloudIntegration === true : false,
    );

    if (props.spec.cloud) {
      const backend = CLOUD_BACKENDS[props.spec.cloud.provider] as CloudBackend<CloudSpec>;
      backend.attach(this, { spec: props.spec, cloud: props.spec.cloud, secrets, oncall });
    }
    // The in-cluster observability stack (Helm), for environments with a cluster, with the rendered alert catalog
    // and routing: the same artifacts `monitoring-stack export` writes.
    const kubernetes = props.spec.kubernetes
      ? new KubernetesStack(this, "kubernetes", {
          spec: props.spec,
          secrets,
          alerting: alertingArtifacts(renderArtifacts(props.spec), secrets, oncall),
        })
      : undefined;
    // Dashboards on the delivery paths of `grafana.delivery` (in-cluster Grafana, external Grafana).
    attachGrafana(this, { spec: props.spec, secrets, kubernetes });

    Aspects.of(this).add(new ProviderPinning());
    writePlanSummary(this);
    collectGarbageAfterPhase();
  }

  /**
   * cdktf resolves every element once here only to discover references to other stacks, and again when it writes
   * the JSON. An environment's stack references no other stack, so the first pass is skipped: that pass was a third
   * of the synth time of large environments (npm run bench). The output is identical (tested).
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /**
   * The stack's Terraform configuration resolved now, as synth resolves it (aspects applied first), and kept: synth
   * writes this configuration instead of resolving the stack a second time. For a caller that reads the whole
   * configuration before synth (the app's name check) and adds nothing to the stack afterwards.
   */
  resolveForSynth(): { [key: string]: unknown } {
    if (!this.resolved) {
      // Aspects add what synth would add before resolving (the provider pins); applying them twice changes nothing.
      invokeAspects(this);
      this.resolved = this.toTerraform();
    }
    return this.resolved;
  }

  override toTerraform(): { [key: string]: unknown } {
    if (this.resolved) return this.resolved;
    const resolved: { [key: string]: unknown } = super.toTerraform();
    collectGarbageAfterPhase();
    return resolved;
  }
}

/**
 * Writes the plan summary (`monitoring-plan.json`, see src/review/plan-summary.ts) beside the stack's cdk.tf.json when
 * the stack is synthesized, for `monitoring-stack diff` and tools. The stack's own synthesizer runs first, unchanged.
 */
function writePlanSummary(stack: MonitoringStack): void {
  const synthesizer = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session) {
      synthesizer.synthesize(session);
      const folder = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      writePlanSummaryFile(join(folder, PLAN_SUMMARY_FILE), stack.spec);
    },
  };
}

/** The rendered alerting artifacts in the shape the in-cluster stack deploys them. */
function alertingArtifacts(artifacts: Artifacts, secrets: SecretValues, oncall: PagerdutyOncall | undefined): KubernetesAlertingArtifacts {
  const mounts = artifacts.routing?.secretMounts ?? [];
  return {
    prometheusRules: artifacts.prometheusRules,
    alertmanagerConfig: artifacts.routing?.config,
    alertmanagerTemplates: artifacts.alertmanagerTemplates,
    alertmanagerSecrets: [...new Set(mounts.map((m) => m.secretName))],
    alertmanagerSecretValues: mounts.flatMap((m) => {
      if (m.create) return [{ name: m.secretName, key: m.key, value: secrets.writeOnly(m.create, m.purpose) }];
      if (m.createFromPagerdutyService && oncall)
        return [{ name: m.secretName, key: m.key, value: oncall.eventsRoutingKey(m.createFromPagerdutyService) }];
      return [];
    }),
    lokiRules: Object.fromEntries(Object.entries(artifacts.lokiRules).map(([name, file]) => [`${name}.yaml`, toYaml(file)])),
  };
}

/**
 * The local state file, `terraform.<stack>.tfstate` in the project root (the working directory of synth), as a path
 * relative to the folder Terraform runs in (`<outdir>/stacks/<stack>`): the same on every machine for the default
 * output (`../../../terraform.<stack>.tfstate`; cdktf's default is an absolute path of whoever ran synth), and still
 * the project's state when synthesizing to another `--output` folder.
 */
export function localStatePath(outdir: string, name: string, projectRoot = process.cwd()): string {
  const root = resolve(projectRoot);
  return relative(resolve(root, outdir, "stacks", name), join(root, `terraform.${name}.tfstate`));
}

function configureBackend(stack: TerraformStack, name: string, spec: EnvironmentSpec): void {
  const backend = spec.backend;
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: localStatePath(App.of(stack).outdir, name) });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${spec.name}/terraform.tfstate`,
        region: backend.region ?? (spec.cloud?.provider === "aws" ? spec.cloud.region : undefined),
        dynamodbTable: backend.dynamodbTable,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
      });
      // cdktf 0.21's S3BackendConfig predates `use_lockfile` (Terraform 1.10): set it on the block directly.
      if (backend.useLockfile) s3.addOverride("use_lockfile", true);
      return;
    }
    case "gcs":
      new GcsBackend(stack, {
        bucket: backend.bucket,
        prefix: `${backend.prefix}/${spec.name}`,
        kmsEncryptionKey: backend.kmsEncryptionKey,
      });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        resourceGroupName: backend.resourceGroupName,
        key: `${backend.keyPrefix}/${spec.name}/terraform.tfstate`,
        // Entra ID (the deploying identity's data-plane role) rather than the account's shared access keys.
        useAzureadAuth: true,
      });
      return;
  }
}
