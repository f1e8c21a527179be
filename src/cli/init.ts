import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { stringify } from "yaml";
import { resolveEnvironment } from "../spec/validate";

interface InitOptions {
  readonly name?: string;
  /** @default "yaml" */
  readonly format?: string;
  /** Notification address for every severity. */
  readonly email?: string;
  /** "aws" or "none". @default "none" */
  readonly cloud?: string;
  /** AWS region (with --cloud aws). */
  readonly region?: string;
  /** "kubeconfig" (optionally with --context), "eks" (with --cluster) or "none". @default "none" */
  readonly kubernetes?: string;
  readonly context?: string;
  readonly cluster?: string;
  /** SMTP relay (host:port) Alertmanager sends alert email through (with --kubernetes). */
  readonly smtp?: string;
  /** Where the exported runbooks are published (https://…). @default - relative links, opted out with a reason */
  readonly runbookBaseUrl?: string;
  /** "small" or "ha". @default "small" */
  readonly profile?: string;
  /** @default "environments" */
  readonly dir?: string;
  /** Overwrite an existing file. @default false */
  readonly force?: boolean;
}

/** The JSON Schema a YAML spec points editors at: the one the installed package ships. */
const SHIPPED_SCHEMA = "node_modules/cdktf-monitoring-stack/dist/environment.schema.json";

/** The answers the command needs, and what it asks when one is missing and a person is at the terminal. */
const QUESTIONS: ReadonlyArray<readonly [keyof InitOptions, string, (o: InitOptions) => boolean]> = [
  ["name", "Environment name (e.g. staging)", () => true],
  ["email", "Email address that receives alerts", () => true],
  ["region", "AWS region (e.g. eu-west-1)", (o) => o.cloud === "aws"],
  ["cluster", "EKS cluster name", (o) => o.kubernetes === "eks"],
  ["smtp", "SMTP relay for alert email, host:port", (o) => o.kubernetes !== undefined && o.kubernetes !== "none"],
];

/** The spec input the answers describe. */
function scaffold(o: InitOptions): Record<string, unknown> {
  const kubernetes =
    o.kubernetes === "eks"
      ? { connection: { type: "eks", clusterName: o.cluster } }
      : o.kubernetes === "kubeconfig"
        ? { connection: { type: "kubeconfig", context: o.context } }
        : undefined;
  return {
    name: o.name,
    profile: o.profile ?? "small",
    ...(kubernetes ? { kubernetes } : {}),
    // In a cluster, Alertmanager sends the email, through a relay, and the Watchdog to a dead man's switch whose URL
    // (Healthchecks.io, PagerDuty heartbeat, Cronitor…) comes from the sensitive variable TF_VAR_heartbeat_url.
    ...(kubernetes
      ? { alerting: { smtp: { smarthost: o.smtp, from: o.email }, heartbeat: { url: { terraformVariable: "heartbeat_url" } } } }
      : {}),
    ...(o.cloud === "aws" ? { cloud: { provider: "aws", region: o.region } } : {}),
    // Info alerts reach the team as a digest (Alertmanager batches them hourly).
    channels: [{ type: "email", name: "team", addresses: [o.email], severities: ["critical", "warning", "info"] }],
    // The heartbeat URL passes through Terraform: validate asks for remote state (s3, gcs, azurerm) unless local state
    // is chosen on purpose, as here for a first try on one machine; replace it before sharing the environment.
    ...(kubernetes ? { backend: { type: "local", allowLocalState: true } } : {}),
    // Notifications link runbooks under this base; without one, relative links are chosen on purpose for a first try.
    ...(o.runbookBaseUrl
      ? { runbookBaseUrl: o.runbookBaseUrl }
      : kubernetes || o.cloud === "aws"
        ? { relativeRunbookLinks: { reason: "a first try on one machine; set runbookBaseUrl before alerts reach anyone else" } }
        : {}),
  };
}

function render(spec: Record<string, unknown>, format: string, schemaPath: string): string {
  if (format === "ts")
    return `import { defineEnvironment } from "cdktf-monitoring-stack";\n\nexport default defineEnvironment(${JSON.stringify(spec, null, 2)});\n`;
  return `# yaml-language-server: $schema=${schemaPath}\n${stringify(spec)}`;
}

async function ask(options: InitOptions): Promise<InitOptions> {
  const answers: Record<string, string> = {};
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (const [key, question, needed] of QUESTIONS) {
      if (options[key] === undefined && needed({ ...options, ...answers })) answers[key] = (await rl.question(`${question}: `)).trim();
    }
  } finally {
    rl.close();
  }
  return { ...options, ...answers };
}

/**
 * `monitoring-stack init`: writes a starting environment spec (YAML with the schema reference, or TypeScript) from
 * flags, asking for what is missing only when stdin is a terminal. The file is validated before it is written.
 */
export async function initCommand(input: InitOptions): Promise<number> {
  for (const [flag, value, allowed] of [
    ["format", input.format, ["yaml", "ts"]],
    ["cloud", input.cloud, ["aws", "none"]],
    ["kubernetes", input.kubernetes, ["kubeconfig", "eks", "none"]],
    ["profile", input.profile, ["small", "ha"]],
  ] as const) {
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      process.stderr.write(`--${flag} must be one of ${allowed.join(", ")}, received "${value}"\n`);
      return 2;
    }
  }
  const options = process.stdin.isTTY ? await ask(input) : input;
  const missing = QUESTIONS.filter(([key, , needed]) => !options[key] && needed(options)).map(([key]) => `--${key}`);
  if (missing.length > 0) {
    process.stderr.write(`missing ${missing.join(", ")} (stdin is not a terminal, so nothing was asked)\n`);
    return 2;
  }
  const spec = scaffold(options);
  resolveEnvironment(spec, `environment "${options.name}"`);
  const format = options.format ?? "yaml";
  const file = join(options.dir ?? "environments", `${options.name}.${format === "ts" ? "ts" : "yaml"}`);
  if (existsSync(file) && !options.force) {
    process.stderr.write(`${file} exists (--force overwrites it)\n`);
    return 2;
  }
  mkdirSync(options.dir ?? "environments", { recursive: true });
  writeFileSync(file, render(spec, format, relative(resolve(options.dir ?? "environments"), resolve(SHIPPED_SCHEMA))));
  process.stdout.write(
    `wrote ${relative(process.cwd(), file) || file}\ncheck it with: monitoring-stack validate --spec ${relative(process.cwd(), file) || file}\n`,
  );
  return 0;
}
