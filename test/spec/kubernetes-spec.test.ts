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

  describe("Grafana SSO", () => {
    const sso = {
      clientId: "grafana-qa",
      clientSecret: { kubernetesSecret: { name: "grafana-oidc", key: "client-secret" } },
      authUrl: "https://idp.example.com/authorize",
      tokenUrl: "https://idp.example.com/token",
      userInfoUrl: "https://idp.example.com/userinfo",
      roles: { admin: ["ops"] },
    };
    const ingress = { host: "grafana.qa.example.com" };

    it("accepts a provider with an ingress, and defaults: the login form off, standard scopes, the groups claim", () => {
      const grafana = resolveEnvironment({ ...minimal, kubernetes: { ...cluster, grafana: { ingress, sso } } }).kubernetes?.grafana;
      expect(grafana?.sso).toMatchObject({ name: "SSO", loginForm: false, scopes: ["openid", "email", "profile"], groupsClaim: "groups" });
      expect(grafana?.sso?.roles.editor).toEqual([]);
    });

    it("reports every inconsistency at once: no ingress, plain http endpoints, no admin group, a group under two roles, a quote in a group", () => {
      expect(
        problems({
          ...minimal,
          kubernetes: {
            ...cluster,
            grafana: { sso: { ...sso, tokenUrl: "http://idp.example.com/token", roles: { admin: [], editor: ["dev", "it's"] } } },
          },
        }),
      ).toEqual([
        'kubernetes.grafana.sso.tokenUrl: expected an https:// URL, received the string "http://idp.example.com/token"',
        "kubernetes.grafana.sso.roles.admin: list at least one group: administration goes through the identity provider, received a list of 0",
        `kubernetes.grafana.sso.roles.editor[1]: expected a group name or id without quotes, backslashes or line breaks, received the string "it's"`,
        "kubernetes.grafana.sso: needs kubernetes.grafana.ingress: the identity provider redirects the browser back to https://<host>/login/generic_oauth, and session cookies are only sent over HTTPS",
      ]);
      expect(
        problems({
          ...minimal,
          kubernetes: { ...cluster, grafana: { sso: { ...sso, roles: { admin: ["ops"], viewer: ["ops", "all"] } } } },
        }),
      ).toEqual([
        "kubernetes.grafana.sso: needs kubernetes.grafana.ingress: the identity provider redirects the browser back to https://<host>/login/generic_oauth, and session cookies are only sent over HTTPS",
        'kubernetes.grafana.sso.roles.viewer[0]: group "ops" is also listed under roles.admin; list each group under one role (a member gets the highest role of their groups)',
      ]);
    });

    it("refuses a literal client secret and a store reference without its cloud", () => {
      const literal = problems({
        ...minimal,
        kubernetes: { ...cluster, grafana: { ingress, sso: { ...sso, clientSecret: "s3cr3t-value" } } },
      });
      expect(literal).toHaveLength(1);
      expect(literal[0]).toMatch(/^kubernetes\.grafana\.sso\.clientSecret: expected a secret reference/);
      expect(
        problems({
          ...minimal,
          kubernetes: { ...cluster, grafana: { ingress, sso: { ...sso, clientSecret: { ssmParameter: "/qa/oidc" } } } },
        }),
      ).toEqual([
        'kubernetes.grafana.sso.clientSecret: this reference needs a cloud section with provider "aws"; use { terraformVariable } instead',
      ]);
    });
  });
});
