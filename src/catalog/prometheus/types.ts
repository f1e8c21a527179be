import { tiers } from "../../plan/tiers";
import { Duration } from "../../spec/duration";
import type { EnvironmentSpec } from "../../spec/environment";
import type { Severity } from "../../spec/primitives";
import type { RunbookContent } from "../runbooks/types";
import type { ResolvedThreshold } from "../thresholds";

/** A Prometheus (or Loki ruler) alerting rule, as the catalog knows it. `runbook_url` is added when rendering. */
export interface AlertDefinition {
  readonly kind: "alert";
  /** CamelCase; warning and critical tiers share one name and differ by `severity`. */
  readonly alert: string;
  readonly expr: string;
  /** @default - fires on the first evaluation */
  readonly for?: Duration;
  readonly severity: Severity;
  /** Static one-liner (no templating), used as notification title. */
  readonly summary: string;
  /** Templated text that quotes the observed value (`{{ $value }}`) and the labels that identify the source. */
  readonly description: string;
  /** Extra labels (e.g. `service`, `team`). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  readonly runbook: RunbookContent;
  /** The resolved tier it compares with, for readers (diff): set by `tieredAlerts`. @default - none: a fixed condition */
  readonly threshold?: { readonly op: ">" | "<"; readonly value: number };
}

/** A recording rule, named `level:metric:operation`. */
export interface RecordingDefinition {
  readonly kind: "record";
  readonly record: string;
  readonly expr: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

export type RuleDefinition = AlertDefinition | RecordingDefinition;

export interface RuleGroupDefinition {
  /** File and group name, e.g. "hosts" or "service-checkout". */
  readonly name: string;
  /** Which engine evaluates the group. */
  readonly engine: "prometheus" | "loki";
  /** Evaluation interval. @default - the engine's global interval */
  readonly interval?: Duration;
  readonly rules: readonly RuleDefinition[];
}

/**
 * Evaluation intervals a compressed range spans at least. At 100x a 5-minute range lasts 3 s: on a loaded machine one
 * slipped scrape or rule evaluation would leave such a window empty (a `rate` with one sample, a `last_over_time`
 * with none), where the uncompressed range would hold dozens of samples.
 */
export const COMPRESSED_RANGE_FLOOR_INTERVALS = 3;

/** Options that change how rules are rendered without changing what they mean. */
export interface RuleRenderOptions {
  /**
   * Multiplies every range, `for:` and offset (time compression for end-to-end drills). Values below 1 make a
   * 5-minute window last 5 × factor minutes. @default 1
   */
  readonly timeScale?: number;
  /**
   * Scrape and rule evaluation interval of the Prometheus that evaluates compressed rules; compressed ranges span at
   * least `COMPRESSED_RANGE_FLOOR_INTERVALS` of it. Ignored without compression.
   * @default - 1 second, what `export --time-scale` assumes and the local stacks of drills and game days configure
   */
  readonly evaluationInterval?: Duration;
}

/** What every catalog builder receives. */
export class CatalogContext {
  constructor(
    readonly spec: EnvironmentSpec,
    readonly options: RuleRenderOptions = {},
  ) {}

  /** A duration after time compression, at least one second. */
  scaled(duration: Duration): Duration {
    const factor = this.options.timeScale ?? 1;
    return Duration.seconds(Math.max(1, Math.round(duration.toSeconds() * factor)));
  }

  /**
   * A range window after time compression. A compressed window spans at least `COMPRESSED_RANGE_FLOOR_INTERVALS`
   * intervals of the series it reads: `sampledEvery` (a recording rule group's own interval, compressed too) or the
   * server's evaluation interval, whichever is longer.
   */
  window(duration: Duration, sampledEvery?: Duration): Duration {
    const scaled = this.scaled(duration);
    if ((this.options.timeScale ?? 1) >= 1) return scaled;
    const evaluation = (this.options.evaluationInterval ?? Duration.seconds(1)).toSeconds();
    const interval = Math.max(evaluation, sampledEvery ? this.scaled(sampledEvery).toSeconds() : 0);
    return Duration.seconds(Math.max(scaled.toSeconds(), COMPRESSED_RANGE_FLOOR_INTERVALS * interval));
  }

  /** A PromQL/LogQL range (`[5m]`) after time compression, with the floor of `window`. */
  range(duration: Duration, sampledEvery?: Duration): string {
    return this.window(duration, sampledEvery).toPrometheus();
  }

  /** An `offset` after time compression (no floor: an offset selects a moment, not a number of samples). */
  offset(duration: Duration): string {
    return this.scaled(duration).toPrometheus();
  }
}

/** A catalog entry: builds zero or more rule groups for an environment. */
export type RuleGroupBuilder = (context: CatalogContext) => RuleGroupDefinition[];

/**
 * Warning and critical alerts for one resolved threshold, sharing one name. `build` gets the threshold value and the
 * PromQL comparison operator for the signal's direction.
 */
export function tieredAlerts(
  context: CatalogContext,
  threshold: ResolvedThreshold,
  build: (value: number, op: ">" | "<") => Omit<AlertDefinition, "kind" | "severity" | "for">,
): AlertDefinition[] {
  const op = threshold.definition.direction === "above" ? ">" : "<";
  return tiers(threshold).map(({ severity, value }) => ({
    kind: "alert" as const,
    severity,
    for: context.scaled(threshold.for),
    threshold: { op, value },
    ...build(value, op),
  }));
}

/** A PromQL label matcher list from a record, e.g. `{namespace="shop", job="checkout"}`. */
export function matchers(labels: Readonly<Record<string, string>>, extra: readonly string[] = []): string {
  const parts = [...Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`), ...extra];
  return `{${parts.join(", ")}}`;
}
