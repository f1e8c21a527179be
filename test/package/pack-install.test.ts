import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { buildIsCurrent, ROOT } from "../support/run";

/**
 * What a user gets from `npm install cdktf-monitoring-stack` in a repository made by `cdktf init --template
 * typescript`: the packed tarball, the latest `constructs` 10.x, and of the provider bindings only AWS. The project
 * uses the tsconfig `cdktf init` writes (read from the installed cdktf-cli's template), imports two modules and the
 * full MonitoringStack, type-checks and synthesizes.
 */
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const NPM_OPTIONS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

function npm(args: string[], cwd: string, timeout = 240_000): string {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", timeout, env: { ...process.env, npm_config_legacy_peer_deps: "false" } });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stderr}`);
  return result.stdout;
}

/** The newest constructs 10.x on the registry, or undefined offline. */
function latestConstructs(): string | undefined {
  const result = spawnSync("npm", ["view", "constructs@10", "version", "--json"], { encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0) return undefined;
  const versions = JSON.parse(result.stdout) as string | string[];
  return Array.isArray(versions) ? versions[versions.length - 1] : versions;
}

const constructs = latestConstructs();
const offline = constructs === undefined && process.env.CI !== "true";
if (offline) process.stderr.write("skipping the pack-and-install test: the npm registry is not reachable\n");

/**
 * The package as `npm pack` makes it. `npm pack` runs `prepare` (the build), as publishing does: when the project's
 * build is current (npm test has just made it from these sources) the project is packed as it is, without scripts
 * (saving a second full compile); otherwise a copy of the sources is packed, so the build does not touch the project's
 * dist/. The current project is packed from a hard-linked copy without node_modules: npm reads the whole installed
 * tree before packing, for bundled dependencies (~0.9 s of CPU here), and the package bundles none, so the tarball is
 * the same (same integrity as `npm pack` of the project itself, measured).
 */
function pack(into: string): string {
  const built = buildIsCurrent();
  const source = join(into, "source");
  if (built) {
    if (PKG.bundleDependencies || PKG.bundledDependencies) throw new Error("the package bundles dependencies: pack it with node_modules");
    linkTree(ROOT, source, ["node_modules", ".git"]);
  } else {
    const skip = new Set(["node_modules", "dist", "cdktf.out", ".git", "coverage"]);
    cpSync(ROOT, source, { recursive: true, filter: (src) => !skip.has(basename(src)) || relative(ROOT, src).includes("/") });
    symlinkSync(join(ROOT, "node_modules"), join(source, "node_modules"));
  }
  const out = npm(["pack", "--json", "--pack-destination", into, ...(built ? ["--ignore-scripts"] : [])], source);
  // The build's own output comes first; the JSON report is the last thing npm prints.
  const [file] = JSON.parse(out.slice(out.lastIndexOf("\n[") + 1)) as { filename: string }[];
  return join(into, file.filename);
}

/**
 * Puts packages into a user's project as `npm install <name>@<pinned version>` leaves them, before the package under
 * test is installed: `cdktf init` installs cdktf, and the user adds `@cdktf/provider-aws`. Their files are this
 * project's own npm-installed copies of the same versions, hard-linked (copied across file systems): npm unpacking
 * the provider's 392 MB took ~14 s of CPU, and says nothing about this package. npm still installs the package itself
 * from its tarball, its dependencies and the latest constructs, and resolves its peers against these. Returns the
 * package.json dependencies of those put in place (a copy of another version is left for npm to install).
 */
function preinstall(project: string, names: string[]): Record<string, string> {
  const dependencies: Record<string, string> = {};
  for (const name of names) {
    const from = join(ROOT, "node_modules", name);
    const version = PKG.devDependencies[name];
    if (JSON.parse(readFileSync(join(from, "package.json"), "utf8")).version !== version) continue;
    linkTree(from, join(project, "node_modules", name));
    dependencies[name] = `^${version}`;
  }
  return dependencies;
}

/** Hard-links the files of `from` into `to` (copies them across file systems), but not the top-level entries `skip`. */
function linkTree(from: string, to: string, skip: readonly string[] = []): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

describe("the npm package", () => {
  it.skipIf(offline)(
    "installs into a fresh cdktf init project with the latest constructs and only the AWS provider, type-checks and synthesizes",
    () => {
      const root = mkdtempSync(join(tmpdir(), "pack-install-"));
      try {
        const tarball = pack(root);
        const listing = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).split("\n");
        expect(listing).toContain("package/dist/src/index.d.ts");
        expect(listing).toContain("package/bin/monitoring-stack.js");
        expect(listing).toContain("package/LICENSE");
        expect(listing).toContain("package/dist/environment.schema.json");
        // The chart folder the PrometheusRule releases install (a Terraform asset of stacks with Kubernetes).
        expect(listing).toContain("package/charts/prometheus-rules/templates/prometheus-rules.yaml");
        // Compiled JavaScript and declarations only: no sources, example environments or source maps.
        expect(listing.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
        expect(listing.filter((f) => f.includes("environments/") || f.endsWith(".map"))).toEqual([]);

        const project = join(root, "infra");
        const template = join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript");
        mkdirSync(project);
        cpSync(join(template, "tsconfig.json"), join(project, "tsconfig.json"));
        const existing = preinstall(project, ["cdktf", "@cdktf/provider-aws"]);
        writeFileSync(
          join(project, "package.json"),
          JSON.stringify(
            { name: "infra", version: "1.0.0", main: "main.js", types: "main.ts", private: true, dependencies: existing },
            null,
            2,
          ),
        );
        const missing = ["cdktf", "@cdktf/provider-aws"].filter((name) => !(name in existing));
        npm(
          [
            "install",
            ...NPM_OPTIONS,
            tarball,
            `constructs@${constructs ?? "10"}`,
            ...missing.map((name) => `${name}@${PKG.devDependencies[name]}`),
          ],
          project,
        );
        // npm kept the project's packages: the tarball's peers resolved against them.
        for (const name of Object.keys(existing))
          expect(JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")).version).toBe(
            PKG.devDependencies[name],
          );
        const installed = readdirSync(join(project, "node_modules", "@cdktf"));
        expect(installed.filter((name) => name.startsWith("provider-"))).toEqual(["provider-aws"]);
        if (constructs)
          expect(JSON.parse(readFileSync(join(project, "node_modules", "constructs", "package.json"), "utf8")).version).toBe(constructs);
        // One constructs in the tree: two copies break synth (`scope.node._scopes is not iterable`).
        expect(existsSync(join(project, "node_modules", "cdktf-monitoring-stack", "node_modules", "constructs"))).toBe(false);

        writeFileSync(
          join(project, "main.ts"),
          `import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AwsNotifications } from "cdktf-monitoring-stack/modules/aws-notifications";
import { AwsAlarms } from "cdktf-monitoring-stack/modules/aws-alarms";
import { MonitoringStack, resolveEnvironment } from "cdktf-monitoring-stack";

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    const alerts = new AwsNotifications(this, "alerts", { namePrefix: "shop", severities: ["critical"] });
    const metric = { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "orders" }, statistic: "Maximum" as const };
    new AwsAlarms(this, "alarms", {
      alarms: [
        {
          name: "orders-backlog",
          description: "Orders are waiting",
          comparisonOperator: "GreaterThanThreshold",
          threshold: 100,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          treatMissingData: "notBreaching",
          source: { kind: "metric", metric, periodSeconds: 60 },
          alarmActions: [alerts.topicArn("critical")],
          okActions: [],
        },
      ],
    });
  }
}

const app = new App();
new MyStack(app, "infra");
new MonitoringStack(app, {
  spec: resolveEnvironment({
    name: "shop",
    cloud: { provider: "aws", region: "eu-west-1", watch: { rds: [{ name: "orders-db", identifier: "shop-orders", maxConnections: 100 }] } },
    channels: [{ type: "email", name: "team", addresses: ["team@example.com"], severities: ["critical", "warning"] }],
    runbookBaseUrl: "https://runbooks.example.com/shop",
  }),
});
app.synth();
`,
        );
        const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
          cwd: project,
          encoding: "utf8",
          timeout: 120_000,
        });
        expect(tsc.stdout + tsc.stderr).toBe("");
        expect(tsc.status).toBe(0);

        const synth = spawnSync(process.execPath, ["main.js"], { cwd: project, encoding: "utf8", timeout: 120_000 });
        expect(synth.stderr).toBe("");
        expect(synth.status).toBe(0);
        const stacks = join(project, "cdktf.out", "stacks");
        expect(readdirSync(stacks).sort()).toEqual(["infra", "monitoring-shop"]);
        const infra = JSON.parse(readFileSync(join(stacks, "infra", "cdk.tf.json"), "utf8"));
        expect(Object.keys(infra.resource.aws_sns_topic)).toHaveLength(1);
        const [alarms] = Object.values(infra.resource.aws_cloudwatch_metric_alarm) as { for_each: Record<string, unknown> }[];
        expect(Object.keys(alarms.for_each)).toEqual(["orders-backlog"]);
        const shop = JSON.parse(readFileSync(join(stacks, "monitoring-shop", "cdk.tf.json"), "utf8"));
        expect(Object.keys(shop.resource.aws_cloudwatch_metric_alarm).length).toBeGreaterThan(0);
        expect(Object.keys(shop.terraform.required_providers)).toEqual(["aws"]);

        // The command ships too and reads the project's environments/ folder.
        mkdirSync(join(project, "environments"));
        writeFileSync(
          join(project, "environments", "qa.yaml"),
          "name: qa\nchannels:\n  - { type: email, name: team, addresses: [team@example.com], severities: [critical] }\n",
        );
        const cli = spawnSync(join(project, "node_modules", ".bin", "monitoring-stack"), ["validate"], {
          cwd: project,
          encoding: "utf8",
          timeout: 60_000,
        });
        expect(cli.stderr).toBe("");
        expect(cli.stdout).toContain('environment "qa" is valid');
        // The JSON Schema is reachable through the package's exports.
        const probe = 'console.log(require(require.resolve("cdktf-monitoring-stack/environment.schema.json")).title)';
        const schema = spawnSync(process.execPath, ["-e", probe], { cwd: project, encoding: "utf8", timeout: 60_000 });
        expect(schema.stdout.trim()).toBe("cdktf-monitoring-stack environment");
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
