import { createInterface } from "node:readline";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import type { GamedayScenario } from "../catalog/gameday/types";
import { seriesSources } from "../catalog/prometheus/series-sources";
import type { AlertDefinition } from "../catalog/prometheus/types";
import { PLATFORM_OWNER } from "../model/owner";
import { planEnvironment } from "../plan/plan";
import { type AlertmanagerApiAlert, describeSuppression } from "../render/gameday/alertmanager-state";
import { initialReport, missedUpdates, resolutionMessage, statusUpdate } from "../render/gameday/comms";
import { incidentRoles } from "../render/gameday/roles";
import { matchRoutes, type RouteNode } from "../render/gameday/routes";
import {
  type GamedayRun,
  inTimeOrder,
  type ObservedAlert,
  type RunbookCheck,
  type TimelineEvent,
  type TimelineKind,
} from "../render/gameday/run";
import { alertSources, fillPlaceholders, runbookQueries, seriesLabelDefects, unknownStreamLabels } from "../render/gameday/runbook-queries";
import type { EnvironmentSpec } from "../spec/environment";
import { pushTo } from "../util/push-to";
import { type Bound, detectionBound, PROCESSING_SECONDS, resolutionBound, ruleTiming } from "./alert-bounds";
import { waitWithin } from "./bounded-wait";
import { detectionComplete, matches, observeExpectedAlert } from "./gameday-detection";
import { postToIncidentChannel } from "./gameday-incident";
import { LOCAL_GROUP_SECONDS, LOCAL_INTERVAL_SECONDS, type LocalStack } from "./gameday-stack";

interface ScenarioOptions {
  /** The service the fault hits. @default - the first service of the spec */
  readonly service?: string;
  readonly roles?: { commander?: string; comms?: string; scribe?: string };
  /** Wait for Enter before acknowledging (a person on the keyboard). @default false - a simulated responder acknowledges */
  readonly interactive?: boolean;
  /** Progress lines. @default - silent */
  readonly log?: (line: string) => void;
}

/**
 * Waits last the derived bound and once more as long, for scheduling noise (shared 2-core machines delay processes,
 * not the arithmetic of intervals), before reporting what did not arrive.
 */
const ONE_RETRY = 2;

/** What a scenario needs that the environment lacks; empty when it can run. */
function missingNeeds(spec: EnvironmentSpec, scenario: GamedayScenario, postgresDatabases: number): string[] {
  const missing: string[] = [];
  if (!spec.kubernetes) missing.push("a kubernetes section (no Alertmanager routing to exercise)");
  for (const need of scenario.needs) {
    if (need === "service" && spec.services.length === 0) missing.push("a service (services[])");
    if (need === "postgres" && postgresDatabases === 0) missing.push("a PostgreSQL database (kubernetes.databases[] with engine postgres)");
    if (need === "heartbeat" && !spec.alerting.heartbeat) missing.push("a heartbeat (alerting.heartbeat)");
  }
  return missing;
}

/**
 * Runs one scenario on a started local stack: injects the fault, watches Prometheus and the recorders until every
 * expected alert reached every receiver the rendered routing names (or the derived wait ends), acknowledges,
 * verifies the runbooks against the live data, posts to the incident channel, mitigates, and waits for resolution.
 * The fault is undone whatever happens.
 */
