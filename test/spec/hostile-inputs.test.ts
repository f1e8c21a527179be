import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  azureContainerNameProblem,
  azureStorageAccountNameProblem,
  gcsBucketNameProblem,
  s3BucketNameProblem,
} from "../../src/catalog/provider-names";
import { fitName } from "../../src/render/fit-name";
import { checkEnvironment, type EnvironmentInput, type EnvironmentSpec, type SpecProblem } from "../../src/spec";
import { stackProblems } from "../../stacks/build-check";
import { bundled, synthEnvironments } from "../support/synth";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary (also invalid) values into spec inputs
type Loose = any;
type Base = Parameters<typeof bundled>[0];

/**
 * What `validate` reports for a modified bundled spec, as "path: message" lines: the spec's rules, then (as validate
 * does) the stack built in memory with its generated names checked. An accepted spec must also synthesize.
 */
function validateLines(base: Base, change: (spec: Loose) => void): string[] {
  const input = bundled(base) as Loose;
  change(input);
  const result = checkEnvironment(input as EnvironmentInput);
  if (!result.ok) return result.problems.map((p) => `${p.path}: ${p.message}`);
  return builtThenSynthesized(result.spec).map((p) => `${p.path}: ${p.message}`);
}

/**
 * validate's last step, {@link stackProblems}, and when it passes, synth of the App it built the stack in: the stack
 * is built once for both, as the cdktf app (stacks/main.ts) and `monitoring-stack synth` build, check and synthesize it.
 */
