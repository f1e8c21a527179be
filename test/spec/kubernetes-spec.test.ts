import { describe, expect, it } from "vitest";
import { checkEnvironment, resolveEnvironment } from "../../src/spec";
import { bundled } from "../support/synth";

// A webhook receives every severity and needs no SMTP relay: the minimal channel other checks accept.
const minimal = {
  name: "qa",
  channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
  alerting: { heartbeat: { url: { terraformVariable: "heartbeat_url" } } },
  runbookBaseUrl: "https://runbooks.example.com/qa",
  // Secret references need remote state unless local state is kept on purpose (tested in validation.test.ts).
  backend: { type: "local", allowLocalState: true },
};
const cluster = { connection: { type: "kubeconfig" } };

function problems(input: unknown): string[] {
  const result = checkEnvironment(input);
  // Only this section's problems: other sections have their own suites.
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`).filter((p) => /^(profile|kubernetes)/.test(p));
}

describe("the kubernetes section of the spec", () => {
  it("applies defaults: a generated Grafana admin password (no Secret to prepare), 10 % probabilistic sampling, no managed Prometheus, no databases", () => {
    const k8s = resolveEnvironment({ ...minimal, kubernetes: cluster }).kubernetes;
    expect(k8s?.grafana.adminSecret).toBeUndefined();
    expect(k8s?.grafana.adminPassword).toBeUndefined();
    expect(k8s?.grafana.ingress).toBeUndefined();
    expect(k8s?.tracing.sampling).toEqual({ type: "probabilistic", percent: 10 });
    expect(k8s?.tracing.storage).toBeUndefined();
    expect(k8s?.managedPrometheus).toBe(false);
    expect(k8s?.databases).toEqual([]);
  });

  it("defaults database ports by engine and TLS for PostgreSQL", () => {
    const k8s = resolveEnvironment({
      ...minimal,
      kubernetes: {
        ...cluster,
        databases: [
          { name: "a", engine: "postgres", host: "pg", user: "u", passwordSecret: { name: "s" } },
          { name: "b", engine: "mysql", host: "my", user: "u", passwordSecret: { name: "s", key: "pw" } },
        ],
      },
    }).kubernetes;
    expect(k8s?.databases.map((d) => [d.port, d.sslMode, d.passwordSecret?.key])).toEqual([
      [5432, "require", "password"],
      [3306, "require", "pw"],
    ]);
  });

  it("requires durable trace storage for the ha profile", () => {
    const prod = bundled("prod");
    (prod.kubernetes as { tracing: unknown }).tracing = { storage: { type: "badger" } };
    expect(problems(prod)).toContain(
      'kubernetes.tracing.storage: the "ha" profile needs durable trace storage (elasticsearch, opensearch, aws-opensearch), received "badger"',
    );
  });

  it("requires a cloud section for the ha profile (object storage) and for a managed Prometheus", () => {
    const found = problems({
      ...minimal,
      profile: "ha",
      kubernetes: { ...cluster, managedPrometheus: true, tracing: { storage: { type: "opensearch", url: "https://os:9200" } } },
    });
    expect(found).toEqual([
      'profile: the "ha" profile keeps logs (and managed metrics) in object storage the stack creates, which needs a cloud section',
      "kubernetes.managedPrometheus: a managed Prometheus workspace needs a cloud section",
    ]);
  });

  it("requires an AWS cloud section for an Amazon OpenSearch domain", () => {
    const found = problems({
      ...minimal,
      kubernetes: {
        ...cluster,
        tracing: {
          storage: { type: "aws-opensearch", subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] },
        },
      },
    });
    expect(found).toEqual([
      'kubernetes.tracing.storage.type: "aws-opensearch" needs a cloud section with provider "aws", received no cloud section',
    ]);
  });

  it("rejects literal credentials, bad sampling and duplicate databases with the field named", () => {
    const found = problems({
      ...minimal,
      kubernetes: {
        ...cluster,
        tracing: { sampling: { type: "probabilistic", percent: 0 } },
        databases: [
          { name: "a", engine: "postgres", host: "pg", user: "u", password: "hunter2", passwordSecret: { name: "s" } },
          { name: "a", engine: "oracle", host: "pg", user: "u", passwordSecret: { name: "s" } },
        ],
      },
    });
    expect(found.some((p) => p.startsWith("kubernetes.tracing.sampling.percent:"))).toBe(true);
    // `password` takes a secret reference, never a literal.
    expect(
      found.some(
        (p) =>
          p.startsWith("kubernetes.databases[0].password: expected a secret reference") && p.includes("a literal value is not allowed"),
      ),
    ).toBe(true);
    expect(found.some((p) => p.startsWith("kubernetes.databases[1].engine:"))).toBe(true);
  });

  it("the bundled prod environment asks for the ha pieces", () => {
    const prod = resolveEnvironment(bundled("prod"));
    expect(prod.profile).toBe("ha");
    expect(prod.kubernetes?.managedPrometheus).toBe(true);
    expect(prod.kubernetes?.tracing.storage?.type).toBe("aws-opensearch");
  });
});
