import { spawnSync } from "node:child_process";
import { loadEnvironments } from "../../stacks/environments";
import { deployPrerequisites, type Prerequisite } from "../render/prerequisites";
import type { EnvironmentSpec } from "../spec/environment";

interface PreflightOptions {
  readonly env?: string;
  /** Seconds each check may take before it counts as "not checked". @default "20" */
  readonly timeout?: string;
}

type Tool = NonNullable<Prerequisite["tool"]>;

/** How a tool shows it can reach the cluster or the account (exit 0), without printing anything secret. */
function reachCommand(tool: Tool, spec: EnvironmentSpec, seconds: number): string {
  switch (tool) {
    case "kubectl":
      return `kubectl version --request-timeout=${seconds}s`;
    case "aws":
      return `aws sts get-caller-identity${spec.cloud?.provider === "aws" ? ` --region ${spec.cloud.region}` : ""}`;
    case "gcloud":
      return "gcloud auth list --filter=status:ACTIVE --format='value(account)' | grep -q .";
    case "az":
      return "az account show --query id --output tsv";
  }
}

interface Outcome {
  readonly status: "ok" | "missing" | "timeout";
}

function runCheck(command: string, seconds: number): Outcome {
  // Output is discarded: a check may print object names, never a value, but nothing of it is needed here.
  const result = spawnSync("sh", ["-c", command], { stdio: "ignore", timeout: seconds * 1000, killSignal: "SIGKILL" });
  if (result.error || result.signal) return { status: "timeout" };
  return { status: result.status === 0 ? "ok" : "missing" };
}

/** Why a tool's checks cannot run, or undefined when it is installed and reaches the cluster or account. */
function toolProblem(tool: Tool, spec: EnvironmentSpec, seconds: number): string | undefined {
  if (spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status !== 0) return `${tool} is not installed`;
  const reach = reachCommand(tool, spec, seconds);
  const outcome = runCheck(reach, seconds);
  if (outcome.status === "timeout") return `\`${reach}\` did not answer within ${seconds}s`;
  if (outcome.status === "missing") return `${tool} cannot reach the ${tool === "kubectl" ? "cluster" : "account"} (\`${reach}\` failed)`;
  return undefined;
}

const label = (p: Prerequisite) =>
  `${p.kind} ${p.name ? `${p.namespace ? `${p.namespace}/` : ""}${p.name}` : "(the cluster's default)"}${p.keys?.length ? ` keys ${p.keys.join(", ")}` : ""}`;

/**
 * `monitoring-stack preflight --env <env>`: lists what a first deploy needs and the stack does not create, with the
 * command that checks each, and runs those commands where the tool is installed and reaches the cluster or account.
 * Exit 1 when a checked prerequisite is missing; unchecked ones are reported with the reason and do not fail.
 */
export function preflightCommand(options: PreflightOptions): number {
  const specs = loadEnvironments();
  const spec = specs.find((s) => s.name === options.env);
  if (!spec) {
    process.stderr.write(
      `usage: monitoring-stack preflight --env <env> [--timeout <seconds>] (known: ${specs.map((s) => s.name).join(", ")})\n`,
    );
    return 2;
  }
  const seconds = options.timeout === undefined ? 20 : Number(options.timeout);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    process.stderr.write(`--timeout must be a whole number of seconds from 1 to 600, received "${options.timeout}"\n`);
    return 2;
  }
  const list = deployPrerequisites(spec);
  const problems = new Map<Tool, string | undefined>();
  for (const tool of new Set(list.map((p) => p.tool ?? "kubectl"))) problems.set(tool, toolProblem(tool, spec, seconds));
  const out: string[] = [`Prerequisites of environment ${spec.name} (${list.length}):`, ""];
  let missing = 0;
  let unchecked = 0;
  for (const p of list) {
    const problem = problems.get(p.tool ?? "kubectl");
    let status: string;
    if (problem) {
      status = `not checked: ${problem}`;
      unchecked++;
    } else {
      const outcome = runCheck(p.check, seconds);
      if (outcome.status === "timeout") {
        status = `not checked: timed out after ${seconds}s`;
        unchecked++;
      } else if (outcome.status === "missing") {
        status = "MISSING";
        missing++;
      } else status = "ok";
    }
    out.push(`[${status}] ${label(p)}`, `    why:   ${p.why}`, `    check: ${p.check}`, "");
  }
  out.push(
    missing > 0
      ? `${missing} missing: create them before \`cdktf deploy\`.`
      : unchecked > 0
        ? `nothing missing among the checked ones; ${unchecked} not checked: run their commands where the tools reach the cluster and account.`
        : "all present.",
  );
  process.stdout.write(`${out.join("\n")}\n`);
  return missing > 0 ? 1 : 0;
}
