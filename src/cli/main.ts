import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { formatProblems, problemFromException, SpecValidationError } from "../spec/errors";
import { packageRoot } from "../util/package-root";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * One subcommand: its help, its options, and what it runs. Implementations are required on use, so `--help`,
 * `--version` and every command load only what they need (synth-free commands skip cdktf and the providers).
 */
interface Command {
  readonly usage: string;
  readonly summary: string;
  readonly options: Options;
  /** Positional arguments it takes (names, for the usage line). @default [] */
  readonly positionals?: readonly string[];
  /** How many of them may be left out. @default 0 */
  readonly optionalPositionals?: number;
  run(values: Values, positionals: string[]): number | Promise<number>;
}

const str = (v: Values[string]) => (typeof v === "string" ? v : undefined);

const COMMANDS: Readonly<Record<string, Command>> = {
  validate: {
    usage: "validate [--env <name> | --spec <file.yaml|file.json>] [--json]",
    summary: `Check environment specs without synthesizing. With no option, checks every environment of the app
(the bundled ones and environments/*.yaml|json). Exit code 1 when a spec is invalid. --json prints
{ "valid": boolean, "environments": [...], "problems": [{ "source", "path", "message" }] }.`,
    options: { env: { type: "string" }, spec: { type: "string" }, json: { type: "boolean" } },
    run: (v) =>
      (require("./validate") as typeof import("./validate")).validateCommand({ env: str(v.env), spec: str(v.spec), json: v.json === true }),
  },
  synth: {
    usage: "synth --env <name> [--output <dir>]",
    summary: `Synthesize one environment only (cdktf synth builds every one) into <dir>/stacks/monitoring-<name>/
(default cdktf.out), with the manifest \`cdktf deploy monitoring-<name> --skip-synth\` reads.`,
    options: { env: { type: "string" }, output: { type: "string" } },
    run: (v) => (require("./synth") as typeof import("./synth")).synthCommand({ env: str(v.env), output: str(v.output) }),
  },
  init: {
    usage:
      "init --name <env> --email <address> [--format yaml|ts] [--cloud aws|none] [--region <r>] [--kubernetes kubeconfig|eks|none] [--context <c>] [--cluster <c>] [--smtp <host:port>] [--runbook-base-url <https://…>] [--profile small|ha] [--dir environments] [--force]",
    summary: `Write a starting environment spec to <dir>/<env>.yaml (with the JSON Schema reference for editors) or
<env>.ts. Asks for missing answers when run in a terminal; otherwise every needed flag must be given.`,
    options: {
      name: { type: "string" },
      email: { type: "string" },
      format: { type: "string" },
      cloud: { type: "string" },
      region: { type: "string" },
      kubernetes: { type: "string" },
      context: { type: "string" },
      cluster: { type: "string" },
      smtp: { type: "string" },
      "runbook-base-url": { type: "string" },
      profile: { type: "string" },
      dir: { type: "string" },
      force: { type: "boolean" },
    },
    run: (v) =>
      (require("./init") as typeof import("./init")).initCommand({
        name: str(v.name),
        email: str(v.email),
        format: str(v.format),
        cloud: str(v.cloud),
        region: str(v.region),
        kubernetes: str(v.kubernetes),
        context: str(v.context),
        cluster: str(v.cluster),
        smtp: str(v.smtp),
        runbookBaseUrl: str(v["runbook-base-url"]),
        profile: str(v.profile),
        dir: str(v.dir),
        force: v.force === true,
      }),
  },
  schema: {
    usage: "schema [--out <file>]",
    summary: `Print the JSON Schema of an environment spec (generated from the schema validate uses), or write it to
<file>, for editor completion and checks: \`# yaml-language-server: $schema=<file>\` on the first line of a YAML spec.
The package ships it as cdktf-monitoring-stack/environment.schema.json.`,
    options: { out: { type: "string" } },
    run: (v) => (require("./schema") as typeof import("./schema")).schemaCommand({ out: str(v.out) }),
  },
  export: {
    usage: "export --env <name> --out <dir> [--time-scale <factor>] [--secrets-dir <dir>]",
    summary: `Write the rendered artifacts the stack deploys: prometheus/rules/*.yaml, loki/rules/*.yaml,
alertmanager/alertmanager.yml (+ templates/), runbooks/*.md, docs/MONITORING.md. --time-scale < 1 compresses every
range, for: and group wait for drills; --secrets-dir points Alertmanager at credential files (<dir>/<secret>/<key>)
and the exported templates, to run it outside Kubernetes.`,
    options: { env: { type: "string" }, out: { type: "string" }, "time-scale": { type: "string" }, "secrets-dir": { type: "string" } },
    run: (v) =>
      (require("./export") as typeof import("./export")).exportCommand({
        env: str(v.env),
        out: str(v.out),
        timeScale: str(v["time-scale"]),
        secretsDir: str(v["secrets-dir"]),
      }),
  },
  drill: {
    usage:
      "drill --alertmanager <url> [--env <name>] [--confirm <env>] [--timeout <seconds>] [--delivery-timeout <seconds>] [--secrets-dir <dir>] [--yes]",
    summary: `Incident-response practice on a deployed Alertmanager: posts a labelled synthetic alert per service and
severity (and for the platform), reports the receivers each is routed to, any silence or inhibition that suppresses
it, and delivery from Alertmanager's notification counters after group_wait; waits for your acknowledgement (or the
timeout), resolves them and prints a report. Announces itself in the incident channel (webhook read from
--secrets-dir). A non-local Alertmanager needs --confirm <env>. Exit code 1 unless every alert was routed as
rendered, not suppressed, and delivered.`,
    options: {
      alertmanager: { type: "string" },
      env: { type: "string" },
      timeout: { type: "string" },
      yes: { type: "boolean" },
      confirm: { type: "string" },
      "delivery-timeout": { type: "string" },
      "secrets-dir": { type: "string" },
    },
    run: (v) =>
      (require("./drill") as typeof import("./drill")).drillCommand({
        alertmanager: str(v.alertmanager),
        env: str(v.env),
        timeout: str(v.timeout),
        yes: v.yes === true,
        confirm: str(v.confirm),
        deliveryTimeout: str(v["delivery-timeout"]),
        secretsDir: str(v["secrets-dir"]),
      }),
  },
  gameday: {
    usage:
      "gameday --env <name> --scenario <id> [--service <name>] [--time-scale <factor>] [--out <dir>] [--commander <name>] [--comms <name>] [--scribe <name>] [--interactive] | gameday list | gameday tabletop --run <recorded run .json> | gameday ack --recorder <url>",
    positionals: ["list|tabletop|ack"],
    optionalPositionals: 1,
    summary: `Incident practice on the real local stack (Prometheus, Alertmanager, node_exporter, the example service)
loaded with the environment's rendered rules and routing, time-compressed (default 0.01), notifications recorded by
local PagerDuty/Slack/SNS/SMTP stand-ins. Prints the timeline and TTD/TTA/TTM/TTR, verifies the fired alerts'
runbooks, posts to the incident channel, writes postmortems/<date>-<scenario>.md and .json. \`gameday ack\`
acknowledges a running game day from another terminal.`,
    options: {
      env: { type: "string" },
      scenario: { type: "string" },
      service: { type: "string" },
      "time-scale": { type: "string" },
      out: { type: "string" },
      commander: { type: "string" },
      comms: { type: "string" },
      scribe: { type: "string" },
      interactive: { type: "boolean" },
      run: { type: "string" },
      recorder: { type: "string" },
    },
    run: (v, p) =>
      (require("./gameday") as typeof import("./gameday")).gamedayCommand(p[0], {
        env: str(v.env),
        scenario: str(v.scenario),
        service: str(v.service),
        timeScale: str(v["time-scale"]),
        out: str(v.out),
        commander: str(v.commander),
        comms: str(v.comms),
        scribe: str(v.scribe),
        interactive: v.interactive === true,
        run: str(v.run),
        recorder: str(v.recorder),
      }),
  },
  diff: {
    usage: "diff <base-dir> <head-dir> [--json] [--exit-code]",
    positionals: ["base-dir", "head-dir"],
    summary: `Compare two synth outputs (e.g. main and a pull request) and print, as Markdown, what changes for the
people on call: alerts and alarms, thresholds, durations, routes, channels, retention, dashboards, chart versions,
resource counts and the monthly CloudWatch cost. Alerts and alarms are compared from the monitoring-plan.json synth
writes beside each stack (a side without it: "not compared"). "no monitoring changes" when equal. --json prints the
changes as JSON; --exit-code exits 1 when something changed or could not be compared (for CI), 0 when nothing did.`,
    options: { json: { type: "boolean" }, "exit-code": { type: "boolean" } },
    run: (v, p) =>
      (require("./diff") as typeof import("./diff")).diffCommand(p, { json: v.json === true, exitCode: v["exit-code"] === true }),
  },
  docs: {
    usage: "docs [--out <dir>] [--reference <dir>]",
    summary: `Write the generated monitoring documentation of every environment to <dir>/<env>.md
(default docs/environments; npm run docs), and with --reference the spec, threshold, alert and module
reference generated from the code (run from a clone: it reads the spec's doc comments).`,
    options: { out: { type: "string" }, reference: { type: "string" } },
    run: (v) => (require("./docs") as typeof import("./docs")).docsCommand({ out: str(v.out), reference: str(v.reference) }),
  },
  preview: {
    usage:
      "preview --env <name> --prometheus <url> --out <dir> [--range <duration>] [--dashboards <slug,...>] [--scrape-interval <duration>] [--chromium <path>]",
    summary: `Render each dashboard of the environment (the JSON export writes) laid out by its grid, from live
query_range/query calls against the Prometheus at <url> with Grafana's variable rules ($__rate_interval, $__interval,
$__range, template variables' first values or All), time series drawn by uPlot: <dir>/<slug>.html, <dir>/<slug>.png
(headless Chromium from Debian: apt-get install chromium) and <dir>/preview.json. Each image is stamped as a preview
from live queries, not a Grafana screenshot; panels whose data source is not Prometheus, or whose queries returned
nothing, say "not exercised". --range defaults to each dashboard's own (6h).`,
    options: {
      env: { type: "string" },
      prometheus: { type: "string" },
      out: { type: "string" },
      range: { type: "string" },
      dashboards: { type: "string" },
      "scrape-interval": { type: "string" },
      chromium: { type: "string" },
    },
    run: (v) =>
      (require("./preview") as typeof import("./preview")).previewCommand({
        env: str(v.env),
        prometheus: str(v.prometheus),
        out: str(v.out),
        range: str(v.range),
        dashboards: str(v.dashboards),
        scrapeInterval: str(v["scrape-interval"]),
        chromium: str(v.chromium),
      }),
  },
  preflight: {
    usage: "preflight --env <name> [--timeout <seconds>]",
    summary: `List what a first deploy of the environment needs and the stack does not create (Secrets it names,
storage and ingress classes, CRD ownership, secrets in the cloud store, account settings), each with the command
that checks it, and run those checks where kubectl or the cloud CLI reaches the cluster or account (each bounded
by --timeout, default 20 s; otherwise "not checked" with the reason). Exit 1 when a checked one is missing.`,
    options: { env: { type: "string" }, timeout: { type: "string" } },
    run: (v) => (require("./preflight") as typeof import("./preflight")).preflightCommand({ env: str(v.env), timeout: str(v.timeout) }),
  },
  cost: {
    usage: "cost --env <name> [--instances-per-group <n>] [--log-gb-per-day <gb>] [--json]",
    summary: `Monthly estimate of an environment with its price source and assumptions: CloudWatch (alarms, custom
metrics, dashboards, logs); Cloud Logging on Google Cloud. What has no confirmed price (Google alerting, Azure Monitor)
is counted under "Not estimated".`,
    options: {
      env: { type: "string" },
      "instances-per-group": { type: "string" },
      "log-gb-per-day": { type: "string" },
      json: { type: "boolean" },
    },
    run: (v) =>
      (require("./cost") as typeof import("./cost")).costCommand({
        env: str(v.env),
        instancesPerGroup: str(v["instances-per-group"]),
        logGbPerDay: str(v["log-gb-per-day"]),
        json: v.json === true,
      }),
  },
};

