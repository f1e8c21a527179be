import { z } from "zod";

/** Byte multipliers of the unit suffixes each grammar allows. */
const DECIMAL = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15 } as const;
const KUBERNETES = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 } as const;

/** The largest block volume any of the clouds offers (64 TiB: EBS io2, GCE PD): a bigger size is a typo. */
const MAX_VOLUME_BYTES = 64 * 2 ** 40;

/**
 * A positive storage size in one grammar, within `max` bytes: "0GB", "-5Gi", "10XB" and "1000000Ti" are rejected with
 * what was expected. `units` gives the suffixes the receiving system parses (Prometheus' retention size, or a
 * Kubernetes quantity for a volume request).
 */
function sizeSchema(units: Readonly<Record<string, number>>, example: string, what: string, max: number, why: string) {
  const suffixes = Object.keys(units);
  const grammar = new RegExp(`^(\\d+)(${suffixes.join("|")})$`);
  return z.string().check((ctx) => {
    const match = grammar.exec(ctx.value);
    const fail = (message: string) => ctx.issues.push({ code: "custom", message, input: ctx.value });
    if (!match) {
      fail(
        `expected ${what} such as "${example}": a whole number and one of the units ${suffixes.join(", ")}, received ${JSON.stringify(ctx.value.slice(0, 40))}`,
      );
      return;
    }
    const bytes = Number(match[1]) * units[match[2]];
    if (bytes <= 0) fail(`expected ${what} greater than zero, received "${ctx.value}"`);
    else if (bytes > max) fail(`expected ${what} of at most ${Number((max / 2 ** 40).toFixed(1))} TiB (${why}), received "${ctx.value}"`);
  });
}

/** Prometheus `retention.size` (prometheus-operator ByteSize), e.g. "45GB"; its volume is sized 25 % larger (src/catalog/profiles.ts). */
export const prometheusSizeSchema = sizeSchema(
  DECIMAL,
  "45GB",
  "a size",
  MAX_VOLUME_BYTES / 1.25,
  "its volume, 25 % larger, must fit the largest single volume a cloud offers",
);

/** A PersistentVolumeClaim storage request in the Kubernetes quantity grammar, e.g. "10Gi". */
export const volumeSizeSchema = sizeSchema(
  KUBERNETES,
  "10Gi",
  "a volume size",
  MAX_VOLUME_BYTES,
  "the largest single volume a cloud offers",
);
