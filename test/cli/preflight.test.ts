import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { deployPrerequisites } from "../../src/render/prerequisites";
import { resolveEnvironment } from "../../src/spec";
import { runCli } from "../support/run";

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
  runCli(["preflight", "--env", "dev", "--timeout", "10"], { env: { PATH: path, ...extra } });

describe("monitoring-stack preflight", () => {
  it("checks every prerequisite with kubectl and exits 0 when all are present", async () => {
    const result = await preflight(bin(true));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("[ok] Secret monitoring/catalog-db-monitoring keys password");
    expect(result.stdout).toContain("[ok] CustomResourceDefinition prometheuses.monitoring.coreos.com");
    expect(result.stdout).not.toMatch(/MISSING|not checked/);
    expect(result.stdout).toContain("all present.");
  });

  it("exits 1 and names a missing Secret", async () => {
    const result = await preflight(bin(true), { FAKE_MISSING: "orders-db-monitoring" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("[MISSING] Secret monitoring/orders-db-monitoring keys password");
    expect(result.stdout).toContain("[ok] Secret monitoring/catalog-db-monitoring keys password");
    expect(result.stdout).toContain("1 missing");
  });

  it('without kubectl reports each prerequisite as "not checked" with the reason and its command, and exits 0', async () => {
    const result = await preflight(bin(false));
    expect(result.status).toBe(0);
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.dev);
    for (const p of deployPrerequisites(spec)) expect(result.stdout).toContain(`    check: ${p.check}\n`);
    expect(result.stdout.match(/\[not checked: kubectl is not installed\]/g)).toHaveLength(deployPrerequisites(spec).length);
    expect(result.stdout).not.toContain("[ok]");
  });

  it("refuses an unknown environment or a bad timeout", async () => {
    expect((await runCli(["preflight", "--env", "nope"])).status).toBe(2);
    expect((await runCli(["preflight", "--env", "dev", "--timeout", "0"])).status).toBe(2);
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

  /** Runs a check with fake CLIs (name -> sh script body) first on the PATH; true when it passes. */
  const passes = (check: string, tools: Record<string, string>): boolean => {
    const dir = mkdtempSync(join(tmpdir(), "preflight-cli-"));
    dirs.push(dir);
    for (const [name, body] of Object.entries(tools)) {
      writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    }
    return spawnSync("/bin/sh", ["-c", check], { env: { PATH: `${dir}:/usr/bin:/bin` } }).status === 0;
  };

  it("the remote state backend comes first (terraform init needs it and Terraform never creates it); local state needs nothing", () => {
    const first = (env: keyof typeof BUNDLED_ENVIRONMENTS) => all(env)[0];
    expect(first("prod")).toMatchObject({
      kind: "StateBackend",
      name: "s3:shop-terraform-state",
      tool: "aws",
      // Locked by a lock file beside the state (use_lockfile): the bucket is all it needs.
      check: "aws s3api head-bucket --bucket 'shop-terraform-state' --region eu-west-1",
    });
    expect(first("gcp")).toMatchObject({ kind: "StateBackend", name: "gcs:shop-terraform-state", tool: "gcloud" });
    expect(first("azure")).toMatchObject({
      kind: "StateBackend",
      name: "azurerm:shopterraformstate/tfstate",
      check:
        "az storage container show --account-name 'shopterraformstate' --name 'tfstate' --auth-mode login --query name --output tsv | grep -q .",
    });
    expect(all("dev").some((p) => p.kind === "StateBackend")).toBe(false);
    // A backend that still lists a DynamoDB lock table (moving to lock files) needs the table as well.
    const prod = BUNDLED_ENVIRONMENTS.prod;
    const withTable = resolveEnvironment({
      ...prod,
      backend: { ...prod.backend, type: "s3", bucket: "shop-terraform-state", dynamodbTable: "shop-terraform-locks" },
    });
    const check = deployPrerequisites(withTable)[0].check;
    expect(check).toContain("aws dynamodb describe-table --table-name 'shop-terraform-locks'");
    expect(passes(check, { aws: 'case "$1" in s3api) exit 0 ;; dynamodb) echo ACTIVE ;; esac' })).toBe(true);
    expect(passes(check, { aws: 'case "$1" in s3api) exit 0 ;; dynamodb) exit 254 ;; esac' })).toBe(false);
    expect(passes(check, { aws: 'case "$1" in s3api) exit 254 ;; dynamodb) echo ACTIVE ;; esac' })).toBe(false);
    expect(passes(first("prod").check, { aws: 'case "$1" in s3api) exit 0 ;; esac' })).toBe(true);
    expect(passes(first("prod").check, { aws: 'case "$1" in s3api) exit 254 ;; esac' })).toBe(false);
  });

  it("the workload identity of a managed cluster, which the stack's cloud roles trust and cannot turn on", () => {
    const setting = (env: keyof typeof BUNDLED_ENVIRONMENTS) => all(env).filter((p) => p.kind === "ClusterSetting");
    expect(setting("dev")).toEqual([]);
    expect(setting("prod").map((p) => p.name)).toEqual(["eks-oidc-provider:shop-prod"]);
    expect(setting("gcp").map((p) => p.name)).toEqual(["gke-workload-identity:shop-gke"]);
    expect(setting("azure").map((p) => p.name)).toEqual(["aks-workload-identity:shop-aks"]);

    // EKS: an IAM OIDC provider for the cluster's issuer (another cluster's does not count).
    const [eks] = setting("prod");
    const issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
    const awsWith = (providers: string) => `case "$1" in eks) echo ${issuer} ;; iam) printf '${providers}\\n' ;; esac`;
    const arn = (id: string) => `arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/${id}`;
    expect(passes(eks.check, { aws: awsWith(`${arn("XYZ")}\\t${arn("ABC123")}`) })).toBe(true);
    expect(passes(eks.check, { aws: awsWith(arn("XYZ")) })).toBe(false);
    expect(passes(eks.check, { aws: awsWith(arn("ABC1234")) })).toBe(false);

    // GKE: the project's workload pool on the cluster and the GKE metadata server on every node pool.
    const [gke] = setting("gcp");
    const gcloudWith = (pool: string, modes: string) => `case "$2" in clusters) echo '${pool}' ;; node-pools) printf '${modes}' ;; esac`;
    expect(passes(gke.check, { gcloud: gcloudWith("shop-prod-4821.svc.id.goog", "GKE_METADATA\\nGKE_METADATA\\n") })).toBe(true);
    expect(passes(gke.check, { gcloud: gcloudWith("", "GKE_METADATA\\n") })).toBe(false);
    expect(passes(gke.check, { gcloud: gcloudWith("shop-prod-4821.svc.id.goog", "GKE_METADATA\\nGCE_METADATA\\n") })).toBe(false);

    // AKS: OIDC issuer and workload identity both on.
    const [aks] = setting("azure");
    expect(aks.check).toContain("--query 'oidcIssuerProfile.enabled && securityProfile.workloadIdentity.enabled'");
    expect(passes(aks.check, { az: "echo true" })).toBe(true);
    expect(passes(aks.check, { az: "echo false" })).toBe(false);
  });

  it("a Slack workspace that AWS Chatbot delivers to is authorized once in the console, before the apply", () => {
    const chatbot = all("prod").filter((p) => p.name?.startsWith("chatbot-slack-workspace:"));
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);
    const workspaces = new Set(spec.channels.flatMap((c) => (c.type === "slack" && c.chatbot ? [c.chatbot.workspaceId] : [])));
    expect(workspaces.size).toBeGreaterThan(0);
    expect(chatbot.map((p) => p.name)).toEqual([...workspaces].map((w) => `chatbot-slack-workspace:${w}`));
    const [workspace] = [...workspaces];
    const [check] = chatbot.map((p) => p.check);
    expect(passes(check, { aws: `echo ${workspace}` })).toBe(true);
    expect(passes(check, { aws: "true" })).toBe(false);
  });

  it("account settings the CloudWatch alarms rely on, only where the spec watches such resources", () => {
    const settings = all("staging").filter((p) => p.kind === "AccountSetting" && !p.name?.startsWith("chatbot-"));
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
    expect(
      deployPrerequisites(resolveEnvironment(none)).filter((p) => p.kind === "AccountSetting" && !p.name?.startsWith("chatbot-")),
    ).toEqual([]);
  });
});
