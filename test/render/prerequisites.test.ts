import { describe, expect, it } from "vitest";
import { renderArtifacts } from "../../src/render/artifacts";
import { renderMonitoringDoc } from "../../src/render/docs/monitoring-doc";
import { prerequisites } from "../../src/render/prerequisites";
import { resolveEnvironment } from "../../src/spec";
import { bundled } from "../support/synth";

describe("prerequisites", () => {
  it("lists the Secrets a spec names with the keys components read, and the cluster's default storage class", () => {
    const list = prerequisites(resolveEnvironment(bundled("dev")));
    expect(list.map((p) => [p.kind, p.namespace, p.name, p.keys])).toEqual([
      ["Secret", "monitoring", "alertmanager-slack", ["webhook-url"]],
      ["Secret", "monitoring", "catalog-db-monitoring", ["password"]],
      ["Secret", "monitoring", "orders-db-monitoring", ["password"]],
      ["StorageClass", undefined, undefined, undefined],
    ]);
    expect(list.find((p) => p.name === "alertmanager-slack")?.why).toMatch(/^channels\[.*\]\.webhookUrl: /);
    expect(list.at(-1)?.check).toContain("is-default-class");
  });

  it("names the storage and ingress class the spec sets; a cert-manager annotation means the stack needs no TLS Secret", () => {
    const input = bundled("prod");
    const prod = prerequisites(resolveEnvironment(input));
    expect(prod.filter((p) => p.kind !== "Secret").map((p) => [p.kind, p.name, p.check])).toEqual([
      ["StorageClass", "gp3", "kubectl get storageclass gp3"],
      ["IngressClass", "alb", "kubectl get ingressclass alb"],
    ]);
    // An ALB takes its certificate from ACM; another controller reads the TLS Secret, unless cert-manager issues it.
    expect(prod.some((p) => p.name === "grafana-tls")).toBe(false);
    const k8s = input.kubernetes;
    if (!k8s?.grafana?.ingress) throw new Error("prod has an ingress");
    k8s.grafana.ingress.className = "nginx";
    expect(prerequisites(resolveEnvironment(input)).some((p) => p.name === "grafana-tls")).toBe(true);
    k8s.grafana.ingress.annotations = { "cert-manager.io/cluster-issuer": "letsencrypt" };
    expect(prerequisites(resolveEnvironment(input)).some((p) => p.name === "grafana-tls")).toBe(false);
  });

  it("lists only Secrets the spec names as existing (not those the stack creates from references), and is empty without a Kubernetes section", () => {
    // Grafana's password is generated, the database password comes from Secrets Manager: the stack creates both.
    expect(prerequisites(resolveEnvironment(bundled("staging"))).filter((p) => p.kind === "Secret")).toEqual([]);
    const input = bundled("dev");
    (input.kubernetes as { grafana?: unknown }).grafana = { adminSecret: { name: "my-admin" } };
    expect(prerequisites(resolveEnvironment(input)).find((p) => p.name === "my-admin")).toMatchObject({
      namespace: "monitoring",
      keys: ["admin-password", "admin-user"],
    });
    const staging = bundled("staging");
    delete staging.kubernetes;
    expect(prerequisites(resolveEnvironment(staging))).toEqual([]);
  });

  it("appear in the generated documentation with their check commands", () => {
    const spec = resolveEnvironment(bundled("prod"));
    const doc = renderMonitoringDoc(spec, renderArtifacts(spec));
    expect(doc).toContain("## Prerequisites");
    expect(doc).toContain(
      "| IngressClass `alb` | kubernetes.grafana.ingress.className: Grafana's Ingress | `kubectl get ingressclass alb` |",
    );
    // The account and cloud-store prerequisites too, and the command that checks them all before the deploy.
    expect(doc).toContain("Run `monitoring-stack preflight --env prod` before `cdktf deploy`");
    expect(doc).toContain("| CloudSecret `secretsmanager:monitoring/prod/pagerduty-api` |");
    expect(doc).toContain("| CustomResourceDefinition `prometheuses.monitoring.coreos.com` |");
  });
});
