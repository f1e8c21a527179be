import { PLATFORM_OWNER } from "../model/owner";
import { planEnvironment } from "../plan/plan";

import { renderArtifacts } from "../render/artifacts";
import { symbolicAwsAlarms } from "../render/aws/alarm-set";
import { compositeAlarmProblems, metricAlarmProblems } from "../render/aws/limits";
import { renderAwsSupport } from "../render/aws/monitoring";
import { snsSubscriptions } from "../render/aws/subscriptions";
import { renderActionGroups, renderAzureMonitoring } from "../render/azure/monitoring";
import { MAX_CONFIG_MAP_BYTES } from "../render/config-maps";
import { inClusterDataSources } from "../render/dashboards/data-sources";
import { configMapBytes, renderDashboards } from "../render/dashboards/render";
import { renderGcpChannels, renderGcpMonitoring } from "../render/gcp/monitoring";
import { channelSeverities } from "./channels";
import type { EnvironmentSpec } from "./environment";
import { formatPath, type SpecProblem } from "./errors";
import { grafanaDeliveries } from "./grafana";
import type { Severity } from "./primitives";

/**
 * Checks that need what the stack generates from the spec: the renderers are pure functions, so validation runs them
 * and reads their output instead of repeating their naming and limit rules. Two inputs that generate the same alarm,
 * policy or check name, limits of CloudWatch alarms, ConfigMap sizes of dashboards, and anything a renderer refuses.
 */
export function renderProblems(spec: EnvironmentSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const attempt = (path: string, what: string, check: () => void) => {
    try {
      check();
    } catch (error) {
      problems.push({ path, message: `${what} cannot be generated from this spec: ${(error as Error).message.split("\n")[0]}` });
    }
  };
  const inputs = watchedInputs(spec);
  const collisions = (what: string, names: readonly string[]) => problems.push(...nameCollisions(inputs, what, names));

  const unrouted = (backend: string, severities: Iterable<Severity>, reaches: (severity: Severity) => boolean, how: string) => {
    for (const severity of new Set(severities)) {
      if (spec.alerting.unrouted.includes(severity) || reaches(severity)) continue;
      problems.push({
        path: "channels",
        message: `${severity} alerts of ${backend} reach no channel: add "${severity}" to the severities of a channel ${how}, or list "${severity}" in alerting.unrouted to drop them on purpose`,
      });
    }
  };
  if (spec.kubernetes) {
    attempt("kubernetes", "the in-cluster alerting", () => {
      const artifacts = renderArtifacts(spec);
      const receivers = artifacts.routing?.receiversBySeverity;
      unrouted(
        "Alertmanager",
        artifacts.alerts.map((a) => a.severity),
        (severity) => (receivers?.[severity].length ?? 0) > 0,
        "(any channel type)",
      );
    });
  }
  if (grafanaDeliveries(spec).includes("in-cluster") && spec.kubernetes) {
    attempt("grafana", "the dashboards", () => {
      for (const dashboard of renderDashboards(spec, inClusterDataSources(spec))) {
        // Dashboards that grow with the services are split into pages; what is left over is one service's own panels
        // (or a dashboard that does not grow with services) passing the limit.
        const bytes = configMapBytes(dashboard);
        if (bytes > MAX_CONFIG_MAP_BYTES) {
          problems.push({
            path: spec.services.length > 0 ? "services" : "grafana",
            message: `the "${dashboard.slug}" dashboard would be ${bytes} bytes even split into pages, but a ConfigMap holds at most ${MAX_CONFIG_MAP_BYTES} bytes (1 MiB); give the service fewer KPIs or deliver dashboards only to an external Grafana`,
          });
        }
      }
    });
  }
  const cloud = spec.cloud;
  if (cloud?.provider === "aws") {
    attempt("cloud", "the CloudWatch side", () => {
      // The alarm set the stack binds to its topics (rendered once per spec, without dashboards): every alarm asks for
      // the actions of its severity, so `notified` is the set of severities CloudWatch notifies.
      const rendered = symbolicAwsAlarms(spec, cloud);
      const notified = rendered.notified;
      collisions(
        "CloudWatch alarm",
        [...rendered.alarms, ...rendered.auditAlarms, ...rendered.compositeAlarms].map((a) => a.name),
      );
      const subscribed = new Set(snsSubscriptions(spec.channels, () => "secret").map((sub) => sub.severity));
      const chatbot = spec.channels.flatMap((c) => (c.type === "slack" && c.chatbot ? channelSeverities(c) : []));
      unrouted(
        "CloudWatch (SNS)",
        notified,
        (severity) => subscribed.has(severity) || chatbot.includes(severity) || (severity === "critical" && spec.oncall !== undefined),
        "SNS delivers (email, sms, pagerduty, webhook, or slack with chatbot)",
      );
      for (const alarm of rendered.alarms)
        for (const p of metricAlarmProblems(alarm)) problems.push(alarmProblem(spec, inputs, alarm.name, p));
      for (const alarm of rendered.compositeAlarms) {
        for (const p of compositeAlarmProblems(alarm)) problems.push(alarmProblem(spec, inputs, alarm.name, p));
      }
      // Log groups, agent, scaling and audit trail: what their renderers refuse (a retention CloudWatch does not offer).
      renderAwsSupport(spec, cloud);
      // The dashboards are drawn at synth from the plan's pages (cached per spec) and the alarms: the pages are planned
      // here (a resource too large for one dashboard is refused there), and every alarm they show must be rendered.
      const alarmNames = new Set(rendered.alarms.map((a) => a.name));
      for (const a of rendered.auditAlarms) alarmNames.add(a.name);
      for (const dashboard of planEnvironment(spec).cloudDashboards) {
        const missing = [...dashboard.alarms, ...dashboard.graphs.flat()].find((name) => !alarmNames.has(name));
        if (missing !== undefined) throw new Error(`dashboard ${dashboard.name} shows alarm "${missing}", which is not rendered`);
      }
    });
    const groups = new Map<string, number>();
    cloud.watch.logGroups.forEach((group, i) => {
      const first = groups.get(group.logGroupName);
      if (first === undefined) groups.set(group.logGroupName, i);
      else {
        problems.push({
          path: `cloud.watch.logGroups[${i}].logGroupName`,
          message: `duplicate log group "${group.logGroupName}" (also at cloud.watch.logGroups[${first}]); the stack creates each log group once`,
        });
      }
    });
  }
  if (cloud?.provider === "gcp") {
    attempt("cloud", "the Cloud Monitoring side", () => {
      const rendered = renderGcpMonitoring(spec, cloud);
      collisions(
        "alert policy",
        rendered.policies.map((p) => p.name),
      );
      collisions(
        "uptime check",
        rendered.uptimeChecks.map((c) => c.name),
      );
      collisions(
        "log-based metric",
        rendered.logMetrics.map((m) => m.name),
      );
      const channels = renderGcpChannels(spec.name, spec.channels, () => "secret");
      unrouted(
        "Cloud Monitoring",
        [...rendered.policies.map((p) => p.severity), ...(rendered.uptimeChecks.length > 0 ? (["critical"] as const) : [])],
        (severity) => channels.some((c) => c.severities.includes(severity)),
        "(any channel type)",
      );
    });
  }
  if (cloud?.provider === "azure") {
    attempt("cloud", "the Azure Monitor side", () => {
      const rendered = renderAzureMonitoring(spec, cloud);
      collisions("alert rule", [...rendered.metricAlerts.map((a) => a.name), ...rendered.logAlerts.map((a) => a.name)]);
      const groups = new Set(renderActionGroups(spec.name, spec.channels, () => "secret").map((g) => g.severity));
      unrouted(
        "Azure Monitor",
        [...rendered.metricAlerts, ...rendered.logAlerts].map((a) => a.severity),
        (severity) => groups.has(severity),
        "(any channel type)",
      );
    });
  }
  return problems;
}

