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
    expect(
      problemsOf("prod", (s) => {
        // An existing Secret instead of the secret-store reference prod uses.
        delete s.kubernetes.databases[0].password;
        s.kubernetes.databases[0].passwordSecret = { name: "Orders_DB", key: "pass word" };
      }),
    ).toEqual([
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
      expect.stringMatching(
        new RegExp(
          `^channels\\[1\\]\\.webhookUrl\\.${field}: expected the name of where the credential is stored, received what looks like the credential itself, a [A-Za-z ()-]+ \\(value not shown\\); store it there and give its name$`,
        ),
      ),
    ]);
  });
});

describe("uniqueness, generated names included", () => {
  it("two watched resources that generate the same alarm name are both named", () => {
    const problems = problemsOf("prod", (s) => {
      s.services.push({ name: "checkout-app", team: "payments" });
      s.cloud.watch.ec2.push({ name: "servers", service: "checkout-app", tags: { Role: "x" } });
    });
    expect(problems).toEqual([
      'cloud.watch.ec2[1].name: generates the same CloudWatch alarm name "prod-checkout-app-servers-cpu-warning" as cloud.watch.ec2[0].name (names are <env>-<service>-<resource>-<check>-<severity>); rename one of them',
    ]);
    expect(
      problemsOf("prod", (s) => {
        s.cloud.watch.ec2[0].name = "orders-db";
      }),
    ).toEqual([
      expect.stringMatching(
        /^cloud\.watch\.rds\[0\]\.name: generates the same CloudWatch alarm name "prod-checkout-orders-db-cpu-warning" as cloud\.watch\.ec2\[0\]\.name/,
      ),
    ]);
  });

  it("watched resources, uptime checks, log groups, KPIs, teams, rotations and members are unique", () => {
    expect(problemsOf("prod", (s) => s.cloud.watch.ec2.push({ ...s.cloud.watch.ec2[0], service: undefined }))).toEqual([
      'cloud.watch.ec2[1].name: duplicate ec2 name "app-servers" (also at cloud.watch.ec2[0])',
    ]);
    expect(problemsOf("prod", (s) => (s.cloud.watch.logGroups[1].logGroupName = "/shop/prod/checkout"))).toEqual([
      'cloud.watch.logGroups[1].logGroupName: duplicate log group "/shop/prod/checkout" (also at cloud.watch.logGroups[0]); the stack creates each log group once',
    ]);
    expect(problemsOf("prod", (s) => s.services[0].kpis.push({ metric: "orders_created_total" }))).toEqual([
      'services[0].kpis[3].metric: duplicate KPI "orders_created_total" (also at services[0].kpis[0])',
    ]);
    expect(problemsOf("prod", (s) => s.oncall.teams.push(structuredClone(s.oncall.teams[1])))).toEqual([
      'oncall.teams[2].name: duplicate team "platform" (also at oncall.teams[1])',
    ]);
    expect(problemsOf("prod", (s) => s.oncall.teams[0].members.push({ name: "alice", email: "alice2@example.com" }))).toEqual([
      'oncall.teams[0].members[3].name: duplicate member "alice" (also at oncall.teams[0].members[0])',
    ]);
    expect(problemsOf("prod", (s) => (s.oncall.teams[0].rotations[1].name = "primary"))[0]).toBe(
      'oncall.teams[0].rotations[1].name: duplicate rotation "primary" (also at oncall.teams[0].rotations[0])',
    );
    const gcp = problemsOf("gcp", (s) => {
      s.cloud.uptimeChecks = [
        { name: "home", url: "https://a.example.com" },
        { name: "home", url: "https://b.example.com" },
      ];
    });
    expect(gcp).toEqual(['cloud.uptimeChecks[1].name: duplicate uptime check name "home" (also at cloud.uptimeChecks[0])']);
  });

  it("PagerDuty schedule names generated from team and rotation do not collide", () => {
    const problems = problemsOf("prod", (s) => {
      s.oncall.teams[1].name = "payments-primary";
      s.services[1].team = "payments-primary";
      s.oncall.defaultTeam = "payments-primary";
      s.oncall.teams[0].rotations[0].name = "primary-escalation";
      s.oncall.teams[0].escalation[0].notify = ["primary-escalation"];
    });
    expect(problems).toEqual([
      'oncall.teams[1].name: generates the PagerDuty schedule or policy name "payments-primary-escalation" that oncall.teams[0].rotations[0].name also generates (names are <team>-<rotation> and <team>-escalation); rename one of them',
    ]);
  });

  it('rejects the reserved service name "platform" with the reason', () => {
    expect(problemsOf("dev", (s) => s.services.push({ name: "platform" }))).toEqual([
      expect.stringMatching(
        /^services\[\d\]\.name: expected a name other than "platform", which is reserved: alarms of resources that belong to no service/,
      ),
    ]);
  });
});

