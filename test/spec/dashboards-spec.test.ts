import { describe, expect, it } from "vitest";
import { checkEnvironment, type EnvironmentInput, grafanaDeliveries, grafanaFolder, resolveEnvironment } from "../../src/spec";
import { bundled } from "../support/synth";

function problems(input: unknown): string[] {
  const result = checkEnvironment(input);
  if (result.ok) throw new Error("expected the spec to be invalid");
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

const external = {
  url: "https://grafana.example.com",
  auth: { terraformVariable: "grafana_auth" },
  dataSources: { prometheusUrl: "https://prometheus.example.com", auth: { prometheus: { type: "sigv4", region: "eu-west-1" } } },
};

describe("grafana spec section", () => {
  it("defaults to the in-cluster Grafana with a cluster, to nothing without, and to one folder per environment", () => {
    const dev = resolveEnvironment(bundled("dev"));
    expect(grafanaDeliveries(dev)).toEqual(["in-cluster"]);
    expect(grafanaFolder(dev)).toBe("monitoring-dev");
    const noCluster: EnvironmentInput = {
      name: "edge",
      channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
      backend: { type: "local", allowLocalState: true },
    };
    expect(grafanaDeliveries(resolveEnvironment(noCluster))).toEqual([]);
    const withFolder = resolveEnvironment({ ...bundled("dev"), grafana: { folder: "Shop dev" } });
    expect(grafanaFolder(withFolder)).toBe("Shop dev");
  });

  it("bundled prod delivers to both paths, dev to the cluster only", () => {
    expect(grafanaDeliveries(resolveEnvironment(bundled("prod")))).toEqual(["in-cluster", "external"]);
    expect(grafanaDeliveries(resolveEnvironment(bundled("dev")))).toEqual(["in-cluster"]);
  });

  it("requires the external section with the external path, and the path with the section", () => {
    expect(problems({ ...bundled("dev"), grafana: { delivery: ["external"] } })).toContain(
      'grafana.external: required when grafana.delivery lists "external"',
    );
    expect(problems({ ...bundled("dev"), grafana: { external } })).toContain(
      'grafana.external: set, but grafana.delivery does not list "external"; add it to delivery or remove this section',
    );
  });

  it("rejects the in-cluster path without a cluster, an unknown path and an empty list", () => {
    const input = bundled("staging");
    delete input.kubernetes;
    expect(problems({ ...input, alerting: {}, grafana: { delivery: ["in-cluster"] } })).toContain(
      'grafana.delivery: "in-cluster" needs a kubernetes section (the Grafana of the in-cluster stack); use "external" instead',
    );
    expect(problems({ ...bundled("dev"), grafana: { delivery: ["cloud"] } }).join("\n")).toMatch(
      /grafana\.delivery\[0\]: expected .*"in-cluster".*"external"/,
    );
    expect(problems({ ...bundled("dev"), grafana: { delivery: [] } }).join("\n")).toMatch(
      /grafana\.delivery: list at least one delivery path/,
    );
  });

  it("never takes the Grafana credential as a literal, nor a Kubernetes Secret Terraform cannot read", () => {
    const literal = problems({ ...bundled("dev"), grafana: { delivery: ["external"], external: { ...external, auth: "glsa_abc123" } } });
    expect(literal.join("\n")).toMatch(/grafana\.external\.auth: expected a secret reference .* a literal value is not allowed here/);
    const k8s = problems({
      ...bundled("dev"),
      grafana: { delivery: ["external"], external: { ...external, auth: { kubernetesSecret: { name: "g", key: "token" } } } },
    });
    expect(k8s.join("\n")).toMatch(
      /grafana\.external\.auth: the external Grafana is configured by Terraform, which cannot read a Kubernetes Secret/,
    );
    // dev's Slack webhook is a Kubernetes Secret: fine for Alertmanager in the cluster, not for a Grafana contact point.
    expect(problems({ ...bundled("dev"), grafana: { delivery: ["in-cluster", "external"], external } }).join("\n")).toMatch(
      /channels\[1\]\.webhookUrl: the external Grafana is configured by Terraform, which cannot read a Kubernetes Secret/,
    );
  });

  it("checks URLs and unknown keys", () => {
    const bad = problems({
      ...bundled("dev"),
      grafana: {
        delivery: ["external"],
        external: {
          ...external,
          url: "http://grafana.example.com",
          dataSources: { ...external.dataSources, prometheusUrl: "prometheus:9090", tempoUrl: "x" },
        },
      },
    }).join("\n");
    expect(bad).toMatch(/grafana\.external\.url: expected an https:\/\/ URL/);
    expect(bad).toMatch(/grafana\.external\.dataSources\.prometheusUrl: expected an http:\/\/ or https:\/\/ URL/);
    expect(bad).toMatch(/grafana\.external\.dataSources\.tempoUrl: unknown key/);
  });

  it("never provisions an open data source: each URL needs its authentication, and https unless through a private network", () => {
    const withSources = (dataSources: object) =>
      problems({ ...bundled("dev"), grafana: { delivery: ["in-cluster", "external"], external: { ...external, dataSources } } }).filter(
        (p) => p.startsWith("grafana.external.dataSources"),
      );
    expect(
      withSources({
        prometheusUrl: "http://prometheus.internal:9090",
        lokiUrl: "https://loki.example.com",
        auth: {
          prometheus: { type: "bearer", token: { terraformVariable: "prom_token" } },
          jaeger: { type: "sigv4", region: "eu-west-1" },
        },
      }),
    ).toEqual([
      'grafana.external.dataSources.prometheusUrl: expected an https:// URL: credentials would travel in clear text (http:// only through auth type "private-network"), received "http://prometheus.internal:9090"',
      "grafana.external.dataSources.auth.loki: required with lokiUrl: an open data source would let anyone who finds the URL read the environment's logs; use sigv4, basic, bearer or private-network",
      "grafana.external.dataSources.auth.jaeger: set, but grafana.external.dataSources has no jaegerUrl",
    ]);
    expect(
      withSources({
        prometheusUrl: "http://prometheus.internal:9090",
        auth: { prometheus: { type: "private-network", networkId: "pdc-1" } },
      }),
    ).toEqual([]);
    expect(withSources({ prometheusUrl: "https://p.example.com", auth: {} })).toEqual([
      "grafana.external.dataSources.auth.prometheus: required (expected object)",
    ]);
    expect(
      withSources({
        prometheusUrl: "https://p.example.com",
        auth: { prometheus: { type: "basic", user: "grafana", password: { kubernetesSecret: { name: "p", key: "pw" } } } },
      }),
    ).toEqual([
      "grafana.external.dataSources.auth.prometheus.password: the external Grafana is configured by Terraform, which cannot read a Kubernetes Secret; use { terraformVariable }, { ssmParameter } or { secretsManager }",
    ]);
  });
});