export async function runScenario(
  stack: LocalStack,
  spec: EnvironmentSpec,
  scenario: GamedayScenario,
  timeScale: number,
  options: ScenarioOptions = {},
): Promise<GamedayRun> {
  const log = options.log ?? (() => {});
  const missing = missingNeeds(spec, scenario, stack.postgresDatabases().length);
  if (missing.length) throw new Error(`scenario "${scenario.id}" needs ${missing.join(", ")} in environment "${spec.name}"`);
  const service = scenario.needs.includes("service") ? (options.service ?? spec.services[0]?.name) : undefined;
  const startedAt = new Date();
  const roles = incidentRoles(spec, service, startedAt, options.roles);
  const routing = stack.artifacts.routing?.config as { route: RouteNode };
  const events: TimelineEvent[] = [];
  const problems: string[] = [];
  const observations: string[] = [];
  let t0 = Date.now();
  const offset = (at: number) => (at - t0) / 1000;
  const event = (kind: TimelineKind, detail: string, at = Date.now()) => {
    events.push({ kind, at: new Date(at).toISOString(), offsetSeconds: offset(at), detail });
    log(`+${offset(at).toFixed(1)} s ${kind}: ${detail}`);
  };

  // The expected alerts, their receivers from the rendered routing, and their detection bounds.
  const plans = scenario.expected.map((expected) => {
    const definition = stack.artifacts.alerts.find(
      (a) => a.alert === expected.alert && a.severity === expected.severity && (!expected.ofService || a.labels?.service === service),
    );
    if (!definition)
      throw new Error(
        `environment "${spec.name}" renders no ${expected.severity} ${expected.alert}${expected.ofService ? ` for ${service}` : ""}`,
      );
    const labels: Record<string, string> = { alertname: expected.alert, severity: expected.severity, ...(definition.labels ?? {}) };
    // From the rules as loaded (their windows through recording rules and group intervals) and the local stack's.
    const timing = {
      ...ruleTiming(
        Object.values(stack.artifacts.prometheusRules),
        expected.alert,
        { ...(definition.labels ?? {}), severity: expected.severity },
        LOCAL_INTERVAL_SECONDS,
      ),
      scrapeSeconds: LOCAL_INTERVAL_SECONDS,
      groupWaitSeconds: LOCAL_GROUP_SECONDS,
      groupIntervalSeconds: LOCAL_GROUP_SECONDS,
    };
    const detection = detectionBound(timing);
    return {
      definition,
      labels,
      bound: detection.seconds,
      detection,
      resolution: resolutionBound(timing),
      expectedReceivers: [...new Set(matchRoutes(routing.route, labels).map((m) => m.receiver))],
      pendingAt: undefined as number | undefined,
      firingAt: undefined as number | undefined,
      firingLabels: undefined as Record<string, string> | undefined,
      notified: new Map<string, { at: number; integration: string; routingKey?: string }>(),
      resolvedAt: undefined as number | undefined,
    };
  });
  // The local dead man's switch is set as docs/guides/alerting.md advises: period the interval (Alertmanager sends the
  // Watchdog at every flush) and a grace of one more interval, for a failed delivery or a restart.
  const heartbeatGrace = 2 * stack.heartbeatSeconds;
  const heartbeatGap: Bound = {
    seconds: heartbeatGrace + LOCAL_GROUP_SECONDS,
    derivation: `twice the ${stack.heartbeatSeconds} s heartbeat ${heartbeatGrace} s + group_wait ${LOCAL_GROUP_SECONDS} s`,
  };
  const longest = (bounds: readonly Bound[]) => bounds.reduce((a, b) => (b.seconds > a.seconds ? b : a));

  // Quiet start: expected alerts inactive, and for the heartbeat scenario, a heartbeat to lose.
  const activeExpected = async () => (await stack.alerts()).filter((a) => plans.some((p) => matches(a.labels, p.labels)));
  await waitWithin(
    "the expected alerts to be inactive before the fault",
    async () => ((await activeExpected()).length === 0 ? true : undefined),
    // A previous scenario's alerts resolving.
    longest([{ seconds: LOCAL_INTERVAL_SECONDS, derivation: `evaluation ${LOCAL_INTERVAL_SECONDS} s` }, ...plans.map((p) => p.resolution)]),
    {
      log,
      seen: async () =>
        `still ${(await activeExpected()).map((a) => `${a.labels.alertname} (${a.labels.severity}) ${a.state}`).join(", ") || "none"}`,
    },
  );
  if (scenario.expectHeartbeatGap) {
    const since = Date.now();
    await waitWithin("a first heartbeat", () => (stack.recorder.heartbeats.some((b) => b >= since) ? true : undefined), heartbeatGap, {
      log,
      seen: () =>
        `last heartbeat ${stack.recorder.heartbeats.length ? new Date(Math.max(...stack.recorder.heartbeats)).toISOString() : "never"}`,
    });
  }

  const seenFiring = new Map<string, string>();
  const firedLabels = new Map<string, Record<string, string>>();
  let mitigated = false;
  const mitigate = async () => {
    if (mitigated) return;
    mitigated = true;
    await undo(stack, scenario, service);
  };
  try {
    t0 = Date.now();
    await inject(stack, scenario, service);
    event("injection", `${scenario.title}${service ? ` (service ${service})` : ""}`);

    // Detection: the bounds run from the fault being in place (a restarted service's start-up is no interval's).
    const detection = longest([...(scenario.expectHeartbeatGap ? [heartbeatGap] : []), ...plans.map((p) => p.detection)]);
    const detectDeadline = Date.now() + detection.seconds * ONE_RETRY * 1000;
    let gapAt: number | undefined;
    for (;;) {
      const now = Date.now();
      const active = await stack.alerts().catch(() => []);
      for (const a of active) {
        if (a.state === "firing" && a.labels.alertname !== "Watchdog") {
          seenFiring.set(
            alertKey(a.labels),
            `${a.labels.alertname} (${a.labels.severity}${a.labels.service ? `, ${a.labels.service}` : a.labels.job ? `, job ${a.labels.job}` : ""})`,
          );
          firedLabels.set(alertKey(a.labels), a.labels);
        }
      }
      for (const plan of plans) {
        const deliveries = stack.recorder.find(t0, plan.labels.alertname, "firing").filter((d) => aboutService(d.text, plan.labels));
        observeExpectedAlert(plan, active, deliveries, now, event);
      }
      if (scenario.expectHeartbeatGap && !gapAt) {
        const last = Math.max(t0, ...stack.recorder.heartbeats);
        if (now - last > heartbeatGrace * 1000) {
          gapAt = now;
          event(
            "heartbeat-gap",
            `no heartbeat for ${heartbeatGrace} s (twice the ${stack.heartbeatSeconds} s interval): the dead man's switch pages`,
          );
        }
      }
      const done = plans.every((p) => detectionComplete(p, p.expectedReceivers)) && (!scenario.expectHeartbeatGap || gapAt);
      if (done || now > detectDeadline) break;
      await sleep(250);
    }
    for (const plan of plans) {
      for (const r of plan.expectedReceivers.filter((r) => !plan.notified.has(r))) {
        problems.push(
          `${plan.labels.alertname} (${plan.labels.severity}) did not reach ${r} within ${Math.round((detectDeadline - t0) / 1000)} s of the injection (twice the ${detection.seconds} s bound: ${detection.derivation}; ${
            plan.firingAt ? `firing at +${offset(plan.firingAt).toFixed(1)} s` : plan.pendingAt ? "pending, never firing" : "never pending"
          })`,
        );
      }
      for (const [r] of plan.notified) {
        if (!plan.expectedReceivers.includes(r))
          observations.push(`${plan.labels.alertname} reached ${r}, which the rendered routing does not name`);
      }
      const first = Math.min(...[...plan.notified.values()].map((n) => n.at));
      if (plan.firingAt && Number.isFinite(first) && (first - plan.firingAt) / 1000 > LOCAL_GROUP_SECONDS + PROCESSING_SECONDS) {
        observations.push(
          `${plan.labels.alertname}: first notification ${((first - plan.firingAt) / 1000).toFixed(1)} s after firing (grouping and group_wait)`,
        );
      }
      if (plan.firingAt && offset(first) > plan.bound)
        observations.push(`${plan.labels.alertname}: detected after ${offset(first).toFixed(1)} s, beyond the ${plan.bound} s bound`);
    }
    if (scenario.expectHeartbeatGap && !gapAt)
      problems.push(
        `the heartbeat did not stop within ${Math.round((detectDeadline - t0) / 1000)} s of the injection (twice the ${detection.seconds} s bound: ${detection.derivation})`,
      );
    observations.push(
      ...(await suppression(
        stack,
        plans.map((p) => p.labels),
      )),
    );

    // Acknowledgement by the incident commander.
    const firstNotification = Math.min(
      ...plans.flatMap((p) => [...p.notified.values()].map((n) => n.at)),
      gapAt ?? Number.POSITIVE_INFINITY,
    );
    let ackAt: number | undefined;
    if (Number.isFinite(firstNotification)) {
      if (options.interactive) await acknowledgement(stack, `${stack.recorderUrl}/ack`);
      ackAt = Date.now();
      event(
        "acknowledged",
        `by ${roles.incidentCommander} (${options.interactive ? "a person: Enter or gameday ack" : "simulated responder"})`,
      );
    }

    // Diagnosis: the runbook queries of every alert firing now, against the live data. An alert that fired earlier and
    // has resolved is left out: the series it fired on may be gone with its cause.
    const firingNow = new Set((await stack.alerts().catch(() => [])).filter((a) => a.state === "firing").map((a) => alertKey(a.labels)));
    const others = [...firedLabels.entries()].flatMap(([key, labels]) => {
      if (!firingNow.has(key)) return [];
      const definition = stack.artifacts.alerts.find(
        (a) => a.alert === labels.alertname && a.severity === labels.severity && (a.labels?.service ?? "") === (labels.service ?? ""),
      );
      return definition && !plans.some((p) => p.definition === definition) ? [{ definition, labels }] : [];
    });
    const runbookChecks = await verifyRunbooks(
      stack,
      [...plans.map((p) => ({ definition: p.definition, labels: p.firingLabels ?? p.labels })), ...others],
      spec,
    );

    // Communication and mitigation.
    const firingNames = plans
      .filter((p) => p.firingAt)
      .map((p) => `${p.labels.alertname} (${p.labels.severity}${p.labels.service ? `, ${p.labels.service}` : ""})`);
    const cadence = Math.max(2, Math.round((spec.incident?.statusUpdateEvery.toSeconds() ?? 1800) * timeScale));
    const context = (at: number) => ({
      environment: spec.name,
      title: scenario.title,
      service,
      roles,
      alerts: scenario.expectHeartbeatGap ? ["heartbeat missing"] : firingNames,
      offsetSeconds: offset(at),
    });
    const say = async (text: string) => {
      const posted = await postToIncidentChannel(spec, text, stack.path("secrets"));
      event("incident-message", `${text.split("\n")[0]} (${posted.detail})`);
    };
    await say(initialReport(context(firstNotification), cadence));
    await say(statusUpdate(context(Date.now()), 1, `mitigating: ${scenario.action}`, cadence));
    await mitigate();
    event("mitigation", scenario.action);

    // Resolution.
    const mitigatedAt = Date.now();
    const resolution = longest([
      ...(scenario.expectHeartbeatGap ? [{ seconds: heartbeatGrace, derivation: `twice the ${stack.heartbeatSeconds} s heartbeat` }] : []),
      ...plans.map((p) => p.resolution),
    ]);
    const resolveDeadline = mitigatedAt + resolution.seconds * ONE_RETRY * 1000;
    let resumedAt: number | undefined;
    let updates = 1;
    let lastUpdate = Date.now();
    for (;;) {
      for (const plan of plans) {
        if (plan.resolvedAt) continue;
        const resolved = stack.recorder
          .find(
            // From the first page on: a rollback can resolve the alert while it is still being carried out.
            Math.min(mitigatedAt, ...[...plan.notified.values()].map((n) => n.at)),
            plan.labels.alertname,
            "resolved",
          )
          .filter((d) => aboutService(d.text, plan.labels))[0];
        if (resolved) {
          plan.resolvedAt = resolved.at;
          event("resolved", `${plan.labels.alertname} → ${resolved.receiver} (${resolved.integration})`, resolved.at);
        }
      }
      if (scenario.expectHeartbeatGap && !resumedAt) {
        const beat = stack.recorder.heartbeats.find((b) => b >= mitigatedAt);
        if (beat) {
          resumedAt = beat;
          event("heartbeat-resumed", "the heartbeat arrives again", beat);
        }
      }
      if (plans.every((p) => p.resolvedAt || !p.notified.size) && (!scenario.expectHeartbeatGap || resumedAt)) break;
      if (Date.now() > resolveDeadline) {
        for (const p of plans.filter((p) => !p.resolvedAt && p.notified.size))
          problems.push(
            `${p.labels.alertname} sent no resolved notification within ${Math.round((resolveDeadline - mitigatedAt) / 1000)} s of the mitigation (twice the ${resolution.seconds} s bound: ${resolution.derivation})`,
          );
        if (scenario.expectHeartbeatGap && !resumedAt)
          problems.push(`the heartbeat did not resume within ${Math.round((resolveDeadline - mitigatedAt) / 1000)} s of the mitigation`);
        break;
      }
      if (Date.now() - lastUpdate >= cadence * 1000) {
        updates += 1;
        lastUpdate = Date.now();
        await say(statusUpdate(context(lastUpdate), updates, "monitoring the recovery", cadence));
      }
      await sleep(250);
    }
    const resolvedAt = Math.max(...plans.map((p) => p.resolvedAt ?? 0), resumedAt ?? 0);
    if (resolvedAt > 0) await say(resolutionMessage(context(resolvedAt)));
    for (const plan of plans.filter((p) => p.resolvedAt && p.resolvedAt < mitigatedAt)) {
      observations.push(
        `${plan.labels.alertname} resolved at +${offset(plan.resolvedAt as number).toFixed(1)} s, before the mitigation was complete (+${offset(mitigatedAt).toFixed(1)} s): its data went away (target restarting), which is not proof of recovery`,
      );
    }
    const missed = missedUpdates(events, cadence);
    observations.push(...missed.map((m) => `incident channel: ${m}`));

    const alerts: ObservedAlert[] = plans.map((p) => ({
      alert: p.labels.alertname,
      severity: p.labels.severity,
      labels: p.labels,
      expectedReceivers: p.expectedReceivers,
      notified: [...p.notified.entries()].map(([receiver, n]) => ({
        receiver,
        integration: n.integration,
        offsetSeconds: offset(n.at),
        routingKey: n.routingKey,
      })),
      pendingSeconds: p.pendingAt === undefined ? undefined : offset(p.pendingAt),
      firingSeconds: p.firingAt === undefined ? undefined : offset(p.firingAt),
      resolvedSeconds: p.resolvedAt === undefined ? undefined : offset(p.resolvedAt),
      boundSeconds: p.bound,
      runbook: p.definition.runbook ? `runbooks/${p.labels.alertname}.md` : "none",
    }));
    const detected = Number.isFinite(firstNotification) ? offset(firstNotification) : undefined;
    const ttm = offset(mitigatedAt);
    const real = (compressed: number) => compressed / timeScale;
    const figures = {
      ttd: { compressedSeconds: detected, realTimeSeconds: detected === undefined ? undefined : real(detected) },
      tta: {
        compressedSeconds: ackAt && detected !== undefined ? offset(ackAt) - detected : undefined,
        realTimeSeconds: ackAt && detected !== undefined ? offset(ackAt) - detected : undefined,
      },
      ttm: { compressedSeconds: ttm, realTimeSeconds: detected === undefined ? undefined : real(detected) + (ttm - detected) },
      ttr: {
        compressedSeconds: resolvedAt > 0 ? offset(resolvedAt) : undefined,
        realTimeSeconds:
          resolvedAt > 0 && detected !== undefined ? real(detected) + (ttm - detected) + real(offset(resolvedAt) - ttm) : undefined,
      },
      detectionBoundSeconds: plans.length ? Math.max(...plans.map((p) => p.bound)) : heartbeatGrace + LOCAL_GROUP_SECONDS,
    };
    for (const check of runbookChecks.filter((c) => !c.ok))
      observations.push(`runbook of ${check.alert}: ${check.language} \`${check.query}\` → ${check.result}`);
    const expectedKeys = new Set(plans.map((p) => p.labels.alertname));
    return {
      environment: spec.name,
      scenario: {
        id: scenario.id,
        title: scenario.title,
        category: scenario.category,
        briefing: scenario.briefing,
        action: scenario.action,
        gameMasterNotes: scenario.gameMasterNotes,
      },
      startedAt: startedAt.toISOString(),
      timeScale,
      service,
      roles,
      events: inTimeOrder(events),
      alerts,
      alsoFired: [...seenFiring.values()].filter((name) => !expectedKeys.has(name.split(" ")[0])),
      figures,
      runbookChecks,
      observations,
      notExercised: notExercised(spec, stack, scenario, service),
      passed: problems.length === 0,
      problems,
    };
  } finally {
    await mitigate();
  }
}