function builtThenSynthesized(spec: EnvironmentSpec): SpecProblem[] {
  const outdir = mkdtempSync(join(tmpdir(), "hostile-synth-"));
  try {
    const app = new App({ outdir });
    const problems = stackProblems(spec, app);
    if (problems.length === 0) expect(() => app.synth()).not.toThrow();
    return problems;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe("generated names are checked against the provider that receives them", () => {
  it("an IAM role name made too long by the environment and channel names fails in validate, naming both fields", () => {
    const tooLong = (s: Loose) => {
      s.name = `p${"r".repeat(39)}`;
      s.channels[1].name = `c${"h".repeat(39)}`;
    };
    const lines = validateLines("prod", tooLong);
    expect(lines).toEqual([
      expect.stringMatching(
        /^name: the IAM role name "pr+-ch+-chatbot" \(aws_iam_role\.name, 89 characters\) would be refused: IAM allows at most 64 characters\. It is made from name .* with channels\[1\]\.name/,
      ),
    ]);
  });

  it("long environment names that fit every provider build and synthesize", () => {
    for (const base of ["dev", "staging", "prod", "gcp", "azure"] as const) {
      expect(
        validateLines(base, (s) => (s.name = `${base[0]}${"x".repeat(24)}`)),
        base,
      ).toEqual([]);
    }
  });

  it("names cut to a provider's limit stay distinct: two long environments sharing their start get different ids", () => {
    const names = (base: Base, env: string, type: string, argument: string) => {
      const input = bundled(base) as Loose;
      input.name = env;
      const result = checkEnvironment(input);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      const json = synthEnvironments([result.spec])[env];
      return Object.values(json.resource[type] as Record<string, Record<string, string>>).map((r) => r[argument]);
    };
    const a = `${"a".repeat(30)}-one`;
    const b = `${"a".repeat(30)}-two`;
    const domainA = names("prod", a, "aws_opensearch_domain", "domain_name");
    const domainB = names("prod", b, "aws_opensearch_domain", "domain_name");
    expect(domainA[0].length).toBeLessThanOrEqual(28);
    expect(domainA).not.toEqual(domainB);
    const accountsA = names("gcp", a, "google_service_account", "account_id");
    const accountsB = names("gcp", b, "google_service_account", "account_id");
    for (const id of [...accountsA, ...accountsB]) expect(id).toMatch(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
    expect(accountsA.filter((id) => accountsB.includes(id))).toEqual([]);
    // A name that fits keeps its name (no replacement on upgrade).
    expect(names("prod", "prod", "aws_opensearch_domain", "domain_name")).toEqual(["prod-traces"]);
  });

  it("fitName keeps names that fit and shortens others to distinct names within the limit", () => {
    expect(fitName("short-name", 20)).toBe("short-name");
    const one = fitName(`${"a".repeat(40)}-one`, 28);
    const two = fitName(`${"a".repeat(40)}-two`, 28);
    expect(one).toHaveLength(28);
    expect(one).not.toBe(two);
    expect(fitName(`${"a".repeat(18)}----------tail`, 28)).toMatch(/^a{18}-[0-9a-f]{8}$/);
  });

  it("Google and Azure: a bucket made from the project id is checked too, and blamed on the field that breaks it", () => {
    expect(validateLines("gcp", (s) => (s.cloud.project = "my-google-shop"))).toEqual([
      expect.stringMatching(
        /^cloud\.project: the Cloud Storage bucket name "my-google-shop-gcp-loki" \(google_storage_bucket\.name, 23 characters\) would be refused: a Cloud Storage bucket name cannot contain "google"\. It is made from cloud\.project/,
      ),
    ]);
    expect(validateLines("azure", (s) => (s.name = `a${"z".repeat(39)}`))).toEqual([]);
  });

  it('a log group the stack creates cannot start with "aws/"', () => {
    expect(validateLines("staging", (s) => (s.cloud.watch.logGroups[0].logGroupName = "aws/checkout"))).toEqual([
      'cloud.watch.logGroups[0].logGroupName: expected a log group name not starting with "aws/", which CloudWatch Logs reserves for AWS services',
    ]);
    // AWS's own services name their groups /aws/...; a user may too.
    expect(validateLines("staging", (s) => (s.cloud.watch.logGroups[0].logGroupName = "/aws/checkout"))).toEqual([]);
  });
});

describe("bucket names", () => {
  it("S3: 3-63 lower-case letters, digits, dots and hyphens; no .., IP addresses, reserved prefixes or suffixes", () => {
    for (const ok of ["my-bucket", "my.bucket.1", "abc"]) expect(s3BucketNameProblem(ok), ok).toBeUndefined();
    for (const bad of [
      "my..bucket",
      "ab",
      "a".repeat(64),
      "My-Bucket",
      "bucket-",
      "-bucket",
      "192.168.1.1",
      "xn--bucket",
      "sthree-bucket",
      "bucket-s3alias",
      "bucket--ol-s3",
      "my_bucket",
    ]) {
      expect(s3BucketNameProblem(bad), bad).toBeDefined();
    }
  });

  it("the S3 state bucket is checked where it enters: my..bucket is rejected", () => {
    expect(validateLines("prod", (s) => (s.backend.bucket = "my..bucket"))).toEqual([
      'backend.bucket: expected an S3 bucket name: an S3 bucket name has no two adjacent periods, received "my..bucket"',
    ]);
    expect(validateLines("prod", (s) => (s.backend.bucket = "10.0.0.1"))[0]).toMatch(/^backend\.bucket: .*IP address/);
  });

  it("GCS: 3-63 characters, or up to 222 with dots of at most 63 each; no goog prefix, no google inside", () => {
    for (const ok of ["shop-prod-loki", "a.b.c", `${"a".repeat(63)}.${"b".repeat(63)}`])
      expect(gcsBucketNameProblem(ok), ok).toBeUndefined();
    for (const bad of [
      "ab",
      "a".repeat(64),
      `${"a".repeat(64)}.b`,
      "googbucket",
      "my-google-logs",
      "a..b",
      "Bucket",
      "bucket-",
      "1.2.3.4",
    ]) {
      expect(gcsBucketNameProblem(bad), bad).toBeDefined();
    }
  });

  it("Azure: storage accounts 3-24 lower-case letters and digits, containers 3-63 with single hyphens", () => {
    expect(azureStorageAccountNameProblem("shopmon1234")).toBeUndefined();
    for (const bad of ["ab", "a".repeat(25), "shop-mon", "ShopMon"]) expect(azureStorageAccountNameProblem(bad), bad).toBeDefined();
    expect(azureContainerNameProblem("loki-chunks")).toBeUndefined();
    for (const bad of ["ab", "a".repeat(64), "loki--chunks", "-loki", "loki-", "Loki"])
      expect(azureContainerNameProblem(bad), bad).toBeDefined();
  });
});

describe("duplicates name both places", () => {
  it("an e-mail address twice in one channel, in any case", () => {
    expect(validateLines("prod", (s) => s.channels[2].addresses.push("SRE@Example.com"))).toEqual([
      'channels[2].addresses[2]: duplicate address "SRE@Example.com" (also at channels[2].addresses[1], addresses compare without case)',
    ]);
  });

  it("a phone number twice in one SMS channel", () => {
    expect(validateLines("prod", (s) => s.channels[0].phoneNumbers.push("+14155550100"))).toEqual([
      'channels[0].phoneNumbers[1]: duplicate phone number "+14155550100" (also at channels[0].phoneNumbers[0])',
    ]);
  });

  it("a team member's e-mail twice, in any case", () => {
    expect(validateLines("prod", (s) => (s.oncall.teams[0].members[1].email = "ALICE@example.com"))[0]).toMatch(
      /^oncall\.teams\[0\]\.members\[1\]\.email: duplicate member email "alice@example\.com" \(also at oncall\.teams\[0\]\.members\[0\]\)/,
    );
  });

  it("the same database server (engine, host and port) under two names", () => {
    const lines = validateLines("prod", (s) => {
      const db = s.kubernetes.databases[0];
      s.kubernetes.databases.push({ ...db, name: "orders-again", host: db.host.toUpperCase(), database: "other" });
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^kubernetes\.databases\[1\]\.host: duplicate database server postgres:\/\/.+:5432 \(also at kubernetes\.databases\[0\]\)/,
      ),
    ]);
    // Another port is another server.
    expect(
      validateLines("prod", (s) => {
        const db = s.kubernetes.databases[0];
        s.kubernetes.databases.push({ ...db, name: "orders-replica", port: 5433 });
      }),
    ).toEqual([]);
  });
});

describe("sizes are positive quantities in the grammar of the system that reads them", () => {
  it("retention.metricsSize: zero, negative, unknown units and absurd sizes are rejected", () => {
    const problem = (size: unknown) => validateLines("dev", (s) => (s.retention = { ...s.retention, metricsSize: size }));
    expect(problem("0GB")).toEqual(['retention.metricsSize: expected a size greater than zero, received "0GB"']);
    expect(problem("-5GB")[0]).toMatch(
      /^retention\.metricsSize: expected a size such as "45GB": a whole number and one of the units B, KB, MB, GB, TB, PB, received "-5GB"/,
    );
    expect(problem("45XB")[0]).toMatch(/^retention\.metricsSize: expected a size such as "45GB"/);
    expect(problem("45Gi")[0]).toMatch(/^retention\.metricsSize: expected a size such as "45GB"/);
    expect(problem("900PB")[0]).toMatch(/^retention\.metricsSize: expected a size of at most 51\.2 TiB/);
    expect(problem("45GB")).toEqual([]);
  });

  it("a Badger volume is a positive Kubernetes quantity", () => {
    const problem = (size: unknown) => validateLines("dev", (s) => (s.kubernetes.tracing = { storage: { type: "badger", size } }));
    expect(problem("0Gi")).toEqual(['kubernetes.tracing.storage.size: expected a volume size greater than zero, received "0Gi"']);
    expect(problem("10GB")[0]).toMatch(
      /^kubernetes\.tracing\.storage\.size: expected a volume size such as "10Gi": a whole number and one of the units Ki, Mi, Gi, Ti, k, M, G, T/,
    );
    expect(problem("100000Ti")[0]).toMatch(/at most 64 TiB/);
    expect(problem("20Gi")).toEqual([]);
  });
});

describe("credentials pasted into free text are rejected without echoing them", () => {
  const body = "Q7f3kZ9pL2mX8vB4nR6tW1yH5cJ0dG3s";
  const pasted: ReadonlyArray<readonly [string, string, RegExp]> = [
    ["PagerDuty integration key", "0123456789abcdef0123456789abcdef".replace(/0123/g, "9f3e"), /key or token/],
    ["Slack webhook URL", `https://hooks.slack.com/services/T0123ABCD/B0123ABCD/${body}`, /Slack webhook URL/],
    ["AWS access key", "AKIAIOSFODNN7EXAMPLE", /AWS access key id/],
    ["GitHub token", `ghp_${body}1234`, /GitHub token/],
    ["Slack token", `xoxb-1234567890-${body}`, /Slack token/],
    ["private key", `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`, /private key/],
    ["password assignment", `db password=${body.slice(0, 12)}`, /password or key assignment/],
  ];
  const fields: ReadonlyArray<readonly [string, Base, (s: Loose, text: string) => void]> = [
    ["description", "staging", (s, text) => (s.description = text)],
    ["cloud.tags.owner", "staging", (s, text) => (s.cloud.tags = { ...s.cloud.tags, owner: text })],
    ["services[0].kpis[0].title", "staging", (s, text) => (s.services[0].kpis = [{ metric: "orders_total", title: text }])],
    ["services[0].name", "staging", (s, text) => (s.services[0].name = text)],
    ["alerting.heartbeat.reason", "dev", (s, text) => (s.alerting = { ...s.alerting, heartbeat: { disabled: true, reason: text } })],
  ];
  for (const [kind, text, expected] of pasted) {
    it(`a ${kind} in any text field`, () => {
      for (const [path, base, paste] of fields) {
        const input = bundled(base) as Loose;
        paste(input, text);
        const result = checkEnvironment(input);
        expect(result.ok, `${kind} in ${path}`).toBe(false);
        if (result.ok) continue;
        const lines = result.problems.map((p) => `${p.path}: ${p.message}`);
        const line = lines.find((l) => l.startsWith(`${path}: `));
        expect(line, `${kind} in ${path}: ${lines.join("; ")}`).toBeDefined();
        if (path !== "services[0].name") expect(line).toMatch(expected);
        const shown = JSON.stringify(result.problems);
        for (const part of [body.slice(0, 12), text.slice(-12).trim()]) expect(shown, `${kind} in ${path}`).not.toContain(part);
      }
    });
  }

  it("identifiers that are not secrets (UUIDs, ARNs) stay accepted", () => {
    expect(checkEnvironment(bundled("azure")).ok).toBe(true);
    expect(checkEnvironment(bundled("prod")).ok).toBe(true);
  });
});
