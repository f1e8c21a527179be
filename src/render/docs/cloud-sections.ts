import { isoMinutes } from "../../catalog/azure-monitor/windows";
import type { RunbookFacts } from "../../catalog/runbooks/types";
import type { CloudAlarm } from "../../plan/cloud-alarm";
import type { PlanOptions } from "../../plan/plan";
import type { CloudProvider } from "../../spec/clouds";
import type { EnvironmentSpec } from "../../spec/environment";
import type { Severity } from "../../spec/primitives";
import { awsDocSection } from "./aws-section";
import { azureDocSection } from "./azure-section";
import { gcpDocSection } from "./gcp-section";

/** One cloud alarm in the documentation's alarm table: a plan entry with its threshold and duration in words. */
export interface DocumentedAlarm {
  readonly name: string;
  readonly condition: string;
  readonly threshold: string;
  readonly duration: string;
  readonly severity: Severity;
  readonly runbookSlug: string;
  /** Owning service of the watched resource ("platform" when it has none). */
  readonly service: string;
  /** What fills the placeholders of its runbook for the watched resource. @default - nothing: the page keeps them */
  readonly runbookFacts?: RunbookFacts;
  /** Name of the watched resource in the spec. @default - the alarm's name */
  readonly resource?: string;
  /** A log search alert (Azure's scheduled query rule) rather than a metric alarm. @default false */
  readonly logSearch?: boolean;
}

/** What a cloud contributes to an environment's documentation. */
export interface CloudDocSection {
  readonly title: string;
  readonly tools: ReadonlyArray<readonly [string, string]>;
  readonly collected: ReadonlyArray<readonly [string, string]>;
  readonly alarms: readonly DocumentedAlarm[];
  readonly queries: ReadonlyArray<{ readonly title: string; readonly language: string; readonly query: string }>;
  readonly retention: ReadonlyArray<readonly [string, string]>;
  /** Which channels each severity's alarms reach through the cloud's notification service. */
  readonly routedTo: (severity: Severity) => string;
  /** The dashboards the stack creates in the cloud, each with the alarms it shows. @default - none */
  readonly dashboards?: ReadonlyArray<{ readonly name: string; readonly alarms: readonly string[] }>;
}

/**
 * The documentation section of each cloud backend, by the spec's `cloud.provider`, with the registries of watch kinds
 * given (a test's fixture), else the bundled ones.
 */
export const CLOUD_DOC_SECTIONS: { readonly [P in CloudProvider]: (spec: EnvironmentSpec, registries?: PlanOptions) => CloudDocSection } = {
  aws: (spec, registries) => awsDocSection(spec, registries?.awsRegistry),
  gcp: (spec, registries) => gcpDocSection(spec, registries?.gcpRegistry),
  azure: (spec, registries) => azureDocSection(spec, registries?.azureRegistry),
};

const ABOVE_BELOW = { above: ">", below: "<", atLeast: "≥" } as const;

/** The threshold column: the comparison as the cloud makes it. */
function thresholdWords(alarm: CloudAlarm): string {
  const c = alarm.comparison;
  const cloud = alarm.evaluation.cloud;
  switch (c.kind) {
    case "above":
    case "below":
    case "atLeast":
      return `${ABOVE_BELOW[c.kind]} ${c.value}`;
    case "band":
      if (cloud === "azure") return c.band === "both" ? "outside the dynamic band" : ">";
      return c.band === "both" ? "outside the anomaly band" : "above the anomaly band";
    case "query":
      return "PromQL";
    case "allOf":
      return "(an error alarm AND a latency alarm)";
  }
}

/** The duration column: how long the condition must hold, in the cloud's evaluation terms. */
function durationWords(alarm: CloudAlarm): string {
  const e = alarm.evaluation;
  switch (e.cloud) {
    case "aws":
      return `${e.datapointsToAlarm} of ${e.evaluationPeriods} × ${e.periodSeconds}s (${(e.datapointsToAlarm * e.periodSeconds) / 60} min)`;
    case "gcp":
      return `${e.durationSeconds}s`;
    case "azure":
      return e.rule === "log"
        ? `${e.failingPeriods} of ${e.failingPeriods} × ${isoMinutes(e.windowMinutes)}`
        : `window ${isoMinutes(e.windowMinutes)}`;
    case "composite":
      return "the periods of those alarms";
  }
}

/** A plan entry as a row of the alarm table (and a line of its runbook page). */
export function documentedAlarm(alarm: CloudAlarm): DocumentedAlarm {
  return {
    name: alarm.name,
    condition: alarm.condition,
    threshold: thresholdWords(alarm),
    duration: durationWords(alarm),
    severity: alarm.severity,
    runbookSlug: alarm.runbookSlug,
    service: alarm.service,
    runbookFacts: alarm.runbookFacts,
    resource: alarm.resource,
    ...(alarm.evaluation.cloud === "azure" && alarm.evaluation.rule === "log" ? { logSearch: true } : {}),
  };
}
