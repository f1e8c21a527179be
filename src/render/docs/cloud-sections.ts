import type { RunbookFacts } from "../../catalog/runbooks/types";
import type { CloudProvider } from "../../spec/clouds";
import type { EnvironmentSpec } from "../../spec/environment";
import type { Severity } from "../../spec/primitives";
import { awsDocSection } from "./aws-section";
import { azureDocSection } from "./azure-section";
import { gcpDocSection } from "./gcp-section";

/** One cloud alarm in the documentation's alarm table. */
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

/** The documentation section of each cloud backend, by the spec's `cloud.provider`. */
export const CLOUD_DOC_SECTIONS: { readonly [P in CloudProvider]: (spec: EnvironmentSpec) => CloudDocSection } = {
  aws: awsDocSection,
  gcp: gcpDocSection,
  azure: azureDocSection,
};
