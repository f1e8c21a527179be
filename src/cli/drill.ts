import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { parse } from "yaml";
import { loadEnvironments } from "../../stacks/environments";
import { serviceLabels, serviceMatchers } from "../catalog/prometheus/applications";
import { renderRouting } from "../render/alertmanager/config";
import {
  type AlertmanagerApiAlert,
  type AlertmanagerSilence,
  deliveredSince,
  describeSuppression,
  type NotificationCounters,
  parseNotificationCounters,
  receiverIntegrations,
} from "../render/gameday/alertmanager-state";
import { matchRoutes, type RouteNode } from "../render/gameday/routes";
import type { EnvironmentSpec } from "../spec/environment";
import { SEVERITIES, type Severity } from "../spec/primitives";
import { deliveryBound } from "./alert-bounds";
import { postToIncidentChannel } from "./gameday-incident";

interface DrillOptions {
  readonly alertmanager?: string;
  readonly env?: string;
  /** Seconds to wait for the operator's acknowledgement. @default 120 */
  readonly timeout?: string;
  /** Do not wait for an acknowledgement. @default false */
  readonly yes?: boolean;
  /** The environment's name, required when the Alertmanager is not on this machine (it pages real people). @default - none */
  readonly confirm?: string;
  /**
   * Seconds to wait for delivery. @default - derived from the routes hit (`deliveryBound`): group_wait plus the time
   * Alertmanager gives a flush to notify (group_interval, at least 10 s), plus processing
   */
  readonly deliveryTimeout?: string;
  /** Where the incident channel's webhook URL is read from (<dir>/<secret>/<key>). @default - not posted, printed */
  readonly secretsDir?: string;
}

interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

/** One line of the drill report: one synthetic alert (a service or the platform, one severity). */
interface DrillRecord {
  /** The service whose labels the alert carries, or "platform" for alerts about no service. */
  readonly target: string;
  readonly severity: Severity;
  /** Receivers the rendered routing sends these labels to. */
  readonly expected: readonly string[];
  /** Receivers the running Alertmanager chose. */
  readonly routed: readonly string[];
  /** Why Alertmanager suppresses it (silence or inhibition, named); empty when it is active. */
  readonly suppressed: readonly string[];
  /** "delivered", "failed: …" or "not delivered: …" from the notification counters, never from the route alone. */
  readonly delivery: string;
  readonly sentAt: string;
  readonly resolvedAt?: string;
}

const DRILL_ALERT = "MonitoringDrill";
const PLATFORM = "platform";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
/** How long Alertmanager may take to route and mark the posted alerts (milliseconds). */
const PROCESSED_WITHIN_MS = 10_000;

/**
 * `monitoring-stack drill`: incident-response practice on a deployed Alertmanager. Posts one clearly labelled
 * synthetic alert per service and severity (with the `service`, `team`, `namespace` and `job` labels real alerts
 * carry, so every service's route is exercised) and one per severity for the platform; reports for each the
 * receivers it is routed to (compared with the rendered routing), whether a silence or inhibition suppresses it,
 * and whether Alertmanager's notification counters show it delivered after group_wait. Fails unless every alert was
 * routed as rendered, active and delivered.
 */
