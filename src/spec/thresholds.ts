import { z } from "zod";
import { SIGNALS, type SignalName } from "../catalog/signals";
import { durationSchema } from "./primitives";

/** Override of one signal's tiers; anything left out keeps the catalog default. */
export const thresholdOverrideSchema = z
  .strictObject({
    /** @default - the signal's catalog default (see README, "Threshold model") */
    warning: z.number().finite().optional(),
    /** @default - the signal's catalog default */
    critical: z.number().finite().optional(),
    /** How long the condition must hold. @default - the signal's catalog default */
    for: durationSchema.optional(),
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

export type ThresholdOverrides = z.output<typeof thresholdOverridesSchema>;
export type ThresholdOverride = z.output<typeof thresholdOverrideSchema>;
