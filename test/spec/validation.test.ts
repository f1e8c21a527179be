import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { checkEnvironment, type EnvironmentInput, resolveEnvironment, SpecValidationError } from "../../src/spec";
import { bundled } from "../support/synth";

function problems(input: unknown): Array<{ path: string; message: string }> {
  const result = checkEnvironment(input);
  if (result.ok) throw new Error("expected the spec to be invalid");
  return [...result.problems];
}

function problemAt(input: unknown, path: string): string {
  const found = problems(input).filter((p) => p.path === path);
  expect(
    found.map((p) => p.path),
    `problems: ${JSON.stringify(problems(input))}`,
  ).toContain(path);
  return found[0].message;
}

const minimal: EnvironmentInput = {
  name: "demo",
  channels: [{ type: "email", name: "team", addresses: ["team@example.com"], severities: ["critical", "warning", "info"] }],
};

describe("environment spec validation", () => {
  it.each(Object.keys(BUNDLED_ENVIRONMENTS))("accepts the bundled %s environment", (name) => {
    expect(checkEnvironment(BUNDLED_ENVIRONMENTS[name]).ok).toBe(true);
  });

  it("applies documented defaults in one place", () => {
    const spec = resolveEnvironment(minimal);
    expect(spec.profile).toBe("small");
    expect(spec.backend).toEqual({ type: "local", allowLocalState: false });
    expect(spec.retention.metrics.toPrometheus()).toBe("15d");
    expect(spec.retention.logs.toDays()).toBe(30);
    expect(spec.retention.traces.toDays()).toBe(7);
    expect(spec.services).toEqual([]);
    const withService = resolveEnvironment({
      ...minimal,
      services: [{ name: "api" }],
      kubernetes: { connection: { type: "kubeconfig" } },
      alerting: {
        smtp: { smarthost: "smtp.example.com:587", from: "alerts@example.com" },
        heartbeat: { url: { terraformVariable: "heartbeat_url" } },
      },
      backend: { type: "local", allowLocalState: true },
      runbookBaseUrl: "https://runbooks.example.com/qa",
    });
    expect(withService.services[0].namespace).toBe("default");
    expect(withService.services[0].metrics.port).toBe("http-metrics");
    expect(withService.services[0].metrics.interval.toSeconds()).toBe(30);
    expect(withService.kubernetes?.namespace).toBe("monitoring");
  });

  it("reports a wrong type with the path, what was expected and what was given", () => {
    const message = problemAt({ ...minimal, profile: 3 }, "profile");
    expect(message).toBe('expected "small" | "ha", received number 3');
    expect(
      problemAt({ ...minimal, services: [{ name: "api", slo: { availabilityPercent: "high" } }] }, "services[0].slo.availabilityPercent"),
    ).toBe('expected number, received the string "high"');
  });

  it("rejects unknown keys and suggests the intended one", () => {
    const message = problemAt({ ...minimal, services: [{ name: "api", namspace: "shop" }] }, "services[0].namspace");
    expect(message).toContain("unknown key");
    expect(message).toContain('did you mean "namespace"?');
    expect(problemAt({ ...minimal, retention: { log: "3d" } }, "retention.log")).toContain(
      "expected one of: metrics, metricsSize, logs, logStreams, traces",
    );
  });

  it("rejects a literal secret where a reference is required, without echoing it", () => {
    const hook = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX";
    const input = { ...minimal, channels: [{ type: "slack", name: "chat", channel: "#alerts", webhookUrl: hook }] };
    const message = problemAt(input, "channels[0].webhookUrl");
    expect(message).toContain("expected a secret reference");
    expect(message).toContain("a literal value is not allowed");
    expect(message).toContain("value not shown");
    expect(JSON.stringify(problems(input))).not.toContain("hooks.slack.com");
  });

  it("rejects an empty or malformed environment name", () => {
    expect(problemAt({ ...minimal, name: "" }, "name")).toBe(
      "expected a name of lower-case letters, digits and '-' (it must not be empty), received an empty string",
    );
    expect(problemAt({ ...minimal, name: "Prod_1" }, "name")).toContain("lower-case letters");
  });

  it("reports every problem at once", () => {
    const found = problems({
      name: "",
      profile: "huge",
      channels: [{ type: "teams", name: "x" }],
      retention: { metrics: "fortnight" },
      surprise: true,
    });
    expect(found.map((p) => p.path).sort()).toEqual(["channels[0].type", "name", "profile", "retention.metrics", "surprise"]);
    expect(found.find((p) => p.path === "channels[0].type")?.message).toContain('"email" | "sms" | "slack" | "pagerduty" | "webhook"');
    expect(found.find((p) => p.path === "retention.metrics")?.message).toContain('expected a duration such as "30s"');
  });

  it("requires at least one notification channel, and one that receives critical alerts", () => {
    expect(problemAt({ name: "demo", channels: [] }, "channels")).toContain("at least one notification channel");
    expect(problemAt({ name: "demo" }, "channels")).toContain("required");
    const emailOnly = { name: "demo", channels: [{ type: "email", name: "team", addresses: ["team@example.com"] }] };
    expect(problemAt(emailOnly, "channels")).toContain("no channel receives critical alerts");
  });

  it("needs an SMTP relay for email and an AWS account for SMS when Alertmanager delivers them", () => {
    const inCluster = { ...minimal, kubernetes: { connection: { type: "kubeconfig" } } };
    expect(problemAt(inCluster, "alerting.smtp")).toContain('email channel "team" is delivered by Alertmanager');
    const sms = {
      ...inCluster,
      alerting: { smtp: { smarthost: "smtp.example.com:587", from: "a@example.com" } },
      channels: [{ type: "sms", name: "phone", phoneNumbers: ["+14155550100"] }],
    };
    expect(problemAt(sms, "channels[0]")).toContain("through Amazon SNS");
    expect(checkEnvironment(minimal).ok).toBe(true); // no cluster, no Alertmanager: email goes through SNS only
  });

  it("asks for a runbook base URL where alerts link runbooks, or an explicit opt-out, and never both", () => {
    const cluster = {
      ...minimal,
      channels: [{ type: "webhook", name: "hook", url: { terraformVariable: "hook_url" } }],
      kubernetes: { connection: { type: "kubeconfig" } },
      alerting: { heartbeat: { url: { terraformVariable: "heartbeat_url" } } },
      backend: { type: "local", allowLocalState: true },
    };
    const message = problemAt(cluster, "runbookBaseUrl");
    expect(message).toContain("required with a cluster");
    expect(message).toContain("expected the https:// URL where the exported runbooks/ folder is published");
    expect(message).toContain("received nothing");
    const aws = { ...minimal, cloud: { provider: "aws", region: "eu-west-1" } };
    expect(problemAt(aws, "runbookBaseUrl")).toContain("required with a cloud account");
    expect(checkEnvironment({ ...cluster, runbookBaseUrl: "https://runbooks.example.com/qa" }).ok).toBe(true);
    expect(checkEnvironment({ ...cluster, relativeRunbookLinks: { reason: "a local cluster" } }).ok).toBe(true);
    // Without a cluster or a cloud account nothing links a runbook.
    expect(checkEnvironment(minimal).ok).toBe(true);
    const both = { ...cluster, runbookBaseUrl: "https://runbooks.example.com/qa", relativeRunbookLinks: { reason: "x" } };
    expect(problemAt(both, "relativeRunbookLinks")).toContain("received both");
  });

  it("checks references across sections", () => {
    const eksWithoutAws = { ...minimal, kubernetes: { connection: { type: "eks", clusterName: "c" } } };
    expect(problemAt(eksWithoutAws, "kubernetes.connection.type")).toContain('needs a cloud section with provider "aws"');

    const ssmWithoutAws = { ...minimal, channels: [{ type: "webhook", name: "hook", url: { ssmParameter: "/x/y" } }] };
    expect(problemAt(ssmWithoutAws, "channels[0].url")).toContain("needs a cloud section");

    const duplicate = { ...minimal, channels: [...minimal.channels, ...minimal.channels] };
    expect(problemAt(duplicate, "channels[1].name")).toContain('duplicate channel name "team"');

    const prod = bundled("prod");
    if (prod.cloud?.provider !== "aws") throw new Error("prod is an AWS environment");
    prod.cloud.watch = { rds: [{ name: "db", identifier: "db-1", service: "nope" }] };
    expect(problemAt(prod, "cloud.watch.rds[0].service")).toContain('received "nope"');
  });

  it("keeps the stack's own scrape jobs out of service names in a cluster, where alerts select them", () => {
    const dev = bundled("dev");
    dev.services = [...(dev.services ?? []), { name: "jaeger" }];
    const index = dev.services.length - 1;
    expect(problemAt(dev, `services[${index}].name`)).toMatch(/expected a name other than "jaeger".*received "jaeger"/);
    // Without a cluster there is no in-cluster Prometheus, so the name is free.
    expect(checkEnvironment({ ...minimal, services: [{ name: "jaeger" }] }).ok).toBe(true);
  });

  it("validates threshold overrides against the signal catalog", () => {
    expect(problemAt({ ...minimal, thresholds: { cpuUsage: { warning: 70 } } }, "thresholds.cpuUsage")).toContain(
      'did you mean "cpuUtilization"?',
    );
    expect(problemAt({ ...minimal, thresholds: { cpuUtilization: { warning: 95, critical: 90 } } }, "thresholds.cpuUtilization")).toContain(
      "warning must be below critical",
    );
    expect(
      problemAt({ ...minimal, thresholds: { diskHoursUntilFull: { warning: 2, critical: 8 } } }, "thresholds.diskHoursUntilFull"),
    ).toContain("warning must be above critical");
    expect(problemAt({ ...minimal, thresholds: { cpuUtilization: {} } }, "thresholds.cpuUtilization")).toContain("at least one of");
    const spec = resolveEnvironment({ ...minimal, thresholds: { cpuUtilization: { for: "15m" } } });
    expect(spec.thresholds.cpuUtilization?.for?.toSeconds()).toBe(900);
  });

  it("throws one SpecValidationError whose message lists every problem", () => {
    const error = (() => {
      try {
        resolveEnvironment({ ...minimal, profile: "x", name: "" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SpecValidationError);
    expect((error as SpecValidationError).problems).toHaveLength(2);
    expect((error as Error).message).toMatch(/2 problems\n {2}- name: .*\n {2}- profile: /);
  });
});

describe("AWS-specific checks", () => {
  it("refuses a Kubernetes Secret for a channel that CloudWatch alarms reach through SNS", () => {
    const prod = bundled("prod");
    prod.channels = [{ type: "pagerduty", name: "pd", routingKey: { kubernetesSecret: { name: "pd", key: "key" } } }];
    expect(problemAt(prod, "channels[0].routingKey")).toContain("needs the secret in Terraform");
    const dev = bundled("dev");
    // Every severity must reach a channel (routing completeness): this one channel takes them all.
    dev.channels = [
      {
        type: "pagerduty",
        name: "pd",
        routingKey: { kubernetesSecret: { name: "pd", key: "key" } },
        severities: ["critical", "warning", "info"],
      },
    ];
    expect(checkEnvironment(dev).ok).toBe(true);
  });
});
