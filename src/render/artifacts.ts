import { CLOUD_ALARM_WORDING } from "../catalog/cloud-runbooks";
import { WATCHDOG_ALERT } from "../catalog/prometheus/monitoring";
import type { AlertDefinition } from "../catalog/prometheus/types";
import { CatalogContext, type RuleRenderOptions } from "../catalog/prometheus/types";
import { catalogRuleGroups } from "../catalog/rules";
import { PLATFORM_OWNER } from "../model/owner";
import { type PlanOptions, planEnvironment } from "../plan/plan";
import type { EnvironmentSpec } from "../spec/environment";
import { blockYaml } from "../terraform/block-yaml";
import { pushTo } from "../util/push-to";
import { type RenderedRouting, type RoutingRenderOptions, renderRouting } from "./alertmanager/config";
import { NOTIFICATION_TEMPLATES, TEMPLATE_FILE } from "./alertmanager/templates";
import { exportDataSources } from "./dashboards/data-sources";
import { type RenderedDashboard, renderDashboards } from "./dashboards/render";
import { CLOUD_DOC_SECTIONS, type DocumentedAlarm, documentedAlarm } from "./docs/cloud-sections";
import { pagerdutyReceiver } from "./oncall/ownership";
import { type RuleFile, renderRuleFiles } from "./prometheus/rule-files";
import { cloudAlarmCommand, cloudRunbookConsoleLinks } from "./runbooks/cloud-console-links";
import { runbookDashboardLinks } from "./runbooks/dashboard-links";
import { runbookEscalation } from "./runbooks/escalation";
import { fillRunbook, type RunbookResource } from "./runbooks/facts";
import { renderRunbook, runbookSubject } from "./runbooks/markdown";

export interface ArtifactOptions extends RuleRenderOptions, RoutingRenderOptions {
  /** The registries of watch kinds the plan is made with (a test's fixture). @default - the bundled ones */
  readonly registries?: PlanOptions;
}

