import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GamedayRun } from "../../src/render/gameday/run";
import { alertmanagerTool, realTool } from "../support/tools";
import { runCliConcurrently } from "./processes";
import { projectModule } from "./project-module";

// The project's modules as the CLI loads them (see projectModule: vitest's import took most of this file's time).
const { BUNDLED_ENVIRONMENTS } = projectModule<typeof import("../../environments")>("environments/index.ts");
const { GAMEDAY_SCENARIOS } = projectModule<typeof import("../../src/catalog/gameday/scenarios")>("src/catalog/gameday/scenarios.ts");
const { runScenario } = projectModule<typeof import("../../src/cli/gameday-run")>("src/cli/gameday-run.ts");
const { LocalStack } = projectModule<typeof import("../../src/cli/gameday-stack")>("src/cli/gameday-stack.ts");
const { postmortemMarkdown, tabletopMarkdown } =
  projectModule<typeof import("../../src/render/gameday/postmortem")>("src/render/gameday/postmortem.ts");
const { resolveEnvironment } = projectModule<typeof import("../../src/spec")>("src/spec/index.ts");

/**
 * Every game-day scenario on one real local stack (Prometheus, Alertmanager 0.28, node_exporter, the example
 * service), loaded with the production environment's rendered rules and routing, time-compressed 100x; PagerDuty,
 * Slack, SNS, SMTP, the heartbeat and the incident channel are local recorders.
 */
const skip = realTool("prometheus").skip || alertmanagerTool("prometheus-alertmanager").skip || realTool("prometheus-node-exporter").skip;

/** Production, plus an incident channel (the bundled prod spec has none yet). */
const spec = resolveEnvironment({
  ...BUNDLED_ENVIRONMENTS.prod,
  name: "gameday-prod",
  incident: {
    channel: "#incident-prod",
    webhookUrl: { kubernetesSecret: { name: "incident-webhook", key: "url" } },
    statusUpdateEvery: "30m",
  },
});
const TIME_SCALE = 0.01;
const work = mkdtempSync(join(tmpdir(), "gameday-e2e-"));
const stack = new LocalStack({ spec, timeScale: TIME_SCALE, workDir: work });
const runs = new Map<string, GamedayRun>();
/** The run the postmortem and tabletop test reads. */
const TABLETOP_SCENARIO = "error-spike";
/** Longest the tabletop command may take: the CLI's start-up alone took 50 s on a machine loaded to 18. */
const TABLETOP_TIMEOUT_MS = 110_000;
/**
 * `monitoring-stack gameday tabletop` of that run, started as soon as the run is in. It runs in this process
 * (runCliConcurrently), whose project modules are the CLI's own (projectModule): a CLI process of its own cost 1 s of
 * CPU to load them again.
 */
let tabletop: Promise<{ status: number | null; stdout: string; stderr: string }> | undefined;

/**
 * Scenarios that share no signal run side by side (each [scenario, service]); Alertmanager down runs alone, since it
 * silences every notification. Keeps the suite near a minute instead of the sum of all scenarios.
 */
const WAVES: ReadonlyArray<ReadonlyArray<readonly [string, string | undefined]>> = [
  [
    ["error-spike", "checkout"],
    ["latency-degradation", "catalog"],
    ["cpu-saturation", undefined],
    ["database-down", undefined],
  ],
  [
    ["bad-deployment", "checkout"],
    ["server-outage", "catalog"],
    ["database-connections", undefined],
  ],
  [["alertmanager-down", undefined]],
];

/**
 * Runbook queries known to return nothing or to select streams the log agent never labels (issue #20 item 8, to be
 * fixed in src/catalog/prometheus by its owner). Ratchet: a new defect fails, and so does a listed one that is gone.
 */
const KNOWN_RUNBOOK_DEFECTS: readonly string[] = [];

