import type { AlarmIntent, AnomalyIntent } from "../alarm-intents";
import type { PresetShapeLike } from "../common-presets";

/** Aggregations Azure Monitor metric alerts take over their window. */
export type AzureAggregation = "Average" | "Minimum" | "Maximum" | "Total" | "Count";

/** One Azure Monitor platform metric, optionally filtered by dimensions. */
export interface AzureMetric {
  /** Resource provider namespace, e.g. "Microsoft.Compute/virtualMachines". */
  readonly namespace: string;
  readonly name: string;
  readonly dimensions?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Where an alert's value comes from:
 * - `gauge`: a level (CPU %, free bytes). Sustained-state semantics: the window's Minimum (alarm above) or Maximum
 *   (alarm below) must cross the threshold, i.e. every datapoint of the `for` window does.
 * - `count`: events per minute (5xx). The window's Total is compared with the per-minute threshold times the window.
 * - `logQuery`: a Log Analytics query (KQL) returning `AggregatedValue` (and `_ResourceId` when split by resource),
 *   evaluated every window; the alert needs every window of the `for` duration to cross (failing periods).
 */
export type AzureSource =
  | {
      readonly kind: "gauge";
      readonly metric: AzureMetric;
      /** For metrics that offer no Minimum/Maximum: compared as this aggregation over the window. @default - sustained (Minimum/Maximum) */
      readonly aggregation?: AzureAggregation;
    }
  | { readonly kind: "count"; readonly metric: AzureMetric }
  | { readonly kind: "logQuery"; readonly query: string; readonly aggregation: "Count" | "Maximum"; readonly resourceIdColumn?: string };

/** Where a metric alert is scoped: one resource, or every resource of a type in a resource group (multi-resource alert). */
export type AzureScope =
  | { readonly kind: "resource"; readonly resourceId: string }
  | { readonly kind: "resourceGroup"; readonly resourceGroupId: string; readonly targetResourceType: string };

/** An Azure Monitor alert preset: a common (or Azure-only) intent plus the Azure Monitor part. */
export interface AzurePreset<R> extends PresetShapeLike<R> {
  readonly id: string;
  readonly intent: AlarmIntent;
  readonly source: (resource: R) => AzureSource;
  /**
   * The metric measures the complement of the signal (available memory % for memory used %): the threshold becomes
   * 100 - value and the comparison flips. @default false
   */
  readonly complement?: boolean;
  readonly diagnosis: readonly string[];
  /** @default [] */
  readonly mitigation?: readonly string[];
}

/** A dynamic-threshold preset: Azure Monitor learns the metric's pattern and alerts when it leaves it. */
export interface AzureAnomalyPreset<R> {
  readonly id: string;
  readonly intent: AnomalyIntent;
  readonly metric: (resource: R) => AzureMetric;
  readonly aggregation: AzureAggregation;
  /** "both" for traffic (surge or drop), "upper" for latency. */
  readonly band: "both" | "upper";
  readonly diagnosis: readonly string[];
}

/** One Azure service of the catalog. */
export interface AzureServiceCatalog<R> {
  /** Short service name in runbook slugs (`azure-<service>-<preset>`). */
  readonly service: string;
  /** Where the service's metric alerts are scoped. @default - none: log search presets only */
  scope?(resource: R): AzureScope;
  readonly presets: readonly AzurePreset<R>[];
  readonly anomalies: readonly AzureAnomalyPreset<R>[];
}

/** Quotes a string for KQL ("…" with backslashes and quotes escaped). */
export function kqlString(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