async function inject(stack: LocalStack, scenario: GamedayScenario, service: string | undefined): Promise<void> {
  const fault = scenario.fault;
  switch (fault.kind) {
    case "host-down":
      await Promise.all([stack.stopNodeExporter(), service ? stack.stopService(service) : undefined]);
      return;
    case "cpu-busy":
      stack.setCpuBusy(fault.busyPercent);
      return;
    case "service-fault":
      await stack.serviceFault(service as string, fault);
      return;
    case "bad-deploy":
      await stack.stopService(service as string);
      stack.startService(service as string, { version: fault.version, errorRate: fault.errorRate });
      await stack.waitForService(service as string, 30_000);
      return;
    case "database-down":
      stack.database.up = false;
      return;
    case "database-connections":
      stack.database.connections = Math.ceil((stack.database.maxConnections * fault.percentOfMax) / 100);
      return;
    case "alertmanager-down":
      await stack.stopAlertmanager();
      return;
  }
}

/** The scenario's clear action, performed: the fault undone (restart, rollback, restore). */
async function undo(stack: LocalStack, scenario: GamedayScenario, service: string | undefined): Promise<void> {
  const fault = scenario.fault;
  switch (fault.kind) {
    case "host-down":
      stack.startNodeExporter();
      await stack.waitForNodeExporter(30_000);
      if (service) {
        stack.startService(service);
        await stack.waitForService(service, 30_000);
      }
      return;
    case "cpu-busy":
      stack.setCpuBusy(5);
      return;
    case "service-fault":
      await stack.serviceFault(service as string, {});
      return;
    case "bad-deploy":
      await stack.stopService(service as string);
      stack.startService(service as string);
      await stack.waitForService(service as string, 30_000);
      return;
    case "database-down":
      stack.database.up = true;
      return;
    case "database-connections":
      stack.database.connections = 10;
      return;
    case "alertmanager-down":
      stack.startAlertmanager();
      await stack.waitForAlertmanager(30_000);
      return;
  }
}

