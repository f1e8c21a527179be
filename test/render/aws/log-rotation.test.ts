import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderAgentGroups } from "../../../src/render/aws/agent";
import { LOG_ROTATION_POLICY, logRotationPath, logrotateConfig } from "../../../src/render/aws/log-rotation";
import { resolveEnvironment } from "../../../src/spec";
import { type AwsCloudSpec, awsWatchSchema } from "../../../src/spec/clouds/aws";
import { bundled, resourcesOf, synthEnvironment } from "../../support/synth";
import { writeTree } from "../../support/tools";

const LOGROTATE = ["/usr/sbin/logrotate", "/usr/bin/logrotate"].find((p) => existsSync(p));
// CI installs logrotate (scripts/install-validators.sh), so there a missing one fails, as for the other real tools.
if (!LOGROTATE && process.env.CI && process.env.CI !== "false")
  throw new Error("logrotate is not installed (apt-get install logrotate); CI must install it");
if (!LOGROTATE)
  process.stderr.write("skipping the logrotate check of the rotation policy: logrotate is not installed (apt-get install logrotate)\n");

describe("log rotation on watched instances", () => {
  const prod = resolveEnvironment(bundled("prod"));
  const groups = renderAgentGroups("prod", (prod.cloud as AwsCloudSpec).watch);

  it("rotates the files the agent ships, per agent group, and nothing where a group ships no file", () => {
    const app = groups.find((g) => g.id === "app-servers");
    const document = JSON.parse(app?.logRotation ?? "{}");
    expect(document.schemaVersion).toBe("2.2");
    const commands: string[] = document.mainSteps[0].inputs.runCommand;
    expect(commands).toContain('"/var/log/checkout/*.log" {');
    expect(commands).toContain(`  rotate ${LOG_ROTATION_POLICY.keep}`);
    expect(commands).toContain(`install -m 0644 "$tmp" ${logRotationPath("prod", "app-servers")}`);
    // Terraform would read ${…} in the document as an interpolation.
    expect(app?.logRotation).not.toContain("${");
    const noFiles = awsWatchSchema.parse({ ec2: [{ name: "bastion", tags: { Role: "bastion" } }] });
    expect(renderAgentGroups("qa", noFiles)[0].logRotation).toBeUndefined();
  });

  it("is an SSM Command document applied daily by State Manager to the same instances as the agent", () => {
    const stack = synthEnvironment(bundled("prod"));
    const document = resourcesOf(stack, "aws_ssm_document").find((d) => d.name === "prod-monitoring-app-servers-logrotate");
    expect(document).toMatchObject({ name: "prod-monitoring-app-servers-logrotate", document_type: "Command", document_format: "JSON" });
    const association = resourcesOf(stack, "aws_ssm_association").find(
      (a) => a.association_name === "prod-monitoring-app-servers-logrotate",
    );
    expect(association?.schedule_expression).toBe("rate(1 day)");
    expect(association?.targets).toEqual([
      { key: "tag:Role", values: ["app"] },
      { key: "tag:Environment", values: ["prod"] },
    ]);
  });

  it("refuses log file paths that would break the policy or the shell script", () => {
    const input = bundled("prod");
    const watch = (input.cloud as { watch: { logGroups: Array<{ files?: string[] }> } }).watch;
    watch.logGroups[0].files = ["/var/log/my app/*.log"];
    expect(() => resolveEnvironment(input)).toThrow(/logGroups\[0\]\.files\[0\]: expected an absolute path or glob/);
  });

  it.skipIf(!LOGROTATE)("is a policy logrotate accepts (logrotate --debug)", () => {
    const dir = writeTree({ "log/app.log": "line\n" }, "logrotate-");
    const config = join(dir, "policy");
    writeFileSync(config, logrotateConfig([join(dir, "log", "*.log")]));
    const run = spawnSync(LOGROTATE as string, ["--debug", "--state", join(dir, "state"), config], { encoding: "utf8", timeout: 10_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("rotating pattern");
  });
});
