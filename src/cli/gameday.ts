import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { selectEnvironment } from "../../stacks/environments";
import { GAMEDAY_SCENARIOS, gamedayScenario } from "../catalog/gameday/scenarios";
import { postmortemMarkdown, postmortemName, tabletopMarkdown } from "../render/gameday/postmortem";
import { type GamedayRun, timelineMarkdown } from "../render/gameday/run";
import { runScenario } from "./gameday-run";
import { LocalStack } from "./gameday-stack";
import { parseTimeScale } from "./time-scale";

interface GamedayOptions {
  readonly env?: string;
  readonly scenario?: string;
  /** The service the fault hits. @default - the environment's first service */
  readonly service?: string;
  /** Time compression, as `export --time-scale`. @default "0.01" */
  readonly timeScale?: string;
  /** Where the postmortem and the recorded run go. @default "postmortems" */
  readonly out?: string;
  readonly commander?: string;
  readonly comms?: string;
  readonly scribe?: string;
  /** Wait for Enter to acknowledge. @default false - a simulated responder acknowledges */
  readonly interactive?: boolean;
  /** For `gameday tabletop`: the recorded run (JSON written by a game day). */
  readonly run?: string;
  /** For `gameday ack`: the running game day's recorder URL (printed by `gameday --interactive`). */
  readonly recorder?: string;
}

const USAGE =
  "usage: monitoring-stack gameday --env <env> --scenario <id> [--service <name>] [--time-scale <factor>] [--out <dir>] [--commander <name>] [--comms <name>] [--scribe <name>] [--interactive]\n       monitoring-stack gameday list\n       monitoring-stack gameday ack --recorder <url printed by an interactive game day>\n       monitoring-stack gameday tabletop --run <postmortems/<date>-<scenario>.json>\n";

/**
 * `monitoring-stack gameday`: an incident scenario on the real local stack (Prometheus, Alertmanager, node_exporter,
 * the example service) loaded with the environment's rendered rules and routing, time-compressed; writes the
 * timeline, figures and a postmortem skeleton. `gameday list` shows the catalog; `gameday tabletop` replays a run.
 */
export async function gamedayCommand(subcommand: string | undefined, options: GamedayOptions): Promise<number> {
  if (subcommand === "list") {
    for (const s of GAMEDAY_SCENARIOS) process.stdout.write(`${s.id.padEnd(22)} ${s.category.padEnd(24)} ${s.title}\n`);
    return 0;
  }
  if (subcommand === "ack") {
    if (!options.recorder || !/^http:\/\/(127\.0\.0\.1|localhost):\d+\/?$/.test(options.recorder)) {
      process.stderr.write("usage: monitoring-stack gameday ack --recorder http://127.0.0.1:<port>\n");
      return 2;
    }
    const response = await fetch(`${options.recorder.replace(/\/$/, "")}/ack`, { method: "POST", signal: AbortSignal.timeout(5_000) });
    process.stdout.write(response.ok ? "acknowledged\n" : `the game day refused the acknowledgement: HTTP ${response.status}\n`);
    return response.ok ? 0 : 1;
  }
  if (subcommand === "tabletop") {
    if (!options.run) {
      process.stderr.write(USAGE);
      return 2;
    }
    const run = JSON.parse(readFileSync(resolve(options.run), "utf8")) as GamedayRun;
    process.stdout.write(tabletopMarkdown(run));
    return 0;
  }
  if (subcommand !== undefined || !options.env || !options.scenario) {
    process.stderr.write(USAGE);
    return 2;
  }
  const scenario = gamedayScenario(options.scenario);
  if (!scenario) {
    process.stderr.write(`no scenario "${options.scenario}" (known: ${GAMEDAY_SCENARIOS.map((s) => s.id).join(", ")})\n`);
    return 2;
  }
  const timeScale = parseTimeScale(options.timeScale, 0.01);
  if (timeScale === undefined) return 2;
  const spec = selectEnvironment(options.env);
  if (!spec) return 2;
  if (options.service && !spec.services.some((s) => s.name === options.service)) {
    process.stderr.write(`no service "${options.service}" in ${spec.name} (known: ${spec.services.map((s) => s.name).join(", ")})\n`);
    return 2;
  }
  const workDir = mkdtempSync(join(tmpdir(), `gameday-${spec.name}-`));
  const stack = new LocalStack({ spec, timeScale, workDir });
  process.stdout.write(`Game day "${scenario.title}" on ${spec.name}; local stack in ${workDir}\n${scenario.briefing}\n`);
  let run: GamedayRun;
  try {
    await stack.start();
    run = await runScenario(stack, spec, scenario, timeScale, {
      service: options.service,
      roles: { commander: options.commander, comms: options.comms, scribe: options.scribe },
      interactive: options.interactive,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await stack.stop();
  }
  const out = resolve(options.out ?? "postmortems");
  mkdirSync(out, { recursive: true });
  const name = postmortemName(run);
  writeFileSync(join(out, `${name}.md`), postmortemMarkdown(run));
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(run, null, 2)}\n`);
  process.stdout.write(
    `\n${timelineMarkdown(run)}\nPostmortem: ${join(out, `${name}.md`)} (recorded run: ${name}.json, replay with gameday tabletop)\n`,
  );
  return run.passed ? 0 : 1;
}
