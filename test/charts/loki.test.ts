import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { helmAvailability, type KubeObject, releasesOf, renderRelease } from "../support/helm";
import { bundled, resourcesOf, synthEnvironment, type TerraformJson } from "../support/synth";
import { bundledStacks } from "./bundled";

const helm = helmAvailability();

async function renderedLoki(env: string): Promise<KubeObject[]> {
  const release = releasesOf(bundledStacks()[env]).find((r) => r.chart === "loki");
  if (!release) throw new Error(`${env} has no Loki release`);
  return (await renderRelease(release)).objects;
}

/** Loki's own configuration as the chart renders it into its ConfigMap. */
function lokiConfig(objects: readonly KubeObject[]): TerraformJson {
  const map = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "loki");
  if (!map) throw new Error("no loki ConfigMap");
  return parseYaml(map.data["config.yaml"]);
}

describe.skipIf(helm.skip)("Loki as the pinned chart renders it", () => {
  it("the compactor's volume has the size and storage class the stack asks for (the chart reads persistence.claims)", async () => {
    const compactor = (await renderedLoki("prod")).find((o) => o.kind === "StatefulSet" && o.metadata.name === "loki-compactor");
    const claim = compactor?.spec.volumeClaimTemplates?.[0];
    expect(claim?.spec.resources.requests.storage).toBe("20Gi");
    expect(claim?.spec.storageClassName).toBe("gp3");
  });

  it("no ClusterRole or Role lets Loki read Secrets (the unused rules sidecar is off)", async () => {
    for (const env of ["dev", "prod"]) {
      const roles = (await renderedLoki(env)).filter((o) => o.kind === "ClusterRole" || o.kind === "Role");
      const secretReaders = roles.filter((r) => (r.rules ?? []).some((rule: TerraformJson) => (rule.resources ?? []).includes("secrets")));
      expect(
        secretReaders.map((r) => `${r.kind}/${r.metadata.name}`),
        env,
      ).toEqual([]);
    }
  });

  it("two rulers shard the rule groups and write to every Prometheus replica through the headless Service", async () => {
    const objects = await renderedLoki("prod");
    const ruler = objects.find((o) => o.kind === "StatefulSet" && o.metadata.name === "loki-ruler");
    expect(ruler?.spec.replicas).toBe(2);
    const config = lokiConfig(objects).ruler;
    expect(config.enable_sharding).toBe(true);
    expect(Object.values(config.remote_write.clients).map((c) => (c as { url: string }).url)).toEqual([
      "http://prometheus-kube-prometheus-prometheus-0.prometheus-operated.monitoring.svc:9090/api/v1/write",
      "http://prometheus-kube-prometheus-prometheus-1.prometheus-operated.monitoring.svc:9090/api/v1/write",
    ]);
    // dev: one Prometheus, one ruler (the single binary), nothing to shard.
    const dev = lokiConfig(await renderedLoki("dev")).ruler;
    expect(dev.enable_sharding).toBeUndefined();
    expect(Object.keys(dev.remote_write.clients)).toHaveLength(1);
  });
});

