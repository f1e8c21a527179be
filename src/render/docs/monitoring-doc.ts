import { CHARTS } from "../../catalog/charts";
import { GRAFANA_ADMIN_SECRET, GRAFANA_FULLNAME } from "../../catalog/helm-names";
import { serviceErrorLogs, serviceLogSelector } from "../../catalog/loki/streams";
import { runbookUrl } from "../../catalog/runbooks/url";
import { PLATFORM_OWNER } from "../../model/owner";
import type { ChannelSpec } from "../../spec/channels";
import type { CloudProvider } from "../../spec/clouds";
import type { EnvironmentSpec } from "../../spec/environment";
import { SEVERITIES, type Severity } from "../../spec/primitives";
import { DIGEST_INTERVAL, DIGEST_WAIT, GROUP_INTERVAL, GROUP_WAIT, repeatCadence } from "../alertmanager/cadence";
import type { Artifacts } from "../artifacts";
import { escalationChain } from "../oncall/chain";
import { oncallServices, pagerdutyReceiver } from "../oncall/ownership";
import { anomalySection } from "./anomaly-section";
import { CLOUD_DOC_SECTIONS, type CloudDocSection } from "./cloud-sections";
import { prerequisitesSection } from "./prerequisites-section";
import { scenarioQueries } from "./scenario-queries";

interface DocExtras {
  /** The cloud cost estimate as Markdown (computed from the synthesized stack). @default - no cost section */
  readonly costMarkdown?: string;
  /**
   * Where the exported `runbooks/` folder is, relative to this page, when the spec has no `runbookBaseUrl`
   * (`export` writes the page to docs/MONITORING.md: "../runbooks"). @default - the runbooks are not beside the page
   * (docs/environments in this repository): their names are shown, not linked
   */
  readonly runbooksFromPage?: string;
}

const table = (head: readonly string[], rows: ReadonlyArray<readonly string[]>) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`),
  ].join("\n");

const code = (text: string) => `\`${text.replaceAll("`", "'")}\``;

function channelLabel(channel: ChannelSpec): string {
  switch (channel.type) {
    case "email":
      return `${channel.name} (email: ${channel.addresses.join(", ")})`;
    case "sms":
      return `${channel.name} (SMS: ${channel.phoneNumbers.length} number${channel.phoneNumbers.length === 1 ? "" : "s"})`;
    case "slack":
      return `${channel.name} (Slack ${channel.channel})`;
    case "pagerduty":
      return `${channel.name} (PagerDuty)`;
    case "webhook":
      return `${channel.name} (webhook)`;
  }
}

/** Where each cloud's console shows the dashboards a section lists (`CloudDocSection.dashboards`). */
const DASHBOARD_CONSOLE: Record<CloudProvider, string> = { aws: "CloudWatch", gcp: "Cloud Monitoring", azure: "Azure Monitor" };

function dataFlow(spec: EnvironmentSpec, cloud: CloudDocSection | undefined): string {
  const lines = ["```mermaid", "flowchart LR"];
  if (spec.kubernetes) {
    lines.push(
      `  apps["Services (${spec.services.map((s) => s.name).join(", ") || "none yet"})"]`,
      "  nodes[node_exporter] --> prom[Prometheus]",
      "  ksm[kube-state-metrics] --> prom",
      "  apps -- /metrics --> prom",
      "  apps -- stdout JSON --> alloy[Alloy on every node] --> loki[Loki]",
      "  apps -- OTLP --> otel[OpenTelemetry Collector] --> jaeger[Jaeger]",
      "  prom --> grafana[Grafana]",
      "  loki --> grafana",
      "  jaeger --> grafana",
      "  prom -- alerts --> am[Alertmanager]",
      "  loki -- ruler alerts --> am",
      "  loki -- log metrics --> prom",
    );
    spec.channels.forEach((c, i) => {
      lines.push(`  am --> ch${i}["${channelLabel(c).replaceAll('"', "'")}"]`);
    });
  }
  if (cloud) {
    lines.push("  cloudres[Watched cloud resources] --> cw[Cloud alarms] --> topics[Notification topics per severity]");
    spec.channels.forEach((c, i) => {
      lines.push(`  topics --> ch${i}["${channelLabel(c).replaceAll('"', "'")}"]`);
    });
  }
  lines.push("```");
  return lines.join("\n");
}