/** A watched resource (or uptime check) of the spec, and the name stem of everything generated for it. */
interface WatchedInput {
  readonly path: string;
  /** `<env>-<service>-<name>-`: every generated name of the resource starts with it. */
  readonly stem: string;
}

function watchedInputs(spec: EnvironmentSpec): WatchedInput[] {
  const cloud = spec.cloud;
  if (!cloud) return [];
  const lists: Array<[Array<string | number>, ReadonlyArray<{ name: string; service?: string }>]> = Object.entries(cloud.watch).map(
    ([kind, list]) => [["cloud", "watch", kind], list as ReadonlyArray<{ name: string; service?: string }>],
  );
  if (cloud.provider === "gcp") lists.push([["cloud", "uptimeChecks"], cloud.uptimeChecks]);
  return lists.flatMap(([path, list]) =>
    list.map((resource, i) => ({
      path: formatPath([...path, i, "name"]),
      stem: `${spec.name}-${resource.service ?? PLATFORM_OWNER}-${resource.name}-`,
    })),
  );
}

/** Generated names made by more than one input: one problem per clash, naming both inputs. */
function nameCollisions(inputs: readonly WatchedInput[], what: string, names: readonly string[]): SpecProblem[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const problems: SpecProblem[] = [];
  const reported = new Set<string>();
  for (const [name, count] of counts) {
    if (count < 2) continue;
    const owners = inputs.filter((input) => owns(input, name)).map((input) => input.path);
    const key = owners.join(" ");
    if (reported.has(key)) continue;
    reported.add(key);
    const [first, ...others] = owners;
    problems.push({
      path: others[others.length - 1] ?? first ?? "cloud",
      message:
        owners.length > 1
          ? `generates the same ${what} name "${name}" as ${owners.slice(0, -1).join(", ")} (names are <env>-<service>-<resource>-<check>-<severity>); rename one of them`
          : `generates the ${what} name "${name}" ${count} times; give each watched resource its own name`,
    });
  }
  return problems;
}

const owns = (input: WatchedInput, name: string) => name.startsWith(input.stem) || name === input.stem.slice(0, -1);

function alarmProblem(spec: EnvironmentSpec, inputs: readonly WatchedInput[], name: string, problem: string): SpecProblem {
  const owner = inputs.find((input) => owns(input, name));
  return { path: owner?.path.replace(/\.name$/, "") ?? (spec.cloud ? "cloud" : ""), message: `alarm "${name}": ${problem}` };
}
