import { z } from "zod";
import type { AnomalyIntent } from "./alarm-intents";
import { presetRunbookSlug } from "./common-presets";
import type { RunbookContent } from "./runbooks/types";

/**
 * What every cloud's registry entry of a watch kind says about the kind itself (src/catalog/cloudwatch/registry.ts,
 * src/catalog/gcp-monitoring/registry.ts, src/catalog/azure-monitor/registry.ts): its spec schema, how the spec
 * reference and the environment documentation describe it, and who owns a resource's alarms.
 */
export interface WatchKindBase<S extends z.ZodType = z.ZodType> {
  /** Spec schema of one resource (`cloud.watch.<kind>[]`), from src/spec/clouds/<cloud>-watch.ts. */
  readonly schema: S;
  /** What the list holds, for the spec reference ("DynamoDB tables, by name."). */
  readonly description: string;
  /** Plural label in the environment documentation ("DynamoDB tables"). */
  readonly label: string;
  /** What the documentation says is collected from these resources. @default - the cloud's metrics (each registry names them) */
  readonly collected?: string;
  /** How the documentation names one resource (its cloud name). */
  identify(resource: z.output<S>): string;
  /** Short service name in runbook slugs (`<cloud>-<service>-<preset>`); never rename. */
  readonly service: string;
  /** Who owns a resource's alarms: its `service` (that service's team), else the platform. */
  owner(resource: z.output<S>): string | undefined;
}

type WatchShape<T> = {
  [K in keyof T]: T[K] extends { readonly schema: infer S extends z.ZodType } ? z.ZodDefault<z.ZodArray<S>> : never;
};

/** `cloud.watch` of a registry: one list per kind, empty by default, described by the kind's `description`. */
export function watchSchemaOf<T extends Readonly<Record<string, Pick<WatchKindBase, "schema" | "description">>>>(registry: T) {
  const shape = Object.fromEntries(
    Object.entries(registry).map(([key, kind]) => [key, z.array(kind.schema).default([]).describe(`${kind.description} @default []`)]),
  );
  return z.strictObject(shape as WatchShape<T>);
}

/** The owner of a resource when its entry names no other rule: the `service` it belongs to. */
export const serviceOwner = (resource: unknown): string | undefined => (resource as { service?: string }).service;

/** The part of a preset (or anomaly preset) its runbook page is made of: the intent's text and the cloud's own steps. */
interface RunbookPreset {
  readonly id: string;
  readonly intent: AnomalyIntent;
  readonly diagnosis: readonly string[];
  /** Cloud-specific mitigation, after the intent's. @default [] */
  readonly mitigation?: readonly string[];
}

/** The part of a registry entry its runbook pages come from. */
interface RunbookKind {
  readonly service: string;
  readonly presets: readonly RunbookPreset[];
  /** @default [] */
  readonly anomalies?: readonly RunbookPreset[];
}

/**
 * Runbook content of every preset and anomaly preset of a registry's kinds, by slug (`<cloud>-<service>-<preset>`):
 * the intent's meaning, impact, mitigation and escalation, with the preset's diagnosis and mitigation.
 */
export function watchKindRunbooks(
  cloud: "aws" | "gcp" | "azure",
  registry: Readonly<Record<string, RunbookKind>>,
): Record<string, RunbookContent> {
  const runbooks: Record<string, RunbookContent> = {};
  for (const { service, presets, anomalies } of Object.values(registry)) {
    for (const p of [...presets, ...(anomalies ?? [])]) {
      runbooks[presetRunbookSlug(cloud, service, p.id)] = {
        meaning: p.intent.meaning,
        impact: p.intent.impact,
        diagnosis: p.diagnosis,
        mitigation: [...p.intent.mitigation, ...(p.mitigation ?? [])],
        escalation: p.intent.escalation,
      };
    }
  }
  return runbooks;
}
