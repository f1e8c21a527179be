import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../support/run";
import { bundled } from "../support/synth";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary (also invalid) values into spec inputs
type Loose = any;

const SECRET_BODY = "Q7f3kZ9pL2mX8vB4nR6tW1yH";

/**
 * The hostile-input corpus as a user meets it: one YAML file per mistake in one environments folder, checked by one
 * `monitoring-stack validate` run. Each file must be reported with the path of its mistake; the run must show no stack
 * trace and no pasted credential, and the one good file must still be valid.
 */
const CORPUS: ReadonlyArray<{ file: string; base: Parameters<typeof bundled>[0]; change: (s: Loose) => void; expect: RegExp }> = [
  {
    file: "long-names.yaml",
    base: "prod",
    change: (s) => {
      s.name = `p${"r".repeat(39)}`;
      s.channels[1].name = `c${"h".repeat(39)}`;
    },
    expect:
      /- name: the IAM role name "pr+-ch+-chatbot" \(aws_iam_role\.name, 89 characters\) would be refused: IAM allows at most 64 characters.*channels\[1\]\.name/,
  },
  {
    file: "bucket.yaml",
    base: "prod",
    change: (s) => (s.backend.bucket = "my..bucket"),
    expect: /- backend\.bucket: expected an S3 bucket name: an S3 bucket name has no two adjacent periods/,
  },
  {
    file: "google-bucket.yaml",
    base: "gcp",
    change: (s) => (s.cloud.project = "my-google-shop"),
    expect: /- cloud\.project: the Cloud Storage bucket name "my-google-shop-hostile-2-loki" .*cannot contain "google"/,
  },
  {
    file: "size.yaml",
    base: "dev",
    change: (s) => (s.retention.metricsSize = "0GB"),
    expect: /- retention\.metricsSize: expected a size greater than zero, received "0GB"/,
  },
  {
    file: "duplicates.yaml",
    base: "prod",
    change: (s) => s.channels[2].addresses.push("Platform@Example.com"),
    expect: /- channels\[2\]\.addresses\[2\]: duplicate address "Platform@Example\.com" \(also at channels\[2\]\.addresses\[0\]/,
  },
  {
    file: "pasted-credential.yaml",
    base: "staging",
    change: (s) => (s.description = `checkout; hook https://hooks.slack.com/services/T0123ABCD/B0123ABCD/${SECRET_BODY}`),
    expect: /- description: looks like a Slack webhook URL \(value not shown\)/,
  },
  {
    file: "log-group.yaml",
    base: "staging",
    change: (s) => (s.cloud.watch.logGroups[0].logGroupName = "aws/checkout"),
    expect: /- cloud\.watch\.logGroups\[0\]\.logGroupName: expected a log group name not starting with "aws\/"/,
  },
];

const dir = mkdtempSync(join(tmpdir(), "validate-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("monitoring-stack validate over the hostile-input corpus", () => {
  it("reports every mistake with its file and path, keeps checking the others, shows no stack trace and no credential", async () => {
    for (const [i, entry] of CORPUS.entries()) {
      const spec = bundled(entry.base) as Loose;
      spec.name = `hostile-${i}`;
      entry.change(spec);
      writeFileSync(join(dir, entry.file), stringify(spec));
    }
    writeFileSync(join(dir, "zz-good.yaml"), stringify({ ...(bundled("staging") as Loose), name: "good" }));
    const result = await runCli(["validate"], { env: { MONITORING_ENVIRONMENTS_DIR: dir } });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('environment "good" is valid');
    for (const entry of CORPUS) {
      const section = result.stderr.split(/\n(?=\S)/).find((block) => block.startsWith(join(dir, entry.file)));
      expect(section, `${entry.file} in:\n${result.stderr}`).toBeDefined();
      expect(section, entry.file).toMatch(entry.expect);
    }
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.stderr + result.stdout).not.toContain(SECRET_BODY.slice(0, 8));
  }, 120_000);
});
