import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { loadEnvironments } from "../../stacks/environments";
import { renderRouting } from "../render/alertmanager/config";
import { SEVERITIES, type Severity } from "../spec/primitives";

export interface DrillOptions {
  readonly alertmanager?: string;
  readonly env?: string;
  /** Seconds to wait for the operator's acknowledgement. @default 120 */
  readonly timeout?: string;
  /** Do not wait for an acknowledgement. @default false */
  readonly yes?: boolean;
}

interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

/** One line of the drill report. */
export interface DrillRecord {
  readonly severity: Severity;
  readonly expected: readonly string[];
  readonly reached: readonly string[];
  readonly sentAt: string;
  readonly resolvedAt?: string;
}

const DRILL_ALERT = "MonitoringDrill";

/**
 * `monitoring-stack drill`: incident-response practice on a deployed Alertmanager. Posts one clearly labelled
 * synthetic alert per severity, shows which receivers each reaches (from Alertmanager, compared with the rendered
 * routing), waits for the operator, resolves the alerts, and prints a report.
 */
export async function drillCommand(options: DrillOptions): Promise<number> {
  if (!options.alertmanager || !/^https?:\/\//.test(options.alertmanager)) {
    process.stderr.write(
      "usage: monitoring-stack drill --alertmanager <http(s)://host:port> [--env <env>] [--timeout <seconds>] [--yes]\n",
    );
    return 2;
  }
  const timeoutSeconds = options.timeout === undefined ? 120 : Number(options.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0 || timeoutSeconds > 3600) {
    process.stderr.write(`--timeout must be a number of seconds between 0 and 3600, received "${options.timeout}"\n`);
    return 2;
  }
  const specs = loadEnvironments();
  const spec = options.env ? specs.find((s) => s.name === options.env) : specs.length === 1 ? specs[0] : undefined;
  if (!spec) {
    process.stderr.write(`name the environment with --env (known: ${specs.map((s) => s.name).join(", ")})\n`);
    return 2;
  }
  const base = options.alertmanager.replace(/\/+$/, "");
  const routing = renderRouting(spec);
  const drillId = randomUUID().slice(0, 8);
  const alerts = new Map<Severity, ApiAlert>();
  const sentAt = new Map<Severity, string>();
  for (const severity of SEVERITIES) {
    const now = new Date().toISOString();
    alerts.set(severity, {
      labels: { alertname: DRILL_ALERT, severity, drill: "true", drill_id: drillId, environment: spec.name, instance: `drill-${severity}` },
      annotations: {
        summary: `DRILL (${severity}): synthetic alert, no action needed`,
        description: `Incident-response drill ${drillId} for environment ${spec.name}: confirm this ${severity} notification arrived where you expect it.`,
      },
      startsAt: now,
    });
    sentAt.set(severity, now);
  }
  await post(base, [...alerts.values()]);
  process.stdout.write(`Drill ${drillId}: posted ${alerts.size} synthetic alerts to ${base}\n`);

  const reached = await waitForReceivers(base, drillId, 10_000);
  for (const severity of SEVERITIES) {
    const expected = routing.receiversBySeverity[severity];
    process.stdout.write(
      `  ${severity.padEnd(8)} -> ${(reached.get(severity) ?? []).join(", ") || "(no receiver)"}${sameSet(expected, reached.get(severity) ?? []) ? "" : `  (rendered routing expects: ${expected.join(", ") || "none"})`}\n`,
    );
  }

  const acknowledged = options.yes ? "skipped (--yes)" : await acknowledgement(timeoutSeconds);
  const endsAt = new Date().toISOString();
  await post(
    base,
    [...alerts.values()].map((a) => ({ ...a, endsAt })),
  );
  const records: DrillRecord[] = SEVERITIES.map((severity) => ({
    severity,
    expected: routing.receiversBySeverity[severity],
    reached: reached.get(severity) ?? [],
    sentAt: sentAt.get(severity) ?? "",
    resolvedAt: endsAt,
  }));
  process.stdout.write(`\n${drillReport(drillId, spec.name, records, acknowledged)}`);
  return records.every((r) => sameSet(r.expected, r.reached)) ? 0 : 1;
}

/** The report printed at the end: what was sent where, and when. */
export function drillReport(drillId: string, env: string, records: readonly DrillRecord[], acknowledged: string): string {
  const rows = records.map(
    (r) =>
      `| ${r.severity} | ${r.reached.join(", ") || "none"} | ${r.expected.join(", ") || "none"} | ${r.sentAt} | ${r.resolvedAt ?? "-"} |`,
  );
  return [
    `## Drill ${drillId} (${env})`,
    "",
    "| severity | reached | expected | sent | resolved |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `Acknowledgement: ${acknowledged}`,
    "",
  ].join("\n");
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

/** Receivers Alertmanager resolved for each drill alert, polled until all are known or `timeoutMs` passes. */
async function waitForReceivers(base: string, drillId: string, timeoutMs: number): Promise<Map<Severity, string[]>> {
  const deadline = Date.now() + timeoutMs;
  const found = new Map<Severity, string[]>();
  while (Date.now() < deadline) {
    const response = await fetch(`${base}/api/v2/alerts?filter=${encodeURIComponent(`drill_id="${drillId}"`)}`, {
      signal: AbortSignal.timeout(5_000),
    });
    const alerts = (await response.json()) as Array<{ labels: Record<string, string>; receivers: Array<{ name: string }> }>;
    for (const alert of alerts)
      found.set(
        alert.labels.severity as Severity,
        alert.receivers.map((r) => r.name),
      );
    if (found.size === SEVERITIES.length) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return found;
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

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
