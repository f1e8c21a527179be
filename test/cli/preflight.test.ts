import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { deployPrerequisites } from "../../src/render/prerequisites";
import { resolveEnvironment } from "../../src/spec";
import { runTs } from "../support/run";

/**
 * A PATH holding only node, sh and grep (what the command and the checks need), and optionally a fake kubectl that
 * answers by its arguments: the cluster is reachable, every Secret holds its keys except those in FAKE_MISSING, a
 * default StorageClass exists, the prometheus-operator CRDs are absent.
 */
const dirs: string[] = [];
function bin(withKubectl: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "preflight-bin-"));
  dirs.push(dir);
  for (const tool of ["node", "sh", "grep"]) symlinkSync(`/usr/bin/${tool}`, join(dir, tool));
  if (withKubectl) {
    writeFileSync(
      join(dir, "kubectl"),
      `#!/bin/sh
case "$1 $2" in
  "version --request-timeout"*) echo "Server Version: v1.33.0"; exit 0 ;;
  "get secret")
    for m in $FAKE_MISSING; do [ "$m" = "$3" ] && { echo "Error from server (NotFound): secrets \\"$3\\" not found" >&2; exit 1; }; done
    printf 'c2VjcmV0'; exit 0 ;;
  "get storageclass") printf 'standard'; exit 0 ;;
  "get crd") exit 0 ;;
esac
echo "fake kubectl: unexpected $*" >&2; exit 3
`,
    );
    chmodSync(join(dir, "kubectl"), 0o755);
  }
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const preflight = (path: string, extra: Record<string, string> = {}) =>
  runTs("src/cli/main.ts", ["preflight", "--env", "dev", "--timeout", "10"], { PATH: path, ...extra });

describe("monitoring-stack preflight", () => {
  it("checks every prerequisite with kubectl and exits 0 when all are present", () => {
    const result = preflight(bin(true));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("[ok] Secret monitoring/catalog-db-monitoring keys password");
    expect(result.stdout).toContain("[ok] CustomResourceDefinition prometheuses.monitoring.coreos.com");
    expect(result.stdout).not.toMatch(/MISSING|not checked/);
    expect(result.stdout).toContain("all present.");
  });

  it("exits 1 and names a missing Secret", () => {
    const result = preflight(bin(true), { FAKE_MISSING: "orders-db-monitoring" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("[MISSING] Secret monitoring/orders-db-monitoring keys password");
    expect(result.stdout).toContain("[ok] Secret monitoring/catalog-db-monitoring keys password");
    expect(result.stdout).toContain("1 missing");
  });

  it('without kubectl reports each prerequisite as "not checked" with the reason and its command, and exits 0', () => {
    const result = preflight(bin(false));
    expect(result.status).toBe(0);
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.dev);
    for (const p of deployPrerequisites(spec)) expect(result.stdout).toContain(`    check: ${p.check}\n`);
    expect(result.stdout.match(/\[not checked: kubectl is not installed\]/g)).toHaveLength(deployPrerequisites(spec).length);
    expect(result.stdout).not.toContain("[ok]");
  });

  it("refuses an unknown environment or a bad timeout", () => {
    expect(runTs("src/cli/main.ts", ["preflight", "--env", "nope"]).status).toBe(2);
    expect(runTs("src/cli/main.ts", ["preflight", "--env", "dev", "--timeout", "0"]).status).toBe(2);
  });
});

describe("deploy prerequisites: the command that checks each kind", () => {
  const all = (env: keyof typeof BUNDLED_ENVIRONMENTS) => deployPrerequisites(resolveEnvironment(BUNDLED_ENVIRONMENTS[env]));
  const input = (env: keyof typeof BUNDLED_ENVIRONMENTS) => structuredClone(BUNDLED_ENVIRONMENTS[env]);

  it("a CRD installed by something other than the stack's CRDs release conflicts", () => {
    const crd = all("dev").find((p) => p.kind === "CustomResourceDefinition");
    expect(crd?.check).toContain("kubectl get crd prometheuses.monitoring.coreos.com --ignore-not-found -o jsonpath=");
    expect(crd?.check).toContain("'prometheuses.monitoring.coreos.com|Helm|prometheus-operator-crds|monitoring'");
    for (const [answer, ok] of [
      ["", true],
      ["prometheuses.monitoring.coreos.com|Helm|prometheus-operator-crds|monitoring", true],
      ["prometheuses.monitoring.coreos.com|Helm|kube-prometheus-stack|monitoring", false],
      ["prometheuses.monitoring.coreos.com|||", false],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), "preflight-crd-"));
      dirs.push(dir);
      writeFileSync(join(dir, "kubectl"), `#!/bin/sh\nprintf '%s' '${answer}'\n`);
      chmodSync(join(dir, "kubectl"), 0o755);
      const status = spawnSync("/bin/sh", ["-c", crd?.check ?? "false"], { env: { PATH: `${dir}:/usr/bin:/bin` } }).status;
      expect(status === 0, answer).toBe(ok);
    }
  });

  it("secrets in the cloud store: describe, never read the value", () => {
    const checks = all("staging")
      .concat(all("gcp"), all("azure"))
      .filter((p) => p.kind === "CloudSecret")
      .map((p) => p.check);
    expect(checks).toContain(
      "aws ssm get-parameter --name '/monitoring/staging/slack-webhook-url' --region eu-west-1 --query Parameter.Name --output text",
    );
    expect(checks).toContain(
      "aws secretsmanager describe-secret --secret-id 'monitoring/staging/orders-db' --region eu-west-1 --query Name --output text",
    );
    expect(checks).toContain(
      "gcloud secrets versions describe latest --secret 'monitoring-slack-webhook-url' --project shop-prod-4821 --format 'value(state)' | grep -qx ENABLED",
    );
    expect(checks).toContain(
      "az keyvault secret show --vault-name 'shop-monitoring-kv' --name 'slack-webhook-url' --query id --output tsv",
    );
    for (const check of checks) expect(check).not.toMatch(/with-decryption|get-secret-value|access|SecretString/);
  });

  it("account settings the CloudWatch alarms rely on, only where the spec watches such resources", () => {
    const settings = all("staging").filter((p) => p.kind === "AccountSetting");
    expect(settings.map((p) => [p.name, p.check])).toEqual([
      [
        "cloudwatch-resource-tags-for-telemetry",
        "aws observabilityadmin get-telemetry-enrichment-status --region eu-west-1 --query Status --output text | grep -qx Running",
      ],
      [
        "asg-group-metrics:shop-staging-app",
        "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names 'shop-staging-app' --region eu-west-1 --query 'length(AutoScalingGroups[0].EnabledMetrics[?Metric==`GroupDesiredCapacity` || Metric==`GroupInServiceInstances`])' --output text | grep -qx 2",
      ],
    ]);
    const none = input("staging");
    if (none.cloud?.provider !== "aws") throw new Error("staging is on AWS");
    none.cloud.watch = { ...none.cloud.watch, ec2: [], autoScalingGroups: [] };
    expect(deployPrerequisites(resolveEnvironment(none)).filter((p) => p.kind === "AccountSetting")).toEqual([]);
  });
});