/** Silences or inhibitions holding back the scenario's alerts, named. */
async function suppression(stack: LocalStack, wanted: ReadonlyArray<Readonly<Record<string, string>>>): Promise<string[]> {
  try {
    const response = await fetch(`${stack.alertmanagerUrl}/api/v2/alerts`, { signal: AbortSignal.timeout(5_000) });
    const all = (await response.json()) as AlertmanagerApiAlert[];
    const byFingerprint = new Map(all.map((a) => [a.fingerprint, a]));
    const out: string[] = [];
    for (const alert of all.filter((a) => wanted.some((w) => matches(a.labels, w)) && a.status.state === "suppressed")) {
      const silences = new Map();
      for (const id of alert.status.silencedBy) {
        const s = await fetch(`${stack.alertmanagerUrl}/api/v2/silence/${id}`, { signal: AbortSignal.timeout(5_000) });
        silences.set(id, await s.json());
      }
      out.push(`${alert.labels.alertname} was suppressed: ${describeSuppression(alert, silences, byFingerprint).join("; ")}`);
    }
    return out;
  } catch {
    return [];
  }
}

/** Metric names a PromQL expression selects. */
function metricNames(query: string): string[] {
  const names: string[] = [];
  promqlParser.parse(query).iterate({
    enter: (node) => {
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") names.push(query.slice(node.from, node.to));
    },
  });
  return [...new Set(names)];
}