export async function drillCommand(options: DrillOptions): Promise<number> {
  if (!options.alertmanager || !/^https?:\/\//.test(options.alertmanager)) {
    process.stderr.write(
      "usage: monitoring-stack drill --alertmanager <http(s)://host:port> [--env <env>] [--confirm <env>] [--timeout <seconds>] [--delivery-timeout <seconds>] [--secrets-dir <dir>] [--yes]\n",
    );
    return 2;
  }
  const ackSeconds = seconds(options.timeout, "--timeout", 120);
  const deliverySeconds = options.deliveryTimeout === undefined ? undefined : seconds(options.deliveryTimeout, "--delivery-timeout", 0);
  if (ackSeconds === null || deliverySeconds === null) return 2;
  const specs = loadEnvironments();
  const spec = options.env ? specs.find((s) => s.name === options.env) : specs.length === 1 ? specs[0] : undefined;
  if (!spec) {
    process.stderr.write(`name the environment with --env (known: ${specs.map((s) => s.name).join(", ")})\n`);
    return 2;
  }
  const base = options.alertmanager.replace(/\/+$/, "");
  if (!LOCAL_HOSTS.has(new URL(base).hostname) && options.confirm !== spec.name) {
    process.stderr.write(
      `${base} is not on this machine: the drill pages the people on call for "${spec.name}". Run it again with --confirm ${spec.name}${options.confirm ? ` (received --confirm ${options.confirm})` : ""}.\n`,
    );
    return 2;
  }

  const running = await runningConfig(base);
  const rendered = renderRouting(spec).config as { route: RouteNode };
  const drillId = randomUUID().slice(0, 8);
  const alerts = drillAlerts(spec, drillId);
  const before = await counters(base);

  const announcement = await postToIncidentChannel(
    spec,
    `DRILL ${drillId} starting on ${spec.name}: ${alerts.length} synthetic alerts (alertname ${DRILL_ALERT}, drill_id ${drillId}) will page the on-call receivers. No action needed beyond confirming they arrived.`,
    options.secretsDir,
  );
  process.stdout.write(`Incident channel: ${announcement.detail}\n`);

  const sentAt = new Date();
  await post(base, alerts);
  process.stdout.write(`Drill ${drillId}: posted ${alerts.length} synthetic alerts to ${base}\n`);

  // Routing and suppression, as the running Alertmanager reports them (it routes a posted alert at once; no interval
  // of its configuration bounds that, so a fixed bound for a busy server).
  const state = await waitForAlerts(base, drillId, alerts.length, PROCESSED_WITHIN_MS);
  const silences = await silencesOf(base, state);
  const byFingerprint = new Map((await fetchJson<AlertmanagerApiAlert[]>(`${base}/api/v2/alerts`)).map((a) => [a.fingerprint, a]));
  const plans = alerts.map((alert) => {
    const labels = alert.labels;
    const apiAlert = state.find((a) => a.labels.instance === labels.instance);
    const matches = matchRoutes(running.route, labels);
    return {
      labels,
      expected: unique(matchRoutes(rendered.route, labels).map((m) => m.receiver)),
      routed: unique(apiAlert?.receivers.map((r) => r.name) ?? []),
      suppressed: apiAlert
        ? describeSuppression(apiAlert, silences, byFingerprint)
        : [`not found in Alertmanager within ${PROCESSED_WITHIN_MS / 1000} s of posting`],
      groupWait: Math.max(0, ...matches.map((m) => m.groupWaitSeconds)),
      matches,
      integrations: unique(matches.flatMap((m) => receiverIntegrations(running, m.receiver))),
    };
  });

  // Delivery: only Alertmanager's counters say a notification went out, and only after group_wait.
  const longestWait = Math.max(0, ...plans.map((p) => p.groupWait));
  const derived = deliveryBound(plans.filter((p) => p.suppressed.length === 0).flatMap((p) => p.matches));
  const deliveryBudget = deliverySeconds ?? derived.seconds;
  const deadline = sentAt.getTime() + deliveryBudget * 1000;
  const expectedIntegrations = unique(plans.filter((p) => p.suppressed.length === 0).flatMap((p) => p.integrations));
  let sent = deliveredSince(before, await counters(base));
  const pastGroupWait = () => Date.now() - sentAt.getTime() >= longestWait * 1000;
  while (
    Date.now() < deadline &&
    (!pastGroupWait() || !expectedIntegrations.every((i) => (sent[i]?.delivered ?? 0) > 0 || (sent[i]?.failed ?? 0) > 0))
  ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    sent = deliveredSince(before, await counters(base));
  }
  const waited = (Date.now() - sentAt.getTime()) / 1000;

  const acknowledged = options.yes ? "skipped (--yes)" : await acknowledgement(ackSeconds);
  const endsAt = new Date().toISOString();
  await post(
    base,
    alerts.map((a) => ({ ...a, endsAt })),
  );
  // A group's group_wait runs from when Alertmanager's dispatcher took the firing alert into it (at or after the
  // firing post), and its first flush sends nothing only if the group already holds the alert resolved. The
  // dispatcher takes posts in from a queue, late on a busy server: the resolution counts from when the groups show it.
  const resolvedAfter = ((await resolutionInGroups(base, drillId, PROCESSED_WITHIN_MS)) - sentAt.getTime()) / 1000;

  const records: DrillRecord[] = plans.map((p) => ({
    target: p.labels.service ?? PLATFORM,
    severity: p.labels.severity as Severity,
    expected: p.expected,
    routed: p.routed,
    suppressed: p.suppressed,
    delivery: delivery(
      p,
      sent,
      waited,
      deliveryBudget,
      resolvedAfter,
      deliverySeconds === undefined ? derived.derivation : `--delivery-timeout ${deliverySeconds}`,
    ),
    sentAt: sentAt.toISOString(),
    resolvedAt: endsAt,
  }));
  const report = drillReport(drillId, spec.name, records, acknowledged);
  process.stdout.write(`\n${report}`);
  const ok = records.every((r) => sameSet(r.expected, r.routed) && r.suppressed.length === 0 && r.delivery === "delivered");
  const closing = await postToIncidentChannel(
    spec,
    `DRILL ${drillId} finished on ${spec.name}: ${ok ? "every alert routed and delivered" : "FAILED, see the report"}; the synthetic alerts are resolved.`,
    options.secretsDir,
  );
  if (!closing.posted && spec.incident)
    process.stdout.write(`Post this to ${spec.incident.channel} yourself: drill ${drillId} finished.\n`);
  return ok ? 0 : 1;
}