const indent = (text: string) => text.replace(/^/gm, "      ");

const USAGE = `Usage: monitoring-stack <command> [options]
       monitoring-stack <command> --help
       monitoring-stack --version

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}\n${indent(c.summary)}`)
  .join("\n")}
`;

const commandHelp = (name: string) => `Usage: monitoring-stack ${COMMANDS[name].usage}\n\n${COMMANDS[name].summary}\n`;

/** The package's version, from its package.json (the same file in a checkout and an installed package). */
export function version(): string {
  return JSON.parse(readFileSync(join(packageRoot(__dirname), "package.json"), "utf8")).version;
}

/**
 * A command line as `run` reads it, without running anything: the command's options and positionals, or why it is
 * refused (unknown command, unknown or malformed option, wrong number of arguments). Throws parseArgs' own errors.
 */
export function parseCommandLine(
  argv: readonly string[],
): { readonly command: string; readonly values: Values; readonly positionals: string[] } | { readonly error: string } {
  const [name, ...rest] = argv;
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return { error: `unknown command "${name}"` };
  const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  const expected = command.positionals ?? [];
  if (positionals.length > expected.length || positionals.length < expected.length - (command.optionalPositionals ?? 0)) {
    return {
      error: expected.length === 0 ? `unexpected argument "${positionals[0]}"` : `expected ${expected.map((p) => `<${p}>`).join(" ")}`,
    };
  }
  return { command: name as string, values, positionals };
}

/** Entry point of the `monitoring-stack` command; resolves to the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v" || name === "version") {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic && topic in COMMANDS) {
      process.stdout.write(commandHelp(topic));
      return 0;
    }
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  try {
    const parsed = parseCommandLine(argv);
    if ("error" in parsed) {
      process.stderr.write(`${parsed.error}\n\n${commandHelp(name)}`);
      return 2;
    }
    return await command.run(parsed.values, parsed.positionals);
  } catch (error) {
    return handleError(error, name, commandHelp(name));
  }
}

function handleError(error: unknown, command: string, usage = USAGE): number {
  if (error instanceof SpecValidationError) {
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`${error.message}\n\n${usage}`);
    return 2;
  }
  // Anything else is still reported without a stack trace (MONITORING_DEBUG=1 shows it), and never with a credential.
  process.stderr.write(`${formatProblems(command, [problemFromException(error, "failed")])}\n`);
  return 1;
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
