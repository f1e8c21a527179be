import { parseArgs } from "node:util";
import { SpecValidationError } from "../spec/errors";
import { costCommand } from "./cost";
import { diffCommand } from "./diff";
import { docsCommand } from "./docs";
import { drillCommand } from "./drill";
import { exportCommand } from "./export";
import { validateCommand } from "./validate";

const USAGE = `Usage: monitoring-stack <command> [options]

Commands:
  validate [--env <name> | --spec <file.yaml|file.json>]
      Check environment specs without synthesizing. With no option, checks every environment of the app
      (the bundled ones and environments/*.yaml|json). Exit code 1 when a spec is invalid.
  export --env <name> --out <dir> [--time-scale <factor>] [--secrets-dir <dir>]
      Write the rendered artifacts the stack deploys: prometheus/rules/*.yaml, loki/rules/*.yaml,
      alertmanager/alertmanager.yml (+ templates/), runbooks/*.md, docs/MONITORING.md. --time-scale < 1 compresses every range,
      for: and group wait for drills; --secrets-dir points Alertmanager at credential files (<dir>/<secret>/<key>)
      and the exported templates, to run it outside Kubernetes.
  drill --alertmanager <url> [--env <name>] [--confirm <env>] [--timeout <seconds>] [--delivery-timeout <seconds>]
        [--secrets-dir <dir>] [--yes]
      Incident-response practice on a deployed Alertmanager: posts a labelled synthetic alert per service and
      severity (and for the platform), reports the receivers each is routed to, any silence or inhibition that
      suppresses it, and delivery from Alertmanager's notification counters after group_wait; waits for your
      acknowledgement (or the timeout), resolves them and prints a report. Announces itself in the incident
      channel (webhook read from --secrets-dir). A non-local Alertmanager needs --confirm <env>. Exit code 1
      unless every alert was routed as rendered, not suppressed, and delivered.
  gameday --env <name> --scenario <id> [--service <name>] [--time-scale <factor>] [--out <dir>]
        [--commander <name>] [--comms <name>] [--scribe <name>] [--interactive]
  gameday list | gameday tabletop --run <recorded run .json> | gameday ack --recorder <url>
      Incident practice on the real local stack (Prometheus, Alertmanager, node_exporter, the example service)
      loaded with the environment's rendered rules and routing, time-compressed (default 0.01), notifications
      recorded by local PagerDuty/Slack/SNS/SMTP stand-ins. Prints the timeline and TTD/TTA/TTM/TTR, verifies the
      fired alerts' runbooks, posts to the incident channel, writes postmortems/<date>-<scenario>.md and .json.
  diff <base-dir> <head-dir>
      Compare two synth outputs (e.g. main and a pull request) and print, as Markdown, what changes for the
      people on call: alerts and alarms, thresholds, durations, routes, channels, retention, dashboards, chart
      versions, resource counts and the monthly CloudWatch cost. "no monitoring changes" when equal.
  docs [--out <dir>]
      Write the generated monitoring documentation of every environment to <dir>/<env>.md
      (default docs/environments; npm run docs).
  cost --env <name> [--instances-per-group <n>] [--log-gb-per-day <gb>]
      Monthly CloudWatch estimate of an environment (alarms, custom metrics, dashboards, logs), with its
      price source and assumptions.
`;

/** Entry point of the `monitoring-stack` command; resolves to the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  if (argv[0] === "drill") {
    try {
      const { values } = parseArgs({
        args: argv.slice(1),
        options: {
          alertmanager: { type: "string" },
          env: { type: "string" },
          timeout: { type: "string" },
          yes: { type: "boolean" },
          confirm: { type: "string" },
          "delivery-timeout": { type: "string" },
          "secrets-dir": { type: "string" },
        },
        strict: true,
      });
      return await drillCommand({ ...values, deliveryTimeout: values["delivery-timeout"], secretsDir: values["secrets-dir"] });
    } catch (error) {
      return handleError(error);
    }
  }
  if (argv[0] === "gameday") {
    try {
      const { values, positionals } = parseArgs({
        args: argv.slice(1),
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
        allowPositionals: true,
        strict: true,
      });
      // Loaded on demand: the local stack, recorders and query parsers are not needed by the other commands.
      const { gamedayCommand } = await import("./gameday.js");
      return await gamedayCommand(positionals[0], { ...values, timeScale: values["time-scale"] });
    } catch (error) {
      return handleError(error);
    }
  }
  return runSync(argv);
}

function runSync(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "validate": {
        const { values } = parseArgs({ args: [...rest], options: { env: { type: "string" }, spec: { type: "string" } }, strict: true });
        return validateCommand(values);
      }
      case "export": {
        const { values } = parseArgs({
          args: [...rest],
          options: {
            env: { type: "string" },
            out: { type: "string" },
            "time-scale": { type: "string" },
            "secrets-dir": { type: "string" },
          },
          strict: true,
        });
        return exportCommand({ env: values.env, out: values.out, timeScale: values["time-scale"], secretsDir: values["secrets-dir"] });
      }
      case "diff":
        return diffCommand(rest);
      case "docs": {
        const { values } = parseArgs({ args: [...rest], options: { out: { type: "string" } }, strict: true });
        return docsCommand(values);
      }
      case "cost": {
        const { values } = parseArgs({
          args: [...rest],
          options: { env: { type: "string" }, "instances-per-group": { type: "string" }, "log-gb-per-day": { type: "string" } },
          strict: true,
        });
        return costCommand({ env: values.env, instancesPerGroup: values["instances-per-group"], logGbPerDay: values["log-gb-per-day"] });
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    return handleError(error);
  }
}

function handleError(error: unknown): number {
  if (error instanceof SpecValidationError) {
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  throw error;
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