describe("Loki's bucket and identity", () => {
  it("AWS, Google Cloud and Azure expire only chunks (the tenant prefix), later than Loki's retention, never index/ or delete_requests/", () => {
    const stacks = bundledStacks();
    // prod: 90 d logs; gcp: 90 d; azure: 30 d (Loki is Distributed in the ha environments only).
    // Loki's bucket (prod also keeps the audit trail's files in a bucket with a lifecycle of its own).
    const [aws] = resourcesOf(stacks.prod, "aws_s3_bucket_lifecycle_configuration").filter((l) => String(l.bucket).includes("loki"));
    const expiry = aws.rule.find((r: TerraformJson) => r.expiration);
    expect(expiry.filter).toEqual([{ prefix: "fake/" }]);
    expect(expiry.expiration[0].days).toBeGreaterThan(90);
    // Old versions and abandoned uploads still go everywhere.
    expect(aws.rule.find((r: TerraformJson) => r.noncurrent_version_expiration)?.filter).toEqual([{ prefix: "" }]);
    // Azure's bundled environment is small (no bucket): the same environment on the ha profile.
    const azure = bundled("azure");
    azure.profile = "ha";
    (azure.kubernetes as TerraformJson).tracing = { storage: { type: "opensearch", url: "https://search.example.com" } };
    for (const [stack, days] of [
      [stacks.gcp, 90],
      [synthEnvironment(azure), 30],
    ] as const) {
      expect(Object.keys(stack.resource).filter((t) => /storage_bucket$|management_policy$/.test(t))).toHaveLength(1);
      if (stack.resource?.google_storage_bucket) {
        const [bucket] = resourcesOf(stack, "google_storage_bucket");
        const rule = bucket.lifecycle_rule[0];
        expect(rule.condition).toMatchObject({ matches_prefix: ["fake/"] });
        expect(rule.condition.age).toBeGreaterThan(days);
        // Versioned, like the S3 bucket: a mistaken overwrite or deletion can be undone; old versions expire.
        expect(bucket.versioning).toEqual({ enabled: true });
        expect(bucket.lifecycle_rule[1]).toEqual({
          action: { type: "Delete" },
          condition: { days_since_noncurrent_time: 7, with_state: "ARCHIVED" },
        });
      }
      if (stack.resource?.azurerm_storage_management_policy) {
        const rule = resourcesOf(stack, "azurerm_storage_management_policy")[0].rule[0];
        expect(rule.filters.prefix_match).toEqual(["loki/fake/"]);
        expect(rule.actions.base_blob.delete_after_days_since_creation_greater_than).toBeGreaterThan(days);
        // Soft delete for blobs and the container.
        expect(resourcesOf(stack, "azurerm_storage_account")[0].blob_properties).toEqual({
          delete_retention_policy: { days: 7 },
          container_delete_retention_policy: { days: 7 },
        });
      }
    }
  });

  it.each(["prod", "gcp", "azure"])("%s: Loki's release waits for its workload identity's role and grants", (env) => {
    const input = bundled(env as "prod");
    if (env === "azure") {
      input.profile = "ha";
      (input.kubernetes as TerraformJson).tracing = { storage: { type: "opensearch", url: "https://search.example.com" } };
    }
    const stack = env === "azure" ? synthEnvironment(input) : bundledStacks()[env];
    const [id] = Object.entries(stack.resource.helm_release as Record<string, TerraformJson>).find(([, r]) => r.chart === "loki") ?? [];
    const deps: string[] = stack.resource.helm_release[id as string].depends_on;
    const expected =
      env === "prod"
        ? ["aws_iam_role.", "aws_iam_role_policy."]
        : env === "gcp"
          ? ["google_service_account_iam_member.", "google_storage_bucket_iam_member."]
          : ["azurerm_federated_identity_credential.", "azurerm_role_assignment."];
    for (const prefix of expected)
      expect(
        deps.some((d) => d.startsWith(prefix)),
        `${env}: Loki depends on a ${prefix}`,
      ).toBe(true);
  });

  it("the gateway serves only push and read paths: deletion, flush, config, rings and rule writes get 403", async () => {
    for (const env of ["dev", "prod"]) {
      const gateway = (await renderedLoki(env)).find((o) => o.kind === "ConfigMap" && o.metadata.name === "loki-gateway");
      const conf: string = gateway?.data["nginx.conf"] ?? "";
      // Every location block but the local-only stub_status starts with the guard; its regex decides what passes.
      const locations = conf
        .split(/\n\s*location\s+/)
        .slice(1)
        .filter((block) => !block.startsWith("= /stub_status"));
      expect(locations.length, env).toBeGreaterThan(10);
      const guards = new Set(locations.map((block) => /if \(\$uri !~ "([^"]+)"\) \{ return 403; \}/.exec(block)?.[1]));
      expect([...guards].length, `${env}: one guard in every location`).toBe(1);
      const [guard] = [...guards];
      if (!guard) throw new Error(`${env}: locations without the guard`);
      const served = new RegExp(guard);
      for (const path of [
        "/",
        "/loki/api/v1/push",
        "/loki/api/v1/query_range",
        "/loki/api/v1/label/app/values",
        "/loki/api/v1/tail",
        "/loki/api/v1/index/volume",
      ])
        expect(served.test(path), `${env}: ${path} is served`).toBe(true);
      for (const path of [
        "/loki/api/v1/delete",
        "/flush",
        "/config",
        "/loki/api/v1/rules",
        "/loki/api/v1/rules/fake",
        "/ingester/shutdown",
        "/ring",
        "/memberlist",
        "/otlp/v1/logs",
        "/api/prom/push",
        "/loki/api/v1/push/../delete",
      ])
        expect(served.test(path), `${env}: ${path} is refused`).toBe(false);
    }
  });
});
