import { parse as parseIni } from "ini";
import jmespath from "jmespath";
import { describe, expect, it } from "vitest";
import { helmAvailability, type KubeObject, releasesOf, renderRelease } from "../support/helm";
import type { TerraformJson } from "../support/synth";
import { bundledStacks } from "./bundled";

const helm = helmAvailability();

async function renderedKubePrometheus(stack: TerraformJson): Promise<KubeObject[]> {
  const release = releasesOf(stack).find((r) => r.chart === "kube-prometheus-stack");
  if (!release) throw new Error("no kube-prometheus-stack release");
  return (await renderRelease(release)).objects;
}

const grafanaOf = (objects: readonly KubeObject[]) =>
  objects.find((o) => o.kind === "Deployment" && o.metadata.labels?.["app.kubernetes.io/name"] === "grafana");

describe.skipIf(helm.skip)("Grafana as the pinned kube-prometheus-stack renders it", () => {
  it("ha (prod): one replica whose sqlite database is on a volume of the spec's class, replaced with Recreate", async () => {
    const objects = await renderedKubePrometheus(bundledStacks().prod);
    const grafana = grafanaOf(objects);
    expect(grafana?.spec.replicas).toBe(1);
    // RollingUpdate would start the new pod while the old one holds the ReadWriteOnce volume: stuck on another node.
    expect(grafana?.spec.strategy).toEqual({ type: "Recreate" });
    const claim = objects.find((o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === grafana?.metadata.name);
    expect(claim?.spec).toMatchObject({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "gp3",
      resources: { requests: { storage: "10Gi" } },
    });
    const storage = grafana?.spec.template.spec.volumes.find((v: TerraformJson) => v.name === "storage");
    expect(storage?.persistentVolumeClaim?.claimName).toBe(claim?.metadata.name);
    // The volume is Grafana's through the pod's fsGroup; no init container runs as root to chown it.
    expect(grafana?.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, fsGroup: 472 });
    expect((grafana?.spec.template.spec.initContainers ?? []).map((c: TerraformJson) => c.name)).not.toContain("init-chown-data");
  });

  it("small (dev): no volume, the chart's rolling update", async () => {
    const objects = await renderedKubePrometheus(bundledStacks().dev);
    const grafana = grafanaOf(objects);
    expect(grafana?.spec.strategy).toEqual({ type: "RollingUpdate" });
    expect(objects.some((o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === grafana?.metadata.name)).toBe(false);
  });

  it("prod signs in through OIDC: roles from groups, the client secret from a mounted file, the login form off, secure cookies and HSTS", async () => {
    const stack = bundledStacks().prod;
    const objects = await renderedKubePrometheus(stack);
    const grafana = grafanaOf(objects);
    const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === grafana?.metadata.name);
    const ini = parseIni(config?.data["grafana.ini"]);
    // The ini package nests dotted section names: [auth.generic_oauth] is ini.auth.generic_oauth.
    const oauth = ini.auth?.generic_oauth;
    expect(oauth).toMatchObject({
      enabled: true,
      client_id: "grafana-prod",
      auth_url: "https://login.example.com/oauth2/v1/authorize",
      token_url: "https://login.example.com/oauth2/v1/token",
      api_url: "https://login.example.com/oauth2/v1/userinfo",
      use_pkce: true,
    });
    // Break-glass only: no form login (basic auth on the API stays, the sidecar reloads with it).
    expect(ini.auth.disable_login_form).toBe(true);
    expect(ini.security).toMatchObject({ cookie_secure: true, cookie_samesite: "lax", strict_transport_security: true });
    expect(Number(ini.security.strict_transport_security_max_age_seconds)).toBeGreaterThanOrEqual(31_536_000);
    // The role mapping Grafana evaluates (JMESPath) over the provider's claims.
    const role = (claims: object) => jmespath.search(claims, oauth.role_attribute_path);
    expect(role({ groups: ["backend", "platform-admins"] })).toBe("Admin");
    expect(role({ groups: ["sre"] })).toBe("Editor");
    expect(role({ groups: ["marketing"] })).toBe("Viewer");
    expect(role({})).toBe("Viewer");
    // The secret is a file reference, read from the write-only Secret mounted into the Grafana container.
    const file = /^\$__file\{(.+)\}$/.exec(oauth.client_secret)?.[1] ?? "";
    const container = grafana?.spec.template.spec.containers.find((c: TerraformJson) => c.name === "grafana");
    const mount = container.volumeMounts.find((m: TerraformJson) => file.startsWith(`${m.mountPath}/`));
    const volume = grafana?.spec.template.spec.volumes.find((v: TerraformJson) => v.name === mount?.name);
    expect(volume?.secret).toMatchObject({ secretName: "grafana-oidc", items: [{ key: "client-secret", path: file.split("/").pop() }] });
    const secret = Object.values(stack.resource.kubernetes_secret_v1 as Record<string, TerraformJson>).find(
      (s) => s.metadata.name === "grafana-oidc",
    );
    expect(Object.keys(secret?.data_wo ?? {})).toEqual(["client-secret"]);
    expect(secret?.data_wo["client-secret"]).toMatch(/^\$\{ephemeral\.aws_secretsmanager_secret_version\./);
    expect(secret).not.toHaveProperty("data");
  });

  it("without an ingress (port-forward over http): no secure-cookie or HSTS settings, which would break sign-in", async () => {
    const objects = await renderedKubePrometheus(bundledStacks().dev);
    const grafana = grafanaOf(objects);
    const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === grafana?.metadata.name);
    const ini = parseIni(config?.data["grafana.ini"]);
    expect(ini.security?.cookie_secure).toBeUndefined();
    expect(ini.auth?.generic_oauth).toBeUndefined();
  });
});