/** The synthetic alerts: one per severity for each service (with its real labels) and for the platform. */
function drillAlerts(spec: EnvironmentSpec, drillId: string): ApiAlert[] {
  const now = new Date().toISOString();
  const targets: Array<{ name: string; labels: Record<string, string> }> = [
    ...spec.services.map((s) => ({ name: s.name, labels: { ...serviceMatchers(s), ...serviceLabels(s) } })),
    { name: PLATFORM, labels: {} },
  ];
  return targets.flatMap((target) =>
    SEVERITIES.map((severity) => ({
      labels: {
        alertname: DRILL_ALERT,
        severity,
        drill: "true",
        drill_id: drillId,
        environment: spec.name,
        ...target.labels,
        // Distinct per alert, so that the critical drill alert does not inhibit the warning one.
        instance: `drill-${target.name}-${severity}`,
      },
      annotations: {
        summary: `DRILL (${target.name}, ${severity}): synthetic alert, no action needed`,
        description: `Incident-response drill ${drillId} for environment ${spec.name}: confirm this ${severity} notification for ${target.name} arrived where you expect it.`,
      },
      startsAt: now,
    })),
  );
}

/**
 * Whether the page can still go out: only a resolution before group_wait ends stops Alertmanager's first flush. The
 * figure is cut to tenths, not rounded: rounded, 0.96 s against a 1-s group_wait read "resolved after 1.0 s, before
 * group_wait", a report that contradicts itself.
 */
export function resolutionVerdict(resolvedAfterSeconds: number, groupWaitSeconds: number): string {
  // The small addend keeps 2.3 s (22.999... tenths in floating point) at 2.3.
  const shown = (Math.floor(resolvedAfterSeconds * 10 + 1e-9) / 10).toFixed(1);
  return resolvedAfterSeconds < groupWaitSeconds
    ? `resolved after ${shown} s, before group_wait: Alertmanager sends nothing`
    : `resolved after ${shown} s, past group_wait: Alertmanager may still send it`;
}

function delivery(
  plan: { suppressed: readonly string[]; groupWait: number; integrations: readonly string[] },
  sent: Record<string, { delivered: number; failed: number }>,
  waited: number,
  budget: number,
  resolvedAfter: number,
  budgetFrom: string,
): string {
  if (plan.suppressed.length > 0) return "not delivered: suppressed";
  if (plan.integrations.length === 0) return "not delivered: routed to a receiver with no integration";
  const after = resolutionVerdict(resolvedAfter, plan.groupWait);
  // Counters are per integration, shared with every other alert (a heartbeat on the same webhook): a rise seen
  // before group_wait has passed is someone else's notification, never this alert's.
  if (budget < plan.groupWait || waited < plan.groupWait)
    return `not delivered: the ${budget} s timeout ended before group_wait (${plan.groupWait} s); ${after}`;
  const failed = plan.integrations.filter((i) => (sent[i]?.failed ?? 0) > 0);
  if (failed.length > 0) return `failed: ${failed.map((i) => `${i} (${sent[i].failed} failed)`).join(", ")}`;
  const missing = plan.integrations.filter((i) => (sent[i]?.delivered ?? 0) === 0);
  if (missing.length === 0) return "delivered";
  const why = `nothing sent on ${missing.join(", ")} within ${Math.round(waited)} s (${budgetFrom})`;
  return `not delivered: ${why}; ${after}`;
}

