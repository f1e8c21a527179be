import { describe, expect, it } from "vitest";
import { checkEnvironment, type EnvironmentInput } from "../../src/spec";
import { bundled } from "../support/synth";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary (also invalid) values into spec inputs
type Loose = any;

/** The problems of a modified bundled spec, as "path: message" lines. */
function problemsOf(base: Parameters<typeof bundled>[0], change: (spec: Loose) => void): string[] {
  const spec = bundled(base) as Loose;
  change(spec);
  const result = checkEnvironment(spec as EnvironmentInput);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

const SLACK_WEBHOOK = "https://hooks.slack.com/services/T01234567/B01234567/AbCdEfGhIjKlMnOpQrStUvWx";

describe("names are checked against the system that receives them", () => {
  it("Kubernetes: Secret, StorageClass and IngressClass names are DNS subdomains; Secret keys are Secret keys", () => {
    expect(problemsOf("prod", (s) => (s.kubernetes.storageClass = "GP3 Fast"))).toEqual([
      expect.stringMatching(/^kubernetes\.storageClass: expected a StorageClass name: .*DNS subdomain.*received the string "GP3 Fast"$/),
    ]);
    expect(problemsOf("prod", (s) => (s.kubernetes.grafana.ingress.className = "Foo Bar"))[0]).toMatch(
      /^kubernetes\.grafana\.ingress\.className: expected an IngressClass name/,
    );
    expect(problemsOf("prod", (s) => (s.kubernetes.databases[0].passwordSecret = { name: "Orders_DB", key: "pass word" }))).toEqual([
      expect.stringMatching(/^kubernetes\.databases\[0\]\.passwordSecret\.name: expected a Kubernetes Secret name/),
      expect.stringMatching(/^kubernetes\.databases\[0\]\.passwordSecret\.key: expected a Secret key/),
    ]);
    expect(
      problemsOf("dev", (s) =>
        s.channels.push({ type: "slack", name: "k8s", channel: "#x", webhookUrl: { kubernetesSecret: { name: "My_Secret", key: "url" } } }),
      )[0],
    ).toMatch(/^channels\[\d\]\.webhookUrl\.kubernetesSecret\.name: expected a Kubernetes Secret name/);
  });

  it("Helm: a database exporter's release name stays within 53 characters", () => {
    expect(problemsOf("prod", (s) => (s.kubernetes.databases[0].name = `d${"a".repeat(39)}`))).toEqual([
      expect.stringMatching(
        /^kubernetes\.databases\[0\]\.name: expected a shorter name: Helm release "postgres-exporter-da+" would be 58 characters/,
      ),
    ]);
  });

  it("AWS tags: the reserved aws: prefix and characters AWS refuses", () => {
    expect(problemsOf("prod", (s) => (s.cloud.tags["aws:owner"] = "me"))).toEqual([
      'cloud.tags.aws:owner: expected a tag key without the "aws:" prefix, which AWS reserves for its own tags, received the key "aws:owner"',
    ]);
    expect(problemsOf("prod", (s) => (s.cloud.tags.owner = "a;b"))).toEqual([
      'cloud.tags.owner: expected a tag value of letters, digits, spaces and _ . : / = + - @, received the string "a;b"',
    ]);
  });

  it("ARNs: a Secrets Manager reference takes a Secrets Manager ARN, not another service's", () => {
    expect(problemsOf("prod", (s) => (s.oncall.token = { secretsManager: "arn:aws:ssm:eu-west-1:123456789012:parameter/pd" }))).toEqual([
      'oncall.token.secretsManager: expected the ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>), received an ARN of service "ssm"',
    ]);
    expect(
      problemsOf(
        "prod",
        (s) => (s.oncall.token = { secretsManager: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitoring/pd-AbC1" }),
      ),
    ).toEqual([]);
  });
});

describe("secret references", () => {
  it.each([
    ["secretsManager", { secretsManager: SLACK_WEBHOOK }],
    ["secretsManager", { secretsManager: "monitoring/pagerduty?token=u+AbCdEfGhIjKlMnOp" }],
    ["ssmParameter", { ssmParameter: "/hooks.slack.com/services/T01234567/B01234567/AbCdEfGhIjKlMnOpQrStUvWx" }],
    ["terraformVariable", { terraformVariable: "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789" }],
    ["jsonKey", { secretsManager: "monitoring/slack", jsonKey: "xoxb-1234567890-AbCdEfGhIjKl" }],
  ])("reject a credential pasted into %s, without echoing it", (field, ref) => {
    const problems = problemsOf("prod", (s) => (s.channels[1].webhookUrl = ref));
    expect(problems).toEqual([
      `channels[1].webhookUrl.${field}: expected the name of where the credential is stored, received what looks like the credential itself (value not shown); store it there and give its name`,
    ]);
  });
});
