import { AZURE_WATCH_KINDS, type AzureWatchKindRegistry } from "../catalog/azure-monitor/registry";
import { CLOUD_RUNBOOKS } from "../catalog/cloud-runbooks";
import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../catalog/cloudwatch/registry";
import { GCP_WATCH_KINDS, type GcpWatchKindRegistry } from "../catalog/gcp-monitoring/registry";
import type { AlertDefinition, RuleGroupDefinition } from "../catalog/prometheus/types";
import { CatalogContext } from "../catalog/prometheus/types";
import { catalogRuleGroups } from "../catalog/rules";
import type { RunbookContent, RunbookFacts } from "../catalog/runbooks/types";
import { PLATFORM_OWNER } from "../model/owner";
import type { EnvironmentSpec } from "../spec/environment";
import { planAwsAlarms } from "./aws-alarms";
import { type PlannedCompositeRule, planAwsCompositeRules } from "./aws-composites";
import { type PlannedDashboard, planAwsDashboards } from "./aws-dashboards";
import { planAzureAlarms } from "./azure-alarms";
import type { CloudAlarm, PlanContext } from "./cloud-alarm";
import { type CloudLogsPlan, planCloudLogs } from "./cloud-logs";
import { planGcpAlarms } from "./gcp-alarms";
import { planServices, type ServicePlan, teamOf } from "./services";

/** One runbook page of the environment: its slug, where its alerts come from, and who owns them. */
export interface PlannedRunbook {
  readonly slug: string;
  readonly title: string;
  /** Prometheus or Loki rules in the cluster, or the cloud's native alarms. */
  readonly source: "prometheus" | "cloud";
  /** Owning services of the alerts that link the page (PLATFORM_OWNER for the platform's own), first seen first. */
  readonly services: readonly string[];
  /** The services' owning teams, where the spec names one (`checkout: team payments`). */
  readonly owners: ReadonlyArray<{ readonly service: string; readonly team: string }>;
  /** The owning teams, once each, for the escalation chains. */
  readonly teams: readonly string[];
  /**
   * A cloud page's content, from the registry of watch kinds the plan was made with (a Prometheus page's comes with
   * its alerts). @default - none: a Prometheus page
   */
  readonly content?: RunbookContent;
}

/**
 * What every backend and reader takes from an environment, resolved once: the services' tiers, the in-cluster alerts,
 * the cloud's alarms (cloud-neutral) and the runbook pages with their owners. Renderers translate it into provider
 * definitions; the docs, the runbooks and the game day read it; nothing is read back from rendered text.
 */
export interface MonitoringPlan {
  readonly env: string;
  readonly services: readonly ServicePlan[];
  /** The environment's Prometheus and Loki rule groups (untimed: durations as in the spec). */
  readonly ruleGroups: readonly RuleGroupDefinition[];
  /** Every alert of those groups. */
  readonly prometheusAlerts: readonly AlertDefinition[];
  /** The alarms of the environment's cloud, in deployment order; empty without a cloud. */
  readonly cloudAlarms: readonly CloudAlarm[];
  /**
   * The console dashboards the cloud backend creates, each with the alarms it shows: CloudWatch's when
   * `cloud.dashboard` asks for them, split by CloudWatch's limits (the renderer lays them out, the docs and runbooks
   * link them); empty elsewhere.
   */
  readonly cloudDashboards: readonly PlannedDashboard[];
  /**
   * The CloudWatch composite alarms of the services' composites (errors AND latency), each split into part
   * composites by CloudWatch's rule limits, parts first (the renderer adds actions, the plan summary lists them);
   * empty elsewhere.
   */
  readonly cloudComposites: readonly PlannedCompositeRule[];
  /** The cloud's log retention, log queries and uptime checks (the documentation's facts); empty without a cloud. */
  readonly cloudLogs: CloudLogsPlan;
  /**
   * Runbook pages: the Prometheus alerts' (one per alert name), then every runbook of the cloud's catalog: the kinds
   * of the registry in use (a fixture's too) and the cloud's own (audit, composite, uptime).
   */
  readonly runbooks: readonly PlannedRunbook[];
}

/** What a plan may be made with besides the spec (tests pass a fixture registry). */
export interface PlanOptions {
  /** The AWS watch kinds. @default AWS_WATCH_KINDS */
  readonly awsRegistry?: WatchKindRegistry;
  /** The Google Cloud watch kinds. @default GCP_WATCH_KINDS */
  readonly gcpRegistry?: GcpWatchKindRegistry;
  /** The Azure watch kinds. @default AZURE_WATCH_KINDS */
  readonly azureRegistry?: AzureWatchKindRegistry;
}

/** Plans of specs made with the bundled registries, by spec (specs are not changed after validation). */
const plans = new WeakMap<EnvironmentSpec, MonitoringPlan>();

/** The plan of an environment. The parts that render every rule are computed on first read, once. */
export function planEnvironment(spec: EnvironmentSpec, options: PlanOptions = {}): MonitoringPlan {
  // Only plans of the bundled registries are cached: a test's fixture registry gets a plan of its own.
  const bundled =
    (options.awsRegistry ?? AWS_WATCH_KINDS) === AWS_WATCH_KINDS &&
    (options.gcpRegistry ?? GCP_WATCH_KINDS) === GCP_WATCH_KINDS &&
    (options.azureRegistry ?? AZURE_WATCH_KINDS) === AZURE_WATCH_KINDS;
  const cached = bundled ? plans.get(spec) : undefined;
  if (cached) return cached;
  const made = makePlan(spec, options);
  if (bundled) plans.set(spec, made);
  return made;
}