describe("numbers with their meaning", () => {
  it("percent thresholds stay within 0-100 and no threshold is negative", () => {
    expect(problemsOf("dev", (s) => (s.thresholds = { cpuUtilization: { warning: 120, critical: 150 } }))).toEqual([
      "thresholds.cpuUtilization.warning: expected a percentage from 0 to 100, received 120",
      "thresholds.cpuUtilization.critical: expected a percentage from 0 to 100, received 150",
    ]);
    expect(problemsOf("dev", (s) => (s.thresholds = { networkErrorsPerSecond: { warning: -1 } }))[0]).toBe(
      "thresholds.networkErrorsPerSecond.warning: expected a threshold of at least 0, received number -1",
    );
  });

  it("a single-tier override that inverts the resolved tiers is an error naming its layer", () => {
    expect(problemsOf("dev", (s) => (s.thresholds = { cpuUtilization: { warning: 95 } }))).toEqual([
      "thresholds.cpuUtilization: resolves to warning 95 and critical 90 for 'cpuUtilization' (catalog defaults with the environment's thresholds applied); warning must be below critical, or the warning alarm is lost: set both tiers here",
    ]);
    expect(problemsOf("prod", (s) => (s.services[0].thresholds = { cpuUtilization: { critical: 70 } }))[0]).toMatch(
      /^services\[0\]\.thresholds\.cpuUtilization: resolves to warning 75 and critical 70 .*service checkout's thresholds/,
    );
    expect(problemsOf("prod", (s) => (s.cloud.watch.rds[0].thresholds = { databaseConnectionUtilization: { critical: 60 } }))[0]).toMatch(
      /^cloud\.watch\.rds\[0\]\.thresholds\.databaseConnectionUtilization: resolves to warning 80 and critical 60 .*resource orders-db's thresholds/,
    );
  });

  it("a threshold duration stays within the one day the clouds evaluate", () => {
    expect(problemsOf("dev", (s) => (s.thresholds = { cpuUtilization: { for: "2d" } }))).toEqual([
      "thresholds.cpuUtilization.for: expected at most 1d: CloudWatch and Azure Monitor evaluate at most one day",
    ]);
  });
});

describe("durations within what Prometheus, Loki, Alertmanager and the clouds accept", () => {
  it.each([
    [
      "retention.metrics",
      (s: Loose) => (s.retention = { metrics: "1h" }),
      /^retention\.metrics: expected a duration from 2h to 3650d .*received "1h"$/,
    ],
    ["retention.logs", (s: Loose) => (s.retention = { logs: "9999w" }), /^retention\.logs: expected a duration from 1d to 3650d/],
    [
      "scrape interval",
      (s: Loose) => (s.services[0].metrics = { interval: "10m" }),
      /^services\[0\]\.metrics\.interval: expected a duration from 1s to 5m/,
    ],
    [
      "repeat interval",
      (s: Loose) => (s.alerting.repeatInterval = { info: "30d" }),
      /^alerting\.repeatInterval\.info: expected a duration from 1m to 120h/,
    ],
  ])("%s", (_what, change, expected) => {
    expect(problemsOf("dev", change)).toEqual([expect.stringMatching(expected)]);
  });

  it("cloud timeouts within each service's maximum", () => {
    expect(problemsOf("prod", (s) => (s.cloud.watch.lambdaFunctions[0].timeout = "1h"))).toEqual([
      'cloud.watch.lambdaFunctions[0].timeout: expected a duration from 1s to 15m (Lambda\'s maximum timeout), received "1h"',
    ]);
    expect(problemsOf("prod", (s) => (s.services[0].slo.latencyP99Ms = 1e9))[0]).toMatch(
      /^services\[0\]\.slo\.latencyP99Ms: expected at most 3600000 ms/,
    );
  });
});