/** The report printed at the end: expected and routed receivers, suppression and delivery, per alert. */
function drillReport(drillId: string, env: string, records: readonly DrillRecord[], acknowledged: string): string {
  const rows = records.map(
    (r) =>
      `| ${r.target} | ${r.severity} | ${r.expected.join(", ") || "none"} | ${r.routed.join(", ") || "none"} | ${r.suppressed.join("; ") || "no"} | ${r.delivery} |`,
  );
  return [
    `## Drill ${drillId} (${env})`,
    "",
    `Sent ${records[0]?.sentAt ?? "-"}, resolved ${records[0]?.resolvedAt ?? "-"}. "routed" is Alertmanager's route match; "delivered" means its notification counters for every integration of those receivers rose without failures after group_wait (Alertmanager counts per integration type, not per receiver).`,
    "",
    "| target | severity | expected | routed | suppressed | delivery |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `Acknowledgement: ${acknowledged}`,
    "",
  ].join("\n");
}

/** A number of seconds from an option: the value, `fallback` when absent, or null (after a message) when invalid. */
function seconds(text: string | undefined, flag: string, fallback: number): number | null {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 3600) {
    process.stderr.write(`${flag} must be a number of seconds between 0 and 3600, received "${text}"\n`);
    return null;
  }
  return value;
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The configuration the Alertmanager is actually running (its own defaults filled in). */
async function runningConfig(base: string): Promise<{ route: RouteNode; receivers?: Array<Record<string, unknown>> }> {
  const status = await fetchJson<{ config: { original: string } }>(`${base}/api/v2/status`);
  return parse(status.config.original);
}

async function counters(base: string): Promise<NotificationCounters> {
  const response = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return parseNotificationCounters(await response.text());
}

async function post(base: string, alerts: readonly ApiAlert[]): Promise<void> {
  const response = await fetch(`${base}/api/v2/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(alerts),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Alertmanager refused the drill alerts: HTTP ${response.status} ${await response.text()}`);
}

/** The drill's alerts once Alertmanager has processed them all (routed, and silenced or inhibited or not). */
async function waitForAlerts(base: string, drillId: string, count: number, timeoutMs: number): Promise<AlertmanagerApiAlert[]> {
  const deadline = Date.now() + timeoutMs;
  let alerts: AlertmanagerApiAlert[] = [];
  while (Date.now() < deadline) {
    alerts = await fetchJson<AlertmanagerApiAlert[]>(`${base}/api/v2/alerts?filter=${encodeURIComponent(`drill_id="${drillId}"`)}`);
    if (alerts.length === count && alerts.every((a) => a.status.state !== "unprocessed")) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return alerts;
}

/**
 * When Alertmanager's aggregation groups no longer list any of the drill's alerts as unresolved (its groups API leaves
 * resolved alerts out), in milliseconds since the epoch; after `timeoutMs` of polling, the time it gave up (then a
 * page may still go out, which is what the caller says).
 */
async function resolutionInGroups(base: string, drillId: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const filter = encodeURIComponent(`drill_id="${drillId}"`);
  for (;;) {
    const groups = await fetchJson<Array<{ alerts: AlertmanagerApiAlert[] }>>(`${base}/api/v2/alerts/groups?filter=${filter}`).catch(
      () => undefined,
    );
    if (groups && !groups.some((g) => g.alerts.some((a) => a.labels.drill_id === drillId))) return Date.now();
    if (Date.now() >= deadline) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function silencesOf(base: string, alerts: readonly AlertmanagerApiAlert[]): Promise<Map<string, AlertmanagerSilence>> {
  const ids = unique(alerts.flatMap((a) => a.status.silencedBy));
  const entries = await Promise.all(
    ids.map(async (id) => [id, await fetchJson<AlertmanagerSilence>(`${base}/api/v2/silence/${id}`)] as const),
  );
  return new Map(entries);
}

function acknowledgement(timeoutSeconds: number): Promise<string> {
  if (!process.stdin.isTTY || timeoutSeconds === 0) {
    return new Promise((resolve) => setTimeout(() => resolve(`none (no terminal; waited ${timeoutSeconds} s)`), timeoutSeconds * 1000));
  }
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const timer = setTimeout(() => {
      rl.close();
      resolve(`timed out after ${timeoutSeconds} s`);
    }, timeoutSeconds * 1000);
    rl.question(`Press Enter once the notifications have arrived (resolving in ${timeoutSeconds} s otherwise) `, () => {
      clearTimeout(timer);
      rl.close();
      resolve(`acknowledged at ${new Date().toISOString()}`);
    });
  });
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