describe.skipIf(skip)("game days on the real local stack", () => {
  beforeAll(async () => {
    await stack.start();
  }, 90_000);

  afterAll(async () => {
    await stack.stop();
    const rows = [...runs.values()].map(
      (r) =>
        `| ${r.scenario.id.padEnd(22)} | ${String(r.figures.ttd.compressedSeconds?.toFixed(1) ?? "-").padStart(5)} s | ${String(r.figures.ttr.compressedSeconds?.toFixed(1) ?? "-").padStart(5)} s | ${r.figures.detectionBoundSeconds} s |`,
    );
    process.stdout.write(
      `\nGame days (compressed 100x):\n| scenario | TTD | TTR | detection bound |\n| --- | --- | --- | --- |\n${rows.join("\n")}\n`,
    );
  });

  it("runs every scenario of the catalog, independent ones side by side (bounded waves)", async () => {
    for (const wave of WAVES) {
      const results = await Promise.all(
        wave.map(async ([id, service]) => {
          const scenario = GAMEDAY_SCENARIOS.find((s) => s.id === id);
          if (!scenario) throw new Error(`no scenario ${id}`);
          return runScenario(stack, spec, scenario, TIME_SCALE, { service });
        }),
      );
      for (const run of results) runs.set(run.scenario.id, run);
      const replayed = runs.get(TABLETOP_SCENARIO);
      if (replayed && !tabletop) {
        const file = join(work, "run.json");
        writeFileSync(file, JSON.stringify(replayed));
        tabletop = runCliConcurrently(["gameday", "tabletop", "--run", file], TABLETOP_TIMEOUT_MS);
      }
    }
    expect([...runs.keys()].sort()).toEqual(GAMEDAY_SCENARIOS.map((s) => s.id).sort());
  }, 240_000);

  for (const scenario of GAMEDAY_SCENARIOS) {
    it(`${scenario.id}: detected, routed as rendered, acknowledged, communicated, mitigated and resolved`, () => {
      const run = runs.get(scenario.id) as GamedayRun;
      expect(run, "the scenario ran").toBeDefined();
      expect(run.problems).toEqual([]);
      expect(run.passed).toBe(true);
      const kinds = run.events.map((e) => e.kind);
      expect(kinds[0]).toBe("injection");
      for (const kind of ["acknowledged", "mitigation"] as const) expect(kinds).toContain(kind);
      if (scenario.expectHeartbeatGap) {
        expect(kinds).toContain("heartbeat-gap");
        expect(kinds).toContain("heartbeat-resumed");
      } else {
        for (const kind of ["pending", "firing", "notification", "resolved"] as const) expect(kinds).toContain(kind);
      }
      for (const alert of run.alerts) {
        // Every receiver the rendered routing names got the notification, and nothing else did.
        expect(alert.notified.map((n) => n.receiver).sort()).toEqual([...alert.expectedReceivers].sort());
        expect(alert.firingSeconds).toBeDefined();
      }
      // Roles from prod's rotations at drill time; messages in the incident channel (the local recorder).
      expect(run.roles.incidentCommander).toMatch(/^(alice|bob|carol|dave|erin)$/);
      const messages = stack.recorder.incident.map((m) => m.text.split("\n")[0]).filter((m) => m.endsWith(`: ${scenario.title}`));
      expect(messages[0]).toMatch(/^INITIAL REPORT \[GAME DAY\] gameday-prod/);
      expect(messages.at(-1)).toMatch(/^RESOLVED \[GAME DAY\]/);
      expect(run.figures.ttd.compressedSeconds).toBeGreaterThan(0);
      // Its postmortem names what happened, with the runbooks and the pages.
      const postmortem = postmortemMarkdown(run);
      expect(postmortem).toContain(`# Postmortem: ${scenario.title}`);
      for (const alert of run.alerts) {
        expect(postmortem).toContain(`[runbooks/${alert.alert}.md](../runbooks/${alert.alert}.md)`);
        for (const receiver of alert.expectedReceivers) expect(postmortem).toContain(`${alert.alert} → ${receiver} (`);
      }
      if (scenario.expectHeartbeatGap) expect(postmortem).toContain("heartbeat-gap");
      expect(run.figures.ttr.compressedSeconds).toBeDefined();
      if (
        scenario.id === "bad-deployment" &&
        (run.figures.ttr.compressedSeconds as number) < (run.figures.ttm.compressedSeconds as number)
      ) {
        // Stopping v2 for the rollback takes its error series away: the tool says so rather than calling it recovery.
        expect(run.observations.join("\n")).toMatch(/resolved at .* before the mitigation was complete/);
      }
    });
  }

  it("each service's page reaches its own PagerDuty service (checkout's to checkout's); database and host pages reach the platform's", () => {
    const keyOf = (id: string) => runs.get(id)?.alerts[0]?.notified.find((n) => n.integration === "pagerduty")?.routingKey;
    expect(keyOf("error-spike")).toBe("gameday-pagerduty-checkout");
    expect(keyOf("bad-deployment")).toBe("gameday-pagerduty-checkout");
    expect(keyOf("latency-degradation")).toBe("gameday-pagerduty-catalog");
    expect(keyOf("server-outage")).toBe("gameday-pagerduty-catalog");
    expect(keyOf("database-down")).toBe("gameday-pagerduty-platform");
    expect(keyOf("cpu-saturation")).toBe("gameday-pagerduty-platform");
    // SMS through SNS and Slack got the critical pages too, through the real templates.
    const run = runs.get("error-spike") as GamedayRun;
    expect(run.alerts[0].notified.map((n) => n.integration).sort()).toEqual(["pagerduty", "slack", "sns"]);
    const slack = stack.recorder.deliveries.find((d) => d.integration === "slack" && d.alertnames.includes("ServiceHighErrorRatio"));
    expect(slack?.text).toContain("[FIRING:1] CRITICAL ServiceHighErrorRatio (checkout)");
  });

  it("runbook queries of every fired alert return data for the alert's labels (known defects listed)", () => {
    const defects = [...runs.values()].flatMap((r) =>
      r.runbookChecks.filter((c) => !c.ok).map((c) => `${c.alert}: ${c.language} ${c.query}`),
    );
    expect([...new Set(defects)].sort()).toEqual([...KNOWN_RUNBOOK_DEFECTS].sort());
    const notExercised = [...runs.values()].flatMap((r) => r.runbookChecks.filter((c) => c.notExercised));
    for (const check of notExercised) expect(check.result).toMatch(/not exercised|not run/);
    // The diagnosis queries of the scenarios' own alerts ran against the live Prometheus and returned data (not just
    // "not exercised"): the service pages quote the spec's metric names, error matcher and the service's labels.
    for (const [scenario, alert] of [
      ["error-spike", "ServiceHighErrorRatio"],
      ["latency-degradation", "ServiceHighLatency"],
      ["cpu-saturation", "HostHighCpuLoad"],
      ["database-connections", "PostgresqlTooManyConnections"],
    ] as const) {
      const live = (runs.get(scenario)?.runbookChecks ?? []).filter((c) => c.alert === alert && c.language === "promql" && !c.notExercised);
      expect(live.length, `${scenario}: ${alert}`).toBeGreaterThan(0);
      for (const check of live) expect(check.result, `${scenario}: ${check.query}`).toMatch(/^ok \(\d+ series\)$/);
    }
  });

  it("writes a postmortem with timeline, figures, pages, observations and 5 whys, and replays it as a tabletop", async () => {
    const run = runs.get(TABLETOP_SCENARIO) as GamedayRun;
    const postmortem = postmortemMarkdown(run);
    for (const section of [
      "## Summary",
      "| offset | event | detail |",
      "TTD",
      "## Who was paged and escalated",
      "## What the tool observed",
      "## Root cause: 5 whys",
      "## Action items",
      "## Not exercised",
      "aws cloudwatch set-alarm-state",
    ]) {
      expect(postmortem).toContain(section);
    }
    expect(postmortem).toContain("pagerduty-checkout (pagerduty, PagerDuty routing key gameday-pagerduty-checkout)");
    if (!tabletop) throw new Error(`no tabletop replay: the ${TABLETOP_SCENARIO} run did not complete`);
    const replay = await tabletop;
    expect(replay.status, `tabletop did not finish within ${TABLETOP_TIMEOUT_MS / 1000} s or failed: ${replay.stderr}`).toBe(0);
    expect(replay.stdout).toBe(tabletopMarkdown(run));
    expect(replay.stdout).toContain(`**Briefing:** ${run.scenario.briefing}`);
  }, 120_000);
});