describe("routing completeness: every severity with alerts reaches a channel on every backend", () => {
  it("Alertmanager: info alerts with no info channel are an error, unless alerting.unrouted says so", () => {
    const onlyPages = (s: Loose) => {
      s.channels = [{ type: "webhook", name: "pager", url: { terraformVariable: "pager_url" }, severities: ["critical", "warning"] }];
      s.alerting = { ...s.alerting, smtp: undefined };
      s.backend = { type: "local", allowLocalState: true };
    };
    expect(problemsOf("dev", onlyPages)).toEqual([
      'channels: info alerts of Alertmanager reach no channel: add "info" to the severities of a channel (any channel type), or list "info" in alerting.unrouted to drop them on purpose',
    ]);
    expect(
      problemsOf("dev", (s) => {
        onlyPages(s);
        s.alerting.unrouted = ["info"];
      }),
    ).toEqual([]);
  });

  it("CloudWatch: warning alarms need a channel SNS delivers (Slack only through Chatbot)", () => {
    const problems = problemsOf("prod", (s) => {
      delete s.channels[1].chatbot;
      s.channels = s.channels.filter((c: Loose) => c.type !== "email");
      s.alerting.unrouted = ["info"];
    });
    expect(problems).toEqual([
      'channels: warning alerts of CloudWatch (SNS) reach no channel: add "warning" to the severities of a channel SNS delivers (email, sms, pagerduty, webhook, or slack with chatbot), or list "warning" in alerting.unrouted to drop them on purpose',
    ]);
  });

  it("Azure Monitor and Cloud Monitoring: the same rule per backend", () => {
    expect(problemsOf("azure", (s) => (s.alerting.unrouted = [])).join("\n")).toMatch(/info alerts of Alertmanager reach no channel/);
    expect(
      problemsOf("azure", (s) => {
        for (const c of s.channels) c.severities = ["critical"];
        s.alerting.unrouted = ["info"];
      }),
    ).toEqual([
      expect.stringMatching(/^channels: warning alerts of Alertmanager reach no channel/),
      expect.stringMatching(/^channels: warning alerts of Azure Monitor reach no channel/),
    ]);
    expect(
      problemsOf("gcp", (s) => {
        for (const c of s.channels) c.severities = ["critical"];
        s.alerting = { ...s.alerting, unrouted: ["info"] };
      }).join("\n"),
    ).toMatch(/warning alerts of Cloud Monitoring reach no channel/);
  });
});

describe("regions per cloud from one list, with an explicit escape hatch", () => {
  it("rejects an unknown region on every cloud and accepts it with newRegion: true", () => {
    expect(problemsOf("prod", (s) => (s.cloud.region = "eu-west-9"))).toEqual([
      'cloud.region: expected an AWS region such as "eu-west-1", "eu-west-2", "eu-west-3", received "eu-west-9"; for a region newer than src/catalog/regions.ts, set cloud.newRegion: true',
    ]);
    expect(problemsOf("azure", (s) => (s.cloud.location = "narnia"))[0]).toMatch(
      /^cloud\.location: expected an Azure region, received "narnia"/,
    );
    expect(problemsOf("gcp", (s) => (s.cloud.zones = ["europe-west7-b"]))[0]).toMatch(
      /^cloud\.zones\[0\]: the zone's expected a Google Cloud region/,
    );
    expect(problemsOf("prod", (s) => (s.backend.region = "us-north-1"))[0]).toMatch(/^backend\.region: expected an AWS region/);
    expect(
      problemsOf("prod", (s) => {
        s.cloud.region = "eu-west-9";
        s.cloud.newRegion = true;
      }),
    ).toEqual([]);
  });
});
