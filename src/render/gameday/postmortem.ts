import { type GamedayRun, humanDuration, timelineMarkdown } from "./run";

/** Where the postmortem of a run is written, relative to the output folder: `<date>-<scenario>.md`. */
export function postmortemName(run: GamedayRun): string {
  return `${run.startedAt.slice(0, 10)}-${run.scenario.id}`;
}

/**
 * A blameless postmortem skeleton filled from the run: summary, timeline and figures, alerts with their runbooks,
 * who was paged, what the tool observed, and the sections people complete (5 whys, action items).
 */
export function postmortemMarkdown(run: GamedayRun): string {
  const due = new Date(Date.parse(run.startedAt) + 14 * 86_400_000).toISOString().slice(0, 10);
  const paged = run.alerts.flatMap((a) =>
    a.notified.map(
      (n) =>
        `- ${a.alert} → ${n.receiver} (${n.integration}${n.routingKey ? `, PagerDuty routing key ${n.routingKey}` : ""}) at +${n.offsetSeconds.toFixed(1)} s`,
    ),
  );
  const checks = run.runbookChecks.map((c) => `- ${c.alert} (${c.language}): \`${c.query}\` → ${c.result}`);
  return [
    `# Postmortem: ${run.scenario.title} (game day, ${run.environment}, ${run.startedAt.slice(0, 10)})`,
    "",
    "Blameless: this document is about the system and its signals, not about who did what. Assume everyone acted on",
    "the best information they had; ask what made the right action hard, not who got it wrong.",
    "",
    "## Summary",
    `- Scenario: ${run.scenario.id} (${run.scenario.category}). Briefing: ${run.scenario.briefing}`,
    `- Service: ${run.service ?? "platform"}. Result: ${run.passed ? "every expected notification arrived" : "FAILED"}.`,
    `- Roles: incident commander ${run.roles.incidentCommander}, communications lead ${run.roles.communicationsLead}, scribe ${run.roles.scribe} (${run.roles.source}).`,
    `- Time to detect ${fmt(run.figures.ttd.compressedSeconds)}, acknowledge ${fmt(run.figures.tta.compressedSeconds)}, mitigate ${fmt(run.figures.ttm.compressedSeconds)}, resolve ${fmt(run.figures.ttr.compressedSeconds)} (compressed ${Math.round(1 / run.timeScale)}x; real time ≈ ${run.figures.ttr.realTimeSeconds === undefined ? "-" : humanDuration(run.figures.ttr.realTimeSeconds)} to resolve).`,
    "",
    timelineMarkdown(run),
    "## Alerts and runbooks",
    ...run.alerts.map(
      (a) =>
        `- ${a.alert} (${a.severity}): [${a.runbook}](../${a.runbook}); expected receivers ${a.expectedReceivers.join(", ") || "none"}`,
    ),
    ...(run.alsoFired.length ? [`- Also fired: ${run.alsoFired.join(", ")}`] : []),
    "",
    "## Who was paged and escalated",
    ...(paged.length ? paged : ["- nobody was notified"]),
    "- Escalation beyond the first level was not exercised (the page was acknowledged).",
    "",
    "## What the tool observed",
    ...(run.observations.length
      ? run.observations.map((o) => `- ${o}`)
      : ["- nothing unusual: right receivers, no suppression, within the derived bounds"]),
    ...(run.problems.length ? ["", "Problems:", ...run.problems.map((p) => `- ${p}`)] : []),
    "",
    "## Runbook verification",
    ...(checks.length ? checks : ["- the fired alerts' runbooks quote no PromQL or LogQL"]),
    "",
    "## Not exercised",
    ...run.notExercised.map((n) => `- ${n}`),
    "",
    "## Root cause: 5 whys",
    `1. Why did users suffer? (symptom: ${run.scenario.briefing})`,
    "2. Why did that happen?",
    "3. Why?",
    "4. Why?",
    "5. Why? (stop at something the team can change)",
    "",
    "## Action items",
    "| action | owner | due | tracking |",
    "| --- | --- | --- | --- |",
    ...run.observations.slice(0, 5).map((o) => `| Address: ${o.replace(/\|/g, "\\|")} | ${run.roles.incidentCommander} | ${due} | |`),
    `| Review this scenario's runbooks with the team | ${run.roles.scribe} | ${due} | |`,
    "",
  ].join("\n");
}

/** The scenario replayed for a room without servers: briefing, then each event with a question for the players. */
export function tabletopMarkdown(run: GamedayRun): string {
  const questions: Record<string, string> = {
    injection: "Nothing has paged yet. What would you look at first?",
    pending: "The alert is pending in Prometheus. Who can see that, and should anyone act yet?",
    firing: "The alert fires. Which receivers should it reach, according to the routing?",
    notification: "A notification arrived. Who is holding the pager, and what do they open first?",
    "heartbeat-gap": "The dead man's switch pages: the monitoring itself is silent. What do you check?",
    acknowledged: "The page is acknowledged. Who is the incident commander, who communicates?",
    "incident-message": "What goes into this message, and who receives it?",
    mitigation: "The mitigation is applied. How do you know it worked?",
    resolved: "Resolved. What do you write down for the postmortem?",
    "heartbeat-resumed": "The heartbeat is back. What was missed while it was down?",
  };
  return [
    `# Tabletop: ${run.scenario.title}`,
    "",
    `Recorded on ${run.startedAt} in ${run.environment} (time compressed ${Math.round(1 / run.timeScale)}x). Read the briefing, then reveal one step at a time.`,
    "",
    `**Briefing:** ${run.scenario.briefing}`,
    "",
    ...run.events.map(
      (e, i) =>
        `${i + 1}. **+${e.offsetSeconds.toFixed(1)} s, ${e.kind}:** ${e.detail}\n   - Ask: ${questions[e.kind] ?? "What happens next?"}`,
    ),
    "",
    "## Game master notes",
    ...run.scenario.gameMasterNotes.map((n) => `- ${n}`),
    `- The clear action: ${run.scenario.action}`,
    "",
  ].join("\n");
}

function fmt(seconds: number | undefined): string {
  return seconds === undefined ? "not measured" : `${seconds.toFixed(1)} s`;
}