/**
 * Runs each fired alert's runbook PromQL with the alert's labels against the live Prometheus (empty = a defect,
 * unless the metric is not collected locally at all: then "not exercised"), and checks each LogQL stream selector
 * against the labels the log agent sets (Loki itself does not run locally).
 */
export async function verifyRunbooks(
  stack: LocalStack,
  fired: ReadonlyArray<{ definition: AlertDefinition; labels: Readonly<Record<string, string>> }>,
  spec?: EnvironmentSpec,
): Promise<RunbookCheck[]> {
  const checks: RunbookCheck[] = [];
  // Static part, for queries the local stack cannot run too: each selector's labels against its source's labels.
  const sources = spec ? seriesSources(spec) : undefined;
  const records = new Map<string, string[]>();
  for (const rule of Object.values(stack.artifacts.prometheusRules).flatMap((f) => f.groups.flatMap((g) => g.rules)))
    if (rule.record) pushTo(records, rule.record, rule.expr);
  for (const { definition, labels } of fired) {
    for (const q of runbookQueries(definition.runbook)) {
      const query = fillPlaceholders(q.text, labels);
      const labelDefects =
        q.language === "promql" && sources ? seriesLabelDefects(q.text, sources, alertSources(definition.expr, records, sources)) : [];
      if (labelDefects.length) {
        checks.push({
          alert: definition.alert,
          language: "promql",
          query,
          ok: false,
          result: `matches nothing: ${labelDefects.join("; ")}`,
        });
        continue;
      }
      if (q.language === "logql") {
        const unknown = unknownStreamLabels(q.text);
        checks.push(
          unknown.length
            ? {
                alert: definition.alert,
                language: "logql",
                query,
                ok: false,
                result: `selects streams by ${unknown.join(", ")}, which the log agent never sets as stream labels: matches nothing`,
              }
            : {
                alert: definition.alert,
                language: "logql",
                query,
                ok: true,
                notExercised: true,
                result: "stream labels ok; not run (no Loki locally)",
              },
        );
        continue;
      }
      try {
        const ok = (series: number): RunbookCheck => ({
          alert: definition.alert,
          language: "promql",
          query,
          ok: true,
          result: `ok (${series} series)`,
        });
        const result = await stack.query(query);
        if (result.length > 0) {
          checks.push(ok(result.length));
          continue;
        }
        const names = metricNames(query);
        const present = names.length ? await stack.query(`group by (__name__) ({__name__=~"${names.join("|")}"})`) : [];
        const absent = names.filter((n) => !present.some((p) => p.metric.__name__ === n));
        if (absent.length) {
          checks.push({
            alert: definition.alert,
            language: "promql",
            query,
            ok: true,
            notExercised: true,
            result: `not exercised: ${absent.join(", ")} not collected by the local stack (Kubernetes/cAdvisor/kubelet)`,
          });
          continue;
        }
        // One retry for scheduling noise: on a loaded machine the evaluation of a slow group (the anomaly baseline)
        // can come later than the query's range reaches back. Ask again after one evaluation of the alert's groups.
        await new Promise((resolve) => setTimeout(resolve, (evaluationSeconds(stack, definition) + PROCESSING_SECONDS) * 1000));
        const again = await stack.query(query);
        checks.push(
          again.length > 0
            ? ok(again.length)
            : { alert: definition.alert, language: "promql", query, ok: false, result: "EMPTY with the alert's labels" },
        );
      } catch (error) {
        checks.push({
          alert: definition.alert,
          language: "promql",
          query,
          ok: false,
          result: `query error: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  }
  return checks;
}

/** The longest evaluation interval of the rule groups an alert reads (its own and its recording rules'), in seconds. */
function evaluationSeconds(stack: LocalStack, definition: AlertDefinition): number {
  try {
    return ruleTiming(
      Object.values(stack.artifacts.prometheusRules),
      definition.alert,
      { severity: definition.severity },
      LOCAL_INTERVAL_SECONDS,
    ).evaluationSeconds;
  } catch {
    // A rule the files do not hold with that severity: the local stack's own interval.
    return LOCAL_INTERVAL_SECONDS;
  }
}

/** What this local run could not exercise, with what a person runs instead. */
function notExercised(spec: EnvironmentSpec, stack: LocalStack, scenario: GamedayScenario, service: string | undefined): string[] {
  const out: string[] = [
    "Real PagerDuty (escalation policy, phone and push notifications): the local recorder stood in for the Events API v2. Trigger a test incident on the PagerDuty service to exercise it.",
    "Kubernetes (pods, kube-state-metrics, cAdvisor, Alloy): the local stack runs plain processes; Kubernetes alerts cannot fire here.",
  ];
  if (Object.keys(stack.artifacts.lokiRules).length > 0) out.push("Loki rules (log alerts): no Loki runs locally; they are not exercised.");
  if (spec.cloud) {
    const alarms = planEnvironment(spec).cloudAlarms.filter((a) => !service || a.service === service || a.service === PLATFORM_OWNER);
    const sample = alarms.slice(0, 3).map((a) => a.name);
    const command =
      spec.cloud.provider === "aws"
        ? sample.map(
            (name) => `aws cloudwatch set-alarm-state --alarm-name "${name}" --state-value ALARM --state-reason "game day ${scenario.id}"`,
          )
        : spec.cloud.provider === "gcp"
          ? [
              "gcloud has no set-state for alerting policies: send a test notification from the policy's notification channel (Cloud Console > Monitoring > Alerting > Edit notification channels > Send test), or lower the policy threshold temporarily with `gcloud alpha monitoring policies update`",
            ]
          : [
              "az monitor action-group test-notifications create --action-group <action group> --resource-group <resource group> --alert-type metricstaticthreshold",
            ];
    out.push(`Cloud alarms on ${spec.cloud.provider} (${alarms.length} relevant): not exercised locally. Run: ${command.join(" ; ")}`);
  }
  return out;
}

/**
 * A notification about this alert's tier and service: the title template reads "CRITICAL HostHighCpuLoad (checkout)";
 * webhooks carry the labels as JSON. The warning tier of the same alert name is another notification.
 */
function aboutService(text: string, labels: Readonly<Record<string, string>>): boolean {
  const tier = text.includes(`${labels.severity.toUpperCase()} ${labels.alertname}`) || text.includes(`"severity":"${labels.severity}"`);
  const service = !labels.service || text.includes(`(${labels.service})`) || text.includes(`"service":"${labels.service}"`);
  return tier && service;
}

function alertKey(labels: Readonly<Record<string, string>>): string {
  return `${labels.alertname}/${labels.severity}/${labels.service ?? ""}/${labels.job ?? ""}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for a person: Enter on this terminal, or `monitoring-stack gameday ack --recorder <url>` from another. */
function acknowledgement(stack: LocalStack, ackUrl: string): Promise<void> {
  const since = Date.now();
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const timer = setInterval(() => {
      if (stack.recorder.acks.some((at) => at >= since)) done();
    }, 250);
    const done = () => {
      clearInterval(timer);
      rl.close();
      resolve();
    };
    rl.question(
      `Acknowledge the page: press Enter, or run: monitoring-stack gameday ack --recorder ${ackUrl.replace(/\/ack$/, "")} `,
      done,
    );
  });
}