function makePlan(spec: EnvironmentSpec, registries: PlanOptions): MonitoringPlan {
  const ctx: PlanContext = { env: spec.name, services: spec.services, thresholds: spec.thresholds, runbookBaseUrl: spec.runbookBaseUrl };
  let groups: RuleGroupDefinition[] | undefined;
  let alerts: AlertDefinition[] | undefined;
  let alarms: CloudAlarm[] | undefined;
  let runbooks: PlannedRunbook[] | undefined;
  let dashboards: PlannedDashboard[] | undefined;
  let composites: PlannedCompositeRule[] | undefined;
  let logs: CloudLogsPlan | undefined;
  const ruleGroups = () => {
    groups ??= catalogRuleGroups(new CatalogContext(spec));
    return groups;
  };
  const prometheusAlerts = () => {
    alerts ??= ruleGroups().flatMap((g) => g.rules.filter((r): r is AlertDefinition => r.kind === "alert"));
    return alerts;
  };
  const cloudAlarms = () => {
    alarms ??= planCloudAlarms(spec, ctx, registries).map((a) => {
      const owner = teamOf(spec, a.service === PLATFORM_OWNER ? undefined : a.service);
      return owner ? { ...a, owner } : a;
    });
    return alarms;
  };
  return {
    env: spec.name,
    services: planServices(spec),
    get ruleGroups() {
      return ruleGroups();
    },
    get prometheusAlerts() {
      return prometheusAlerts();
    },
    get cloudAlarms() {
      return cloudAlarms();
    },
    get cloudDashboards() {
      dashboards ??=
        spec.cloud?.provider === "aws"
          ? planAwsDashboards(spec.name, spec.cloud, cloudAlarms(), registries.awsRegistry ?? AWS_WATCH_KINDS)
          : [];
      return dashboards;
    },
    get cloudComposites() {
      composites ??=
        spec.cloud?.provider === "aws"
          ? planAwsCompositeRules(
              spec.name,
              cloudAlarms().filter((a) => a.origin === "composite"),
            )
          : [];
      return composites;
    },
    get cloudLogs() {
      logs ??= planCloudLogs(spec, cloudAlarms());
      return logs;
    },
    get runbooks() {
      runbooks ??= planRunbooks(spec, prometheusAlerts(), cloudAlarms(), cloudRunbooks(spec, registries));
      return runbooks;
    },
  };
}

function withFacts(alarms: readonly CloudAlarm[], facts: RunbookFacts): CloudAlarm[] {
  // The tiers of a preset share their resource's facts: merged once per facts object, not once per alarm.
  const merged = new Map<RunbookFacts | undefined, RunbookFacts>();
  return alarms.map((alarm) => {
    let all = merged.get(alarm.runbookFacts);
    if (all === undefined) {
      all = { ...facts, ...alarm.runbookFacts };
      merged.set(alarm.runbookFacts, all);
    }
    return { ...alarm, runbookFacts: all };
  });
}

function planCloudAlarms(spec: EnvironmentSpec, ctx: PlanContext, registries: PlanOptions): CloudAlarm[] {
  const cloud = spec.cloud;
  switch (cloud?.provider) {
    case undefined:
      return [];
    // Runbook commands name the environment's region: a responder's default region may be another.
    case "aws":
      return withFacts(planAwsAlarms(ctx, cloud, registries.awsRegistry ?? AWS_WATCH_KINDS), { region: cloud.region });
    case "gcp":
      return withFacts(planGcpAlarms(ctx, cloud, registries.gcpRegistry), { region: cloud.region });
    case "azure":
      return planAzureAlarms(ctx, cloud, registries.azureRegistry);
  }
}

/** Runbook content of the cloud's alarms, by slug, from the registries the plan is made with. */
function cloudRunbooks(spec: EnvironmentSpec, registries: PlanOptions): Readonly<Record<string, RunbookContent>> {
  switch (spec.cloud?.provider) {
    case undefined:
      return {};
    case "aws":
      return CLOUD_RUNBOOKS.aws(registries.awsRegistry);
    case "gcp":
      return CLOUD_RUNBOOKS.gcp(registries.gcpRegistry);
    case "azure":
      return CLOUD_RUNBOOKS.azure(registries.azureRegistry);
  }
}

function runbookOf(spec: EnvironmentSpec, slug: string, source: PlannedRunbook["source"], services: readonly string[]): PlannedRunbook {
  const unique = [...new Set(services)];
  const owners = unique.flatMap((service) => {
    const team = teamOf(spec, service === PLATFORM_OWNER ? undefined : service);
    return team ? [{ service, team }] : [];
  });
  return { slug, title: slug, source, services: unique, owners, teams: [...new Set(owners.map((o) => o.team))] };
}

/** One page per Prometheus alert name, then one per runbook of the cloud's catalog (with or without alarms here). */
function planRunbooks(
  spec: EnvironmentSpec,
  alerts: readonly AlertDefinition[],
  alarms: readonly CloudAlarm[],
  contents: Readonly<Record<string, RunbookContent>>,
): PlannedRunbook[] {
  const bySlug = new Map<string, string[]>();
  for (const alert of alerts) {
    // Appended in place: a copy per alert was quadratic in the alerts of one name (one per service).
    const services = bySlug.get(alert.alert);
    if (services) services.push(alert.labels?.service ?? PLATFORM_OWNER);
    else bySlug.set(alert.alert, [alert.labels?.service ?? PLATFORM_OWNER]);
  }
  return [
    ...[...bySlug].map(([slug, services]) => runbookOf(spec, slug, "prometheus", services)),
    ...Object.entries(contents).map(([slug, content]) => ({
      ...runbookOf(
        spec,
        slug,
        "cloud",
        alarms.filter((a) => a.runbookSlug === slug).map((a) => a.service),
      ),
      content,
    })),
  ];
}
