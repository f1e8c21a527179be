import { z } from "zod";
import { SIGNALS, type SignalName } from "../catalog/signals";
import { resolveTiers, type TierSubject, tiersOrdered } from "../plan/tiers";
import type { EnvironmentSpec } from "./environment";
import { durationSchema } from "./primitives";

/** Override of one signal's tiers; anything left out keeps the catalog default. */
export const thresholdOverrideSchema = z
  .strictObject({
    /** @default - the signal's catalog default (docs/reference/thresholds.md) */
    warning: z.number().finite().min(0, "expected a threshold of at least 0").optional(),
    /** @default - the signal's catalog default */
    critical: z.number().finite().min(0, "expected a threshold of at least 0").optional(),
    /** How long the condition must hold (at most one day: CloudWatch and Azure Monitor evaluate no longer window). @default - the signal's catalog default */
    for: durationSchema
      .refine((d) => d.toSeconds() <= 86_400, "expected at most 1d: CloudWatch and Azure Monitor evaluate at most one day")
      .optional(),
  })
  .refine((o) => o.warning !== undefined || o.critical !== undefined || o.for !== undefined, {
    message: "an override must set at least one of warning, critical or for",
  });

const overrideShape = Object.fromEntries(
  (Object.keys(SIGNALS) as SignalName[]).map((name) => [name, thresholdOverrideSchema.optional()]),
) as Record<SignalName, z.ZodOptional<typeof thresholdOverrideSchema>>;

/** Per-signal overrides, keyed by signal name; an unknown signal name is an error. */
export const thresholdOverridesSchema = z.strictObject(overrideShape).superRefine((overrides, ctx) => {
  for (const [name, override] of Object.entries(overrides)) {
    if (override && SIGNALS[name as SignalName].unit === "percent") {
      for (const tier of ["warning", "critical"] as const) {
        const value = override[tier];
        if (value !== undefined && value > 100) {
          ctx.addIssue({ code: "custom", path: [name, tier], message: `expected a percentage from 0 to 100, received ${value}` });
        }
      }
    }
    if (!override || override.warning === undefined || override.critical === undefined) continue;
    const { direction } = SIGNALS[name as SignalName];
    const ordered = direction === "above" ? override.warning < override.critical : override.warning > override.critical;
    if (!ordered) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `warning must be ${direction === "above" ? "below" : "above"} critical for '${name}' (it fires when the value goes ${direction} the threshold), received warning ${override.warning} and critical ${override.critical}`,
      });
    }
  }
});

/**
 * Tiers as every backend resolves them (resolveTiers: catalog, environment, SLO, service, resource) must keep warning
 * before critical. A layer that sets one tier past the other tier of a lower layer would lose its warning alarm on
 * every backend (tiers() drops it); it is an error naming that layer.
 */
export function checkResolvedTiers(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const report = (path: Array<string | number>, signal: SignalName, layers: string, subject: TierSubject) => {
    const resolved = resolveTiers(signal, env, subject);
    const { direction } = resolved.definition;
    if (tiersOrdered(resolved)) return;
    ctx.addIssue({
      code: "custom",
      path: [...path, signal],
      message: `resolves to warning ${resolved.warning} and critical ${resolved.critical} for '${signal}' (catalog defaults with ${layers} applied); warning must be ${direction === "above" ? "below" : "above"} critical, or the warning alarm is lost: set both tiers here`,
    });
  };
  const signals = (overrides: ThresholdOverrides) => Object.keys(overrides).filter((k) => overrides[k as SignalName]) as SignalName[];
  for (const signal of signals(env.thresholds)) report(["thresholds"], signal, "the environment's thresholds", {});
  env.services.forEach((service, i) => {
    for (const signal of signals(service.thresholds)) {
      report(["services", i, "thresholds"], signal, `the environment's and service ${service.name}'s thresholds`, {
        service: service.name,
      });
    }
  });
  if (!env.cloud) return;
  for (const [kind, list] of Object.entries(env.cloud.watch) as Array<
    [string, ReadonlyArray<TierSubject & { name: string; thresholds: ThresholdOverrides }>]
  >) {
    list.forEach((resource, i) => {
      for (const signal of signals(resource.thresholds)) {
        report(
          ["cloud", "watch", kind, i, "thresholds"],
          signal,
          `the environment's, service's and resource ${resource.name}'s thresholds`,
          resource,
        );
      }
    });
  }
}

export type ThresholdOverrides = z.output<typeof thresholdOverridesSchema>;
export type ThresholdOverride = z.output<typeof thresholdOverrideSchema>;
