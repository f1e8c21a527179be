import type { OsConfigOsPolicyAssignment } from "@cdktf/provider-google/lib/os-config-os-policy-assignment";
import { Construct } from "constructs";
import { fitName } from "../../src/render/fit-name";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const computeProjectMetadataItemModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/compute-project-metadata-item") as typeof import("@cdktf/provider-google/lib/compute-project-metadata-item"),
  );
const osConfigOsPolicyAssignmentModule = () =>
  providerModule(
    "@cdktf/provider-google",
    () =>
      require("@cdktf/provider-google/lib/os-config-os-policy-assignment") as typeof import("@cdktf/provider-google/lib/os-config-os-policy-assignment"),
  );

export interface GcpOpsAgentProps {
  readonly project: string;
  /** Assignment name prefix (`<prefix>-ops-agent-<zone>`). */
  readonly namePrefix: string;
  /** Zones the VMs run in; OS policy assignments are zonal. */
  readonly zones: readonly string[];
  /** VMs carrying all labels of any of these sets get the agent (including VMs created later). */
  readonly labelSets: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Share of the matching VMs changed at once during a roll-out. @default 25 */
  readonly disruptionBudgetPercent?: number;
}

/** Linux distributions the Ops Agent installation script supports (OS inventory short names). */
export const OPS_AGENT_LINUX = ["debian", "ubuntu", "rhel", "rocky", "centos", "sles", "opensuse-leap"] as const;

/** Exit codes OS Config expects from exec resources: 100 = in desired state, 101 = not (run enforce). */
const VALIDATE = "if systemctl is-active --quiet google-cloud-ops-agent; then exit 100; else exit 101; fi";
const ENFORCE = [
  "set -e",
  "curl -sSfO https://dl.google.com/cloudagents/add-google-cloud-ops-agent-repo.sh",
  "bash add-google-cloud-ops-agent-repo.sh --also-install",
  "systemctl enable --now google-cloud-ops-agent",
  "exit 100",
].join("\n");

/**
 * The Ops Agent on every Linux Compute Engine VM carrying the given labels, by OS Config: the project metadata turns
 * the OS Config agent on, and one OS policy assignment per zone installs and keeps the Ops Agent running (VMs created
 * later with the labels are wired within minutes, no manual step). The VMs' service account needs
 * `roles/monitoring.metricWriter` and `roles/logging.logWriter`.
 */
export class GcpOpsAgent extends Construct {
  readonly assignments: readonly OsConfigOsPolicyAssignment[];

  constructor(scope: Construct, id: string, props: GcpOpsAgentProps) {
    super(scope, id);
    if (props.labelSets.length === 0) throw new Error("'labelSets' must name at least one set of VM labels");
    const osConfig = new (computeProjectMetadataItemModule().ComputeProjectMetadataItem)(this, "enable-osconfig", {
      project: props.project,
      key: "enable-osconfig",
      value: "TRUE",
    });
    this.assignments = props.zones.map(
      (zone) =>
        new (osConfigOsPolicyAssignmentModule().OsConfigOsPolicyAssignment)(this, `assignment-${zone}`, {
          project: props.project,
          location: zone,
          name: fitName(`${props.namePrefix}-ops-agent-${zone}`, 63),
          description: "Installs and runs the Google Cloud Ops Agent (managed by cdktf-monitoring-stack)",
          instanceFilter: {
            inclusionLabels: props.labelSets.map((labels) => ({ labels: { ...labels } })),
            inventories: OPS_AGENT_LINUX.map((osShortName) => ({ osShortName })),
          },
          osPolicies: [
            {
              id: "ops-agent",
              mode: "ENFORCEMENT",
              allowNoResourceGroupMatch: false,
              resourceGroups: [
                {
                  inventoryFilters: OPS_AGENT_LINUX.map((osShortName) => ({ osShortName })),
                  resources: [
                    {
                      id: "install-ops-agent",
                      exec: {
                        validate: { interpreter: "SHELL", script: VALIDATE },
                        enforce: { interpreter: "SHELL", script: ENFORCE },
                      },
                    },
                  ],
                },
              ],
            },
          ],
          rollout: { disruptionBudget: { percent: props.disruptionBudgetPercent ?? 25 }, minWaitDuration: "60s" },
          dependsOn: [osConfig],
        }),
    );
  }
}