/**
 * The architecture documentation of one environment, generated from its spec and the rendered artifacts: tools, data
 * flow, what is collected, every alert and alarm with its routing and runbook, escalation, dashboards, troubleshooting
 * queries, retention, cost and the incident-response procedure.
 */
export function renderMonitoringDoc(spec: EnvironmentSpec, artifacts: Artifacts, extras: DocExtras = {}): string {
  const cloud = spec.cloud ? CLOUD_DOC_SECTIONS[spec.cloud.provider](spec) : undefined;
  const routing = artifacts.routing;
  const receivers = (severity: Severity) =>
    routing ? routing.receiversBySeverity[severity].map(receiverLabel).join(", ") || "no channel" : "no Alertmanager";
  function receiverLabel(name: string): string {
    const channel = spec.channels.find((c) => c.name === name);
    if (channel) return channelLabel(channel);
    return name === pagerdutyReceiver(PLATFORM_OWNER) ? "the owning team's PagerDuty service (platform alerts: platform service)" : name;
  }
  // A relative runbook_url resolves against the export's root, not against this page.
  const link = (slug: string) =>
    spec.runbookBaseUrl
      ? `[runbook](${runbookUrl(spec.runbookBaseUrl, slug)})`
      : extras.runbooksFromPage
        ? `[runbook](${runbookUrl(extras.runbooksFromPage, slug)})`
        : `\`${runbookUrl(undefined, slug)}\``;
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  push(
    `# Monitoring of ${spec.name}`,
    "",
    `${spec.description ?? "Environment"}. Profile \`${spec.profile}\`${spec.kubernetes ? `, in-cluster stack in namespace \`${spec.kubernetes.namespace}\`` : ""}${cloud ? `, cloud: ${cloud.title}` : ""}.`,
    "",
    "_Generated from the environment's spec by `npm run docs` (and `monitoring-stack export`); do not edit by hand._",
    "",
    "## Tools and their purpose",
    "",
    table(
      ["tool", "purpose"],
      [
        ...(spec.kubernetes
          ? ([
              [
                `Prometheus (kube-prometheus-stack ${CHARTS.kubePrometheusStack.version})`,
                "scrapes metrics, evaluates the alert and recording rules",
              ],
              ["Alertmanager", "groups, routes, inhibits and delivers alerts to the channels below"],
              ["Grafana", "dashboards over Prometheus, Loki and Jaeger, with links between metrics, logs and traces"],
              ["node_exporter, kube-state-metrics, cAdvisor", "host, Kubernetes object and container metrics from every node"],
              [`Loki (chart ${CHARTS.loki.version})`, "stores and queries logs; its ruler evaluates log-based alerts and metrics"],
              [
                `Grafana Alloy (chart ${CHARTS.alloy.version})`,
                "log agent on every node: ships pod and journal logs with Kubernetes labels",
              ],
              [
                `OpenTelemetry Collector (chart ${CHARTS.openTelemetryCollector.version})`,
                "receives OTLP traces from applications, samples, exports to Jaeger",
              ],
              [`Jaeger (chart ${CHARTS.jaeger.version})`, "stores and queries traces"],
              ...(spec.kubernetes.databases.length > 0
                ? ([["PostgreSQL / MySQL exporters", "database metrics for the database alerts"]] as const)
                : []),
            ] as const)
          : []),
        ...(cloud?.tools ?? []),
      ],
    ),
    "",
    "## Data flow",
    "",
    dataFlow(spec, cloud),
    "",
    "## What is collected",
    "",
    table(
      ["source", "signals"],
      [
        ...(spec.kubernetes
          ? ([
              ["every node (node_exporter)", "CPU, memory, filesystems, network interfaces"],
              ["Kubernetes (kube-state-metrics, kubelet)", "pods, deployments, statefulsets, jobs, nodes, volumes, container resources"],
              [
                "every pod's stdout/stderr (Alloy)",
                "log lines with namespace, app, container, node and level labels; trace ids as metadata",
              ],
              ["node journals (Alloy)", "kubelet, container runtime and kernel logs"],
            ] as const)
          : []),
        ...spec.services.map(
          (s) =>
            [
              `service ${s.name} (namespace ${s.namespace})`,
              `${s.metrics.red.requestsTotal}, ${s.metrics.red.latencyHistogram} every ${s.metrics.interval.toPrometheus()}${s.kpis.length ? `; KPIs: ${s.kpis.map((k) => k.metric).join(", ")}` : ""}; OTLP traces (${spec.kubernetes ? (spec.kubernetes.tracing.sampling.type === "probabilistic" ? `${spec.kubernetes.tracing.sampling.percent} % sampled` : "tail-sampled") : "no collector"})`,
            ] as const,
        ),
        ...(spec.kubernetes?.databases ?? []).map(
          (d) => [`database ${d.name} (${d.engine})`, "connections, replication lag, locks, query statistics"] as const,
        ),
        ...(cloud?.collected ?? []),
      ],
    ),
    "",
  );
  push(...prerequisitesSection(spec));

  push(
    "## Alerts",
    "",
    "Prometheus and Loki rules. Warning and critical tiers of one alert share its name; a critical alert silences the matching warning.",
    "",
    table(
      ["alert", "condition", "for", "severity", "routed to", "runbook"],
      artifacts.alerts.map((a) => [
        `${a.alert}${a.labels?.service ? ` (${a.labels.service})` : ""}`,
        `${a.summary}: ${code(a.expr.length > 140 ? `${a.expr.slice(0, 137)}...` : a.expr)}`,
        a.for?.toPrometheus() ?? "at once",
        a.severity,
        a.alert === "Watchdog" ? "heartbeat receiver" : receivers(a.severity),
        link(a.alert),
      ]),
    ),
    "",
  );
  push(...anomalySection(spec, artifacts));
  if (cloud) {
    push(
      `## Cloud alarms: ${cloud.title}`,
      "",
      table(
        ["alarm", "condition", "threshold", "duration", "severity", "routed to", "runbook"],
        cloud.alarms.map((a) => [
          a.name,
          a.condition,
          a.threshold,
          a.duration,
          a.severity,
          cloud.routedTo(a.severity),
          link(a.runbookSlug),
        ]),
      ),
      "",
    );
  }

  push("## Escalation", "");
  const rows = SEVERITIES.map((severity) => {
    const declared = spec.alerting.repeatInterval[severity];
    const group = severity === "info" ? DIGEST_INTERVAL : GROUP_INTERVAL;
    const wait =
      severity === "info"
        ? `batched: first digest after ${DIGEST_WAIT.toSeconds() / 60} min, then every ${DIGEST_INTERVAL.toPrometheus()}`
        : `after ${GROUP_WAIT.toSeconds()} s (grouping wait), updates every ${GROUP_INTERVAL.toSeconds() / 60} min`;
    const { min, max } = repeatCadence(declared, group);
    const every = min.equals(max) ? min.toPrometheus() : `${min.toPrometheus()}–${max.toPrometheus()}`;
    const repeated = `every ${every} while unresolved (at an update once ${declared.toPrometheus()} has passed)`;
    return [severity, receivers(severity), wait, repeated, cloud ? cloud.routedTo(severity) : "—"];
  });
  push(table(["severity", "Alertmanager notifies", "when", "repeated", "cloud alarms notify"], rows), "");
  const owners = spec.services.filter((s) => s.team).map((s) => `${s.name}: team ${s.team}`);
  push(
    spec.oncall
      ? `Critical alerts page the owning team's on-call through PagerDuty and escalate along the team's escalation policy until acknowledged (the chains are in the On-call section). Warnings are handled during working hours; info alerts are read in the digest.`
      : `No on-call rotation is defined (\`oncall\`): critical alerts reach the channels above and whoever sees them escalates to the owning team by hand${owners.length ? ` (owners: ${owners.join("; ")})` : ""}. Warnings are handled during working hours; info alerts are read in the digest.`,
    spec.alerting.heartbeat && "url" in spec.alerting.heartbeat
      ? `The always-firing Watchdog is sent every ${spec.alerting.heartbeat.interval.toPrometheus()} to the heartbeat service, which pages when it stops.`
      : `**No heartbeat service** (\`alerting.heartbeat\`${spec.alerting.heartbeat ? `: disabled, ${spec.alerting.heartbeat.reason}` : ""}): a dead Prometheus or Alertmanager would go unnoticed.`,
    spec.runbookBaseUrl
      ? `Every notification links its runbook under ${spec.runbookBaseUrl}/ (publish the exported \`runbooks/\` folder there).`
      : `**Runbook links are relative** (\`relativeRunbookLinks\`${spec.relativeRunbookLinks ? `: ${spec.relativeRunbookLinks.reason}` : ""}): a notification names the runbook's file in the exported \`runbooks/\` folder, which cannot be opened from a chat client, mailbox or phone.`,
    "",
  );

  const oncall = spec.oncall;
  if (oncall) {
    const chain = (teamName: string) => {
      const team = oncall.teams.find((t) => t.name === teamName);
      return team ? escalationChain(team).join("<br>") : "";
    };
    const urgency = (teamName: string) => {
      const hours = oncall.teams.find((t) => t.name === teamName)?.supportHours;
      return hours
        ? `critical: high urgency at any time; warning: high during ${hours.start}–${hours.end} ${hours.timeZone} (days ${hours.days.join(", ")}), low otherwise`
        : "critical: high urgency (pages); warning: low urgency (no page)";
    };
    push(
      "## On-call",
      "",
      `Pages go to the owning team's PagerDuty service through the Events API; alerts of no particular service go to the ${oncall.defaultTeam} team's \`${spec.name} platform\` service.`,
      "",
      table(
        ["service", "team", "PagerDuty service", "urgency", "escalation chain", "also notified"],
        oncallServices(spec).map((service) => [
          service.name,
          service.team,
          `${spec.name} ${service.name}`,
          urgency(service.team),
          chain(service.team),
          `critical: ${
            routing?.receiversBySeverity.critical
              .filter((r) => r !== pagerdutyReceiver(PLATFORM_OWNER))
              .map(receiverLabel)
              .join(", ") || "—"
          }`,
        ]),
      ),
      "",
    );
  }

  push("## Dashboards", "");
  const dashboards = Object.entries(artifacts.files)
    .filter(([path]) => path.startsWith("grafana/dashboards/") && path.endsWith(".json"))
    .map(([path, text]) => {
      const title = (JSON.parse(text) as { title?: string }).title ?? path;
      return `- **${title}** (\`${path}\`)`;
    });
  const ingress = spec.kubernetes?.grafana.ingress?.host;
  if (spec.kubernetes) {
    const grafana = spec.kubernetes.grafana;
    const adminSecret = grafana.adminSecret?.name ?? (grafana.adminPassword ? GRAFANA_ADMIN_SECRET : GRAFANA_FULLNAME);
    push(
      ingress
        ? `Grafana: https://${ingress} (sign in with the admin Secret \`${adminSecret}\` or your SSO).`
        : `Grafana: \`kubectl -n ${spec.kubernetes.namespace} port-forward svc/${GRAFANA_FULLNAME} 3000:80\`, then http://localhost:3000 (admin credentials in the Secret \`${adminSecret}\`).`,
      "",
      ...(dashboards.length ? dashboards : ["- Explore: Prometheus, Loki and Jaeger data sources are provisioned."]),
      "",
    );
  }
  const consoleDashboards = cloud?.dashboards ?? [];
  if (spec.cloud && consoleDashboards.length) {
    const names = consoleDashboards.map((d) => `\`${d.name}\``).join(", ");
    const one = consoleDashboards.length === 1;
    push(
      `${DASHBOARD_CONSOLE[spec.cloud.provider]}: the ${names} dashboard${one ? "" : "s"} in the console show${one ? "s" : ""} the watched resources and alarm states.`,
      "",
    );
  }

  push("## Troubleshooting queries", "");
  for (const service of spec.services) {
    const sel = `namespace="${service.namespace}", job="${service.name}"`;
    push(
      `### ${service.name}`,
      "",
      "```promql",
      `# error ratio (5 min)\njob:http_request_error_ratio:rate5m{${sel}}`,
      `# p99 latency in seconds\njob:http_request_duration_seconds:p99_5m{${sel}}`,
      `# targets up\nup{${sel}}`,
      "```",
      "",
      "```logql",
      `# error lines\n${serviceErrorLogs(service)}`,
      `# everything about one request\n${serviceLogSelector(service)} | trace_id="<trace id>"`,
      "```",
      "",
    );
  }
  for (const scenario of scenarioQueries(spec)) {
    push(`### ${scenario.title}`, "");
    if (scenario.promql.length > 0) push("```promql", ...scenario.promql, "```", "");
    if (scenario.logql.length > 0) push("```logql", ...scenario.logql, "```", "");
  }
  for (const query of cloud?.queries ?? []) push(`**${query.title}** (${query.language}):`, "", "```", query.query, "```", "");

  push(
    "## Retention",
    "",
    table(
      ["signal", "kept for"],
      [
        ...(spec.kubernetes
          ? ([
              [
                "metrics (Prometheus)",
                `${spec.retention.metrics.toPrometheus()}${spec.retention.metricsSize ? `, at most ${spec.retention.metricsSize}` : ""}`,
              ],
              ["logs (Loki)", spec.retention.logs.toPrometheus()],
              ["traces (Jaeger)", spec.retention.traces.toPrometheus()],
            ] as const)
          : []),
        ...(cloud?.retention ?? []),
      ],
    ),
    "",
  );
  if (extras.costMarkdown) push("## Cost estimate", "", extras.costMarkdown, "");

  push(
    "## Incident response",
    "",
    "**Roles.** The first person paged is the *incident commander* until they hand over: they coordinate and decide. A *communications lead* posts status updates; *operations* (the owning team) diagnose and mitigate; a *scribe* keeps the timeline.",
    "",
    "**Alert severity** says how soon a person must look, and is set by the rules:",
    "",
    table(
      ["alert severity", "declare an incident?", "communicate in", "status updates"],
      [
        ["critical", "yes, at once (SEV2 until the impact is known)", receivers("critical"), "every 30 minutes until resolved"],
        ["warning", "if users are affected or it lasts over an hour", receivers("warning"), "when the state changes"],
        ["info", "no", receivers("info"), "—"],
      ],
    ),
    "",
    "**Incident severity** says how bad the incident is for users, and is set (and changed) by the incident commander from the impact, whatever alert started it:",
    "",
    table(
      ["incident severity", "impact", "response"],
      [
        [
          "SEV1",
          "a critical service is down or losing data for most users; a security breach",
          "the owning team drops other work and the incident commander only coordinates; updates every 30 minutes; postmortem required",
        ],
        [
          "SEV2",
          "a service is degraded for some users, or the last redundancy of a critical component is gone",
          "the owning team's on-call plus a communications lead; updates every hour; postmortem required",
        ],
        [
          "SEV3",
          "no user impact yet (a replica down, a warning trend)",
          "the on-call in working hours; no status updates; postmortem if it recurs",
        ],
      ],
    ),
    "",
    "**Status update template**",
    "",
    "```",
    `[${spec.name}] <INVESTIGATING | IDENTIFIED | MONITORING | RESOLVED> <time, UTC>`,
    "Impact: <who is affected and how>",
    "Cause: <known / suspected / unknown>",
    "Actions: <what we are doing now>",
    "Next update: <time>",
    "```",
    "",
    "**Blameless postmortem template** (within five working days of every critical incident)",
    "",
    "```",
    "# Postmortem: <title> (<date>)",
    "Summary: <two sentences>",
    "Impact: <users, duration, error budget spent>",
    "Timeline (UTC): <detection, escalation, mitigation, resolution>",
    "Detection: <which alert fired, time to detect, was the runbook right?>",
    "Root cause and contributing factors: <systems and conditions, not people>",
    "What went well / what went badly / where we got lucky:",
    "Action items: <owner, due date, tracking link> (alerts, runbooks, tests, capacity)",
    "```",
    "",
  );
  return `${out.join("\n").trimEnd()}\n`;
}