/** Everything rendered for one environment: structured forms for the stack, and the files `export` writes. */
export interface Artifacts {
  readonly prometheusRules: Readonly<Record<string, RuleFile>>;
  readonly lokiRules: Readonly<Record<string, RuleFile>>;
  /** Undefined when the environment has no Kubernetes cluster (no Alertmanager to configure). */
  readonly routing?: RenderedRouting;
  readonly alertmanagerTemplates: Readonly<Record<string, string>>;
  readonly alerts: readonly AlertDefinition[];
  /** Grafana dashboards (in-cluster data source uids), rendered on first use. */
  readonly dashboards: readonly RenderedDashboard[];
  /** Relative path -> content: exactly what `monitoring-stack export` writes. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * YAML as written everywhere (no line folding, so long expressions stay on one line for reviewers and diff): the
 * `yaml` package's text, written in one pass (see blockYaml; the rule files of 1,000 services took 0.2 s through the
 * package's document model).
 */
export function toYaml(value: unknown): string {
  return blockYaml(value);
}

/**
 * Renders every artifact of an environment. Pure: same spec and options, same bytes; without options (validation and
 * the stack both ask for them so) the artifacts of a spec are rendered once and shared.
 */
export function renderArtifacts(spec: EnvironmentSpec, options: ArtifactOptions = {}): Artifacts {
  if (Object.keys(options).length > 0) return render(spec, options);
  const cached = withoutOptions.get(spec) ?? render(spec, options);
  withoutOptions.set(spec, cached);
  return cached;
}

/** The watched resources behind a cloud runbook's alarms, once each, with what fills the page's placeholders. */
function runbookResources(alarms: readonly DocumentedAlarm[]): RunbookResource[] {
  const byName = new Map<string, RunbookResource>();
  for (const alarm of alarms) {
    const name = alarm.resource ?? alarm.name;
    if (alarm.runbookFacts && !byName.has(name)) byName.set(name, { name, facts: alarm.runbookFacts });
  }
  return [...byName.values()];
}

/** Artifacts rendered without options, by spec. */
const withoutOptions = new WeakMap<EnvironmentSpec, Artifacts>();

function render(spec: EnvironmentSpec, options: ArtifactOptions): Artifacts {
  // Untimed rules are the plan's; a time-compressed drill renders its own.
  const plan = planEnvironment(spec, options.registries);
  const groups = options.timeScale === undefined ? plan.ruleGroups : catalogRuleGroups(new CatalogContext(spec, options));
  const rules = (engine: "prometheus" | "loki") =>
    renderRuleFiles(
      groups.filter((g) => g.engine === engine),
      spec.runbookBaseUrl,
    );
  const prometheusRules = rules("prometheus");
  const lokiRules = rules("loki");
  const routing = spec.kubernetes ? renderRouting(spec, options) : undefined;
  const alerts = groups.flatMap((g) => g.rules.filter((r): r is AlertDefinition => r.kind === "alert"));
  const alertmanagerTemplates = { [TEMPLATE_FILE]: NOTIFICATION_TEMPLATES };

  let rendered: RenderedDashboard[] | undefined;
  const dashboards = () => {
    rendered ??= renderDashboards(spec, exportDataSources(spec));
    return rendered;
  };
  // Files are rendered on first use: the stack deploys the structured forms and never needs the YAML text.
  let files: Record<string, string> | undefined;
  const renderFiles = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, file] of Object.entries(prometheusRules)) out[`prometheus/rules/${name}.yaml`] = toYaml(file);
    for (const [name, file] of Object.entries(lokiRules)) out[`loki/rules/${name}.yaml`] = toYaml(file);
    if (routing) {
      out["alertmanager/alertmanager.yml"] = toYaml(routing.config);
      for (const [name, text] of Object.entries(alertmanagerTemplates)) out[`alertmanager/templates/${name}`] = text;
    }
    // A service's pages go to its own PagerDuty service; the platform's to the platform's.
    const pagedFor = new Set(spec.services.map((s) => s.name));
    const heartbeat = spec.alerting.heartbeat;
    const routedTo = (severity: string, service: string | undefined, alertname: string) =>
      routing && alertname === WATCHDOG_ALERT
        ? heartbeat && "url" in heartbeat
          ? `${routing.heartbeatReceiver} (the heartbeat service, every ${heartbeat.interval.toPrometheus()}; it pages when the beats stop), before any severity route`
          : `nobody: the heartbeat is disabled${heartbeat ? ` (${heartbeat.reason})` : ""} and the Watchdog is dropped`
        : routing
          ? routing.receiversBySeverity[severity as keyof typeof routing.receiversBySeverity]
              .map((r) => (r === pagerdutyReceiver(PLATFORM_OWNER) && service && pagedFor.has(service) ? pagerdutyReceiver(service) : r))
              .join(", ") || "no channel"
          : "the environment's channels";
    for (const dashboard of dashboards()) out[`grafana/dashboards/${dashboard.slug}.json`] = dashboard.file;
    // One page per planned runbook: the plan names the pages, their services, owning teams and cloud pages' content.
    const cloudDoc = spec.cloud ? CLOUD_DOC_SECTIONS[spec.cloud.provider](spec, options.registries) : undefined;
    const links = { slugs: new Set(plan.runbooks.map((r) => r.slug)), base: spec.runbookBaseUrl };
    const groupOf = new Map(groups.flatMap((g) => g.rules.map((r) => [r, g.name] as const)));
    const tiersOf = new Map<string, AlertDefinition[]>();
    for (const alert of alerts) pushTo(tiersOf, alert.alert, alert);
    for (const runbook of plan.runbooks) {
      const owners = runbook.owners.map((o) => `${o.service}: team ${o.team}`).join("; ") || undefined;
      const escalationChain = runbookEscalation(spec, runbook.teams);
      if (runbook.source === "prometheus") {
        const tiers = tiersOf.get(runbook.slug) ?? [];
        const dashboardLinks = runbookDashboardLinks(
          spec,
          dashboards(),
          tiers.map((a) => ({ alert: a.alert, group: groupOf.get(a) ?? "", service: a.labels?.service })),
        );
        out[`runbooks/${runbook.slug}.md`] = renderRunbook(
          { ...runbookSubject(runbook.slug, tiers, routedTo), owners, escalationChain, dashboards: dashboardLinks },
          links,
        );
        continue;
      }
      const content = runbook.content;
      if (!spec.cloud || !cloudDoc || !content) continue;
      const wording = CLOUD_ALARM_WORDING[spec.cloud.provider];
      const alarms = plan.cloudAlarms.filter((a) => a.runbookSlug === runbook.slug).map(documentedAlarm);
      const severities = [...new Set(alarms.map((a) => a.severity))];
      out[`runbooks/${runbook.slug}.md`] = renderRunbook(
        {
          slug: runbook.slug,
          title: runbook.title,
          summary: `${wording.alarm} ${runbook.slug}`,
          content: fillRunbook(content, runbookResources(alarms)),
          conditions: [
            ...(alarms.length
              ? alarms.map((a) => `${a.name} (${a.severity}, ${a.service}): ${a.condition} ${a.threshold} for ${a.duration}`)
              : [`no ${wording.alarm} of this environment links here yet (its resources are not in the spec)`]),
            `Where to look: ${wording.console}; \`${cloudAlarmCommand(spec, alarms, runbook.slug)}\`.`,
          ],
          routedTo: severities.length
            ? severities.map((severity) => `${severity} → ${wording.delivery}: ${cloudDoc.routedTo(severity)}`).join("; ")
            : wording.delivery,
          owners,
          dashboards: cloudRunbookConsoleLinks(spec, cloudDoc, alarms),
          escalationChain,
        },
        links,
      );
    }
    return out;
  };
  return {
    prometheusRules,
    lokiRules,
    routing,
    alertmanagerTemplates,
    alerts,
    get dashboards() {
      return dashboards();
    },
    get files() {
      files ??= renderFiles();
      return files;
    },
  };
}
